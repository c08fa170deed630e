"""Procedure guides (thu-tuc, SPEC §6): fields, who sees what in which state, review when
their legal basis expires, new versions, the print view, the listing and the search."""

from eiso.content.legal_document import create_legal_document
from eiso.content.procedure_guide import create_procedure_guide
from eiso.content.procedure_guide import IProcedureGuideSchema
from eiso.interfaces import IEisoLayer
from eiso.notifications import storage
from eiso.inbox import Inbox
from eiso.inbox import InboxParams
from eiso.procedures import review
from eiso.procedures import revision
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.workflows.specification import parse
from eiso.workflows.specification import specification_files
from plone import api
from plone.app.testing import login
from plone.namedfile.file import NamedBlobFile
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.interface import alsoProvides
from zope.interface import Invalid
from zope.intid.interfaces import IIntIds
from zExceptions import NotFound
from zope.schema.interfaces import ValidationError

import unittest


COMPONENTS = [
    {"document": "Đơn đăng ký hoạt động khoa học và công nghệ", "originals": 1, "copies": 0,
     "note": "Theo mẫu 01"},
    {"document": "Quyết định thành lập tổ chức", "originals": 0, "copies": 1,
     "note": "Bản sao chứng thực"},
]
STEPS = [
    {"step": "Tiếp nhận, kiểm tra hồ sơ", "responsible": "Bộ phận một cửa",
     "duration": "0,5 ngày", "output": "Phiếu tiếp nhận"},
    {"step": "Thẩm định hồ sơ", "responsible": "Phòng Quản lý Khoa học",
     "duration": "10 ngày", "output": "Tờ trình"},
]


def guide_fields(**changes):
    fields = {
        "code": "1.004486",
        "procedure_name": "Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
        "field": "Khoa học và Công nghệ",
        "department": "phong-cntt",
        "processing_days": 15,
        "fee": 500000,
        "dossier_components": COMPONENTS,
        "steps": STEPS,
    }
    fields.update(changes)
    return fields


def relation(item):
    return RelationValue(getUtility(IIntIds).getId(item))


def move(item, *steps):
    for user_id, transition in steps:
        login(api.portal.get(), user_id)
        api.content.transition(obj=item, transition=transition)


APPLY = (("a-secretary", "submit"), ("a-leader", "approve"), ("a-leader", "apply"))


class ProcedureTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IEisoLayer)
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["thu-tuc"]
        self.agency["to-chuc"]["phong-cntt"].head = "a-head"
        login(self.portal, "a-legal")
        self.law = create_legal_document(
            self.agency["van-ban"], number="29/2013/QH13", legal_kind="Luật", issuer="Quốc hội",
            summary="Luật Khoa học và công nghệ")
        self.decree = create_legal_document(
            self.agency["van-ban"], number="08/2014/NĐ-CP", legal_kind="Nghị định",
            issuer="Chính phủ", summary="Quy định chi tiết Luật Khoa học và công nghệ")

    def create(self, **changes):
        login(self.portal, "a-secretary")
        fields = guide_fields(**changes)
        fields.setdefault("legal_basis", [relation(self.law), relation(self.decree)])
        return create_procedure_guide(self.section, **fields)


class TestAdding(ProcedureTestCase):
    def test_secretary_adds_a_guide_with_its_tables(self):
        guide = self.create()
        self.assertTrue(IProcedureGuideSchema.providedBy(guide))
        self.assertEqual(guide.Title(), "Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ")
        self.assertEqual(guide.getId(), "cap-giay-chung-nhan-dang-ky-hoat-dong-khoa-hoc-va-cong-nghe")
        self.assertEqual(api.content.get_state(guide), "draft")
        self.assertEqual(guide.version, 1)
        self.assertEqual(guide.steps[1]["responsible"], "Phòng Quản lý Khoa học")
        self.assertEqual([t.to_object for t in guide.legal_basis], [self.law, self.decree])

    def test_only_in_thu_tuc(self):
        login(self.portal, "a-secretary")
        with self.assertRaises(Exception):
            create_procedure_guide(self.agency["boi-canh"], **guide_fields())

    def test_who_may_add(self):
        for user_id, allowed in (("a-secretary", True), ("a-leader", True), ("a-staff", False),
                                 ("a-head", False), ("b-admin", False), ("b-leader", False)):
            login(self.portal, user_id)
            self.assertEqual(
                api.user.has_permission("eiso: Add ProcedureGuide", obj=self.section), allowed,
                user_id)

    def test_on_the_approval_workflow(self):
        guide = self.create()
        chain = api.portal.get_tool("portal_workflow").getChainFor(guide)
        self.assertEqual(chain, ("eiso_approval_workflow",))


class TestBadInput(ProcedureTestCase):
    def errors(self, **changes):
        data = guide_fields(**changes)
        schema = IProcedureGuideSchema
        errors = []
        for name, value in data.items():
            field = schema[name].bind(self.section)
            try:
                field.validate(value)
            except ValidationError as error:
                errors.append((name, error))
        return errors

    def message(self, error):
        from zope.i18n import translate

        return translate(error.doc(), target_language="vi")

    def test_processing_days_must_be_positive(self):
        for days in (0, -3):
            errors = self.errors(processing_days=days)
            self.assertEqual([name for name, e in errors], ["processing_days"])
            self.assertEqual(self.message(errors[0][1]),
                             "Thời hạn giải quyết phải ít nhất là một ngày làm việc.")

    def test_fees_cannot_be_negative(self):
        errors = self.errors(fee=-1000, charge=-1)
        self.assertEqual(sorted(name for name, e in errors), ["charge", "fee"])
        self.assertEqual(self.message(errors[0][1]), "Phí, lệ phí không được là số âm.")

    def test_name_is_required(self):
        errors = self.errors(procedure_name=None)
        self.assertEqual([name for name, e in errors], ["procedure_name"])

        class Data:
            procedure_name = "   "

        with self.assertRaises(Invalid) as raised:
            IProcedureGuideSchema.getTaggedValue("invariants")[0](Data())
        from zope.i18n import translate

        self.assertEqual(translate(raised.exception.args[0], target_language="vi"),
                         "Nhập tên thủ tục hành chính.")

    def test_forms_must_be_pdf_or_word(self):
        field = IProcedureGuideSchema["forms"]
        good = NamedBlobFile(b"%PDF-1.4", filename="mau-don.pdf")
        bad = NamedBlobFile(b"MZ", filename="mau-don.exe")
        field.validate([good])
        with self.assertRaises(ValidationError) as raised:
            field.validate([good, bad])
        from zope.i18n import translate

        (error,) = raised.exception.errors
        self.assertEqual(
            translate(error.doc(), target_language="vi"),
            "Không chấp nhận tệp “mau-don.exe”: hãy đính kèm tệp PDF hoặc Word (.pdf, .docx, .doc).")

    def test_negative_copies_are_refused(self):
        rows = [dict(COMPONENTS[0], copies=-1)]
        field = IProcedureGuideSchema["dossier_components"]
        with self.assertRaises(ValidationError):
            field.validate(rows)


def visibility_matrix():
    """{state: {role: may view}} of eiso_approval_workflow's specification."""
    path = dict(specification_files())["eiso_approval_workflow"]
    spec = parse(path.read_text(encoding="utf-8"))
    return {state: permissions["View"] for state, permissions in spec.items()}


# Users holding only the role of the column (no Owner or CaseHandler on the guides here).
MATRIX_USERS = {"Staff": "a-staff", "Leader": "a-leader"}
PATHS = {
    "draft": (),
    "pending": (("a-admin", "submit"),),
    "approved": (("a-admin", "submit"), ("a-admin", "approve")),
    "rejected": (("a-admin", "submit"), ("a-admin", "reject")),
    "applied": (("a-admin", "submit"), ("a-admin", "approve"), ("a-admin", "apply")),
    "superseded": (("a-admin", "submit"), ("a-admin", "approve"), ("a-admin", "apply"),
                   ("a-admin", "supersede")),
}


class TestVisibility(ProcedureTestCase):
    """Who sees a guide in each state, read from the workflow's specification."""

    def test_matrix(self):
        matrix = visibility_matrix()
        self.assertEqual(set(matrix), set(PATHS))
        for state, steps in PATHS.items():
            login(self.portal, "a-admin")
            guide = create_procedure_guide(self.section, **guide_fields(code=f"1.00{len(steps)}"))
            move(guide, *steps)
            self.assertEqual(api.content.get_state(guide), state)
            for role, user_id in MATRIX_USERS.items():
                login(self.portal, user_id)
                self.assertEqual(api.user.has_permission("View", obj=guide), matrix[state][role],
                                 f"{user_id} in {state}")
            for user_id in ("b-admin", "b-leader", "b-staff"):
                login(self.portal, user_id)
                self.assertFalse(api.user.has_permission("View", obj=guide), f"{user_id} {state}")

    def test_agency_b_finds_nothing(self):
        guide = self.create()
        move(guide, *APPLY)
        login(self.portal, "b-admin")
        self.assertEqual(len(api.content.find(portal_type="ProcedureGuide")), 0)
        self.assertEqual(len(api.content.find(SearchableText="khoa học")), 0)
        login(self.portal, "a-staff")
        self.assertEqual(len(api.content.find(portal_type="ProcedureGuide")), 1)


class TestReview(ProcedureTestCase):
    """A legal text expires: the guides based on it wait for review in the inbox."""

    def inbox(self, user_id, tab="waiting"):
        login(self.portal, user_id)
        box = Inbox(self.agency, user_id, self.request)
        return [row for row in map(box.row, box.results(InboxParams(tab=tab)))]

    def test_expiry_flags_the_applied_guide_and_approval_clears_it(self):
        guide = self.create()
        other = self.create(code="1.002192", procedure_name="Đăng ký kết quả nhiệm vụ",
                            legal_basis=[relation(self.law)])
        move(guide, *APPLY)
        move(other, *APPLY)
        self.assertFalse(review.needs_review(guide))
        self.assertEqual(self.inbox("a-head"), [])

        # A new decree replaces the old one.
        login(self.portal, "a-legal")
        newer = create_legal_document(
            self.agency["van-ban"], number="76/2018/NĐ-CP", legal_kind="Nghị định",
            issuer="Chính phủ", replaces=[relation(self.decree)])
        self.assertEqual(api.content.get_state(self.decree), "expired")
        self.assertEqual(newer.number, "76/2018/NĐ-CP")

        self.assertTrue(review.needs_review(guide))
        self.assertFalse(review.needs_review(other))  # not based on the decree
        self.assertEqual(review.review_reasons(guide), [self.decree])
        catalog = api.portal.get_tool("portal_catalog")
        self.assertEqual([b.getObject() for b in catalog(needs_review=True)], [guide])

        # The head of the department and the secretary find it in their inbox.
        for user_id in ("a-head", "a-secretary"):
            rows = self.inbox(user_id)
            self.assertEqual([row["url"] for row in rows], [guide.absolute_url()], user_id)
            self.assertIn("Rà soát", rows[0]["step_title"])
            self.assertEqual(rows[0]["status"], "on_time")
            titles = [entry["title"] for entry in storage.entries(user_id)]
            self.assertTrue(any("cần rà soát" in title for title in titles), titles)
        self.assertEqual(self.inbox("a-staff"), [])

        # Expiring again (partly, then fully) does not flag twice.
        self.assertEqual(len(guide.needs_review), 1)

        # The secretary drafts version 2; the leader approves and applies it.
        login(self.portal, "a-secretary")
        self.assertTrue(revision.may_revise(guide))
        new = revision.start_revision(guide)
        self.assertEqual(new.version, 2)
        self.assertEqual(new.code, guide.code)
        self.assertEqual(api.content.get_state(new), "draft")
        self.assertFalse(review.needs_review(new))
        self.assertEqual(self.inbox("a-head"), [])  # the review step ended
        self.assertEqual([r["url"] for r in self.inbox("a-secretary")], [new.absolute_url()])
        with self.assertRaises(revision.RevisionError):
            revision.start_revision(guide)
        new.legal_basis = [relation(self.law), relation(newer)]
        move(new, *APPLY)
        self.assertEqual(api.content.get_state(new), "applied")
        self.assertEqual(api.content.get_state(guide), "superseded")
        self.assertEqual(api.content.get_state(other), "applied")  # another procedure
        self.assertFalse(review.needs_review(guide))
        self.assertEqual(len(catalog(needs_review=True)), 0)

        # Both versions are in the repository: approved and applied.
        repository = api.portal.get_tool("portal_repository")
        login(self.portal, "a-leader")
        history = repository.getHistoryMetadata(new)
        self.assertEqual(history.getLength(countPurged=False), 2)
        comments = [history.retrieve(i)["metadata"]["sys_metadata"]["comment"] for i in range(2)]
        self.assertEqual(comments, ["Phiên bản 2: Duyệt", "Phiên bản 2: Áp dụng"])

    def test_draft_guide_is_flagged_and_approval_clears_it(self):
        guide = self.create()
        move(guide, ("a-secretary", "submit"))
        login(self.portal, "a-legal")
        api.content.transition(obj=self.law, transition="partly_expire")
        self.assertTrue(review.needs_review(guide))
        # It waits for the leader as before; its handlers did not change.
        self.assertEqual(guide.responsible_users, ["a-leader"])
        move(guide, ("a-leader", "approve"))
        self.assertFalse(review.needs_review(guide))

    def test_guide_flagged_after_approval_waits_for_review_once_applied(self):
        guide = self.create()
        move(guide, ("a-secretary", "submit"), ("a-leader", "approve"))
        login(self.portal, "a-legal")
        api.content.transition(obj=self.decree, transition="partly_expire")
        self.assertEqual(self.inbox("a-head"), [])  # it waits for the secretary to apply it
        move(guide, ("a-leader", "apply"))
        self.assertTrue(review.needs_review(guide))
        self.assertEqual([r["url"] for r in self.inbox("a-head")], [guide.absolute_url()])

    def test_reviewer_confirms_the_guide_holds(self):
        guide = self.create()
        move(guide, *APPLY)
        login(self.portal, "a-legal")
        api.content.transition(obj=self.law, transition="expire")
        self.assertEqual(len(self.inbox("a-head")), 1)
        login(self.portal, "a-head")
        self.assertTrue(api.user.has_permission("eiso: Review procedure guide", obj=guide))
        review.confirm_review(guide, "Luật mới không thay đổi thủ tục này")
        self.assertFalse(review.needs_review(guide))
        self.assertEqual(self.inbox("a-head"), [])
        self.assertEqual([r["url"] for r in self.inbox("a-head", "done")], [guide.absolute_url()])
        login(self.portal, "a-staff")
        self.assertFalse(api.user.has_permission("eiso: Review procedure guide", obj=guide))

    def test_superseded_guides_are_not_flagged(self):
        guide = self.create()
        move(guide, *APPLY, ("a-leader", "supersede"))
        login(self.portal, "a-legal")
        api.content.transition(obj=self.law, transition="expire")
        self.assertFalse(review.needs_review(guide))


class TestViews(ProcedureTestCase):
    def test_print_view(self):
        login(self.portal, "a-legal")
        api.content.transition(obj=self.decree, transition="partly_expire")
        guide = self.create(forms=[NamedBlobFile(b"%PDF-1.4", filename="Mau-01.pdf")],
                            charge=2000000)
        move(guide, *APPLY)
        login(self.portal, "a-staff")
        html = api.content.get_view("print", guide, self.request)()
        for text in ("Sở Thông tin và Truyền thông", "1.004486",
                     "Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
                     "Khoa học và Công nghệ", "15 ngày làm việc", "2.000.000 đồng",
                     "500.000 đồng", "Phòng Công nghệ thông tin",
                     "Quyết định thành lập tổ chức", "Bản sao chứng thực",
                     "Thẩm định hồ sơ", "Phòng Quản lý Khoa học", "10 ngày", "Tờ trình",
                     "29/2013/QH13", "08/2014/NĐ-CP", "Hết hiệu lực một phần", "Còn hiệu lực",
                     "Mau-01.pdf", "@media print", "window.print()"):
            self.assertIn(text, html)
        self.assertNotIn("portal-footer", html)  # no portal around it

    def test_form_download(self):
        guide = self.create(forms=[NamedBlobFile(b"%PDF-1.4 form", filename="Mau-01.pdf")])
        view = api.content.get_view("procedure-form", guide, self.request)
        view.publishTraverse(self.request, "3")
        with self.assertRaises(NotFound):
            view()

    def test_listing_columns_filters_and_flag(self):
        first = self.create()
        second = self.create(code="1.005140", procedure_name="Đăng ký hợp đồng chuyển giao công nghệ",
                             field="Công thương", department="van-phong", processing_days=5,
                             legal_basis=[relation(self.law)])
        move(first, *APPLY)
        login(self.portal, "a-legal")
        api.content.transition(obj=self.decree, transition="expire")
        login(self.portal, "a-secretary")

        def rows(**form):
            self.request.form.clear()
            self.request.form.update(form)
            view = api.content.get_view("section-listing-thu-tuc", self.section, self.request)
            view.params = view._params()
            return view.rows(view.batch())

        all_rows = rows()
        self.assertEqual([r["code"] for r in all_rows], ["1.004486", "1.005140"])
        self.assertEqual(all_rows[0]["field"], "Khoa học và Công nghệ")
        self.assertEqual(all_rows[0]["days"], 15)
        self.assertEqual(all_rows[0]["state"], "Đang áp dụng")
        self.assertEqual([r["needs_review"] for r in all_rows], [True, False])
        self.assertEqual([r["code"] for r in rows(field="Công thương")], ["1.005140"])
        self.assertEqual([r["code"] for r in rows(department="phong-cntt")], ["1.004486"])
        self.assertEqual([r["code"] for r in rows(review_state="draft")], ["1.005140"])
        self.assertEqual([r["code"] for r in rows(needs_review="1")], ["1.004486"])
        del second
        # The page itself, and the section shows it.
        self.request.form.clear()
        html = self.section.restrictedTraverse("@@section-listing")()
        self.assertIn("eiso-procedure-table", html)
        self.assertIn("Cần rà soát", html)


class TestSearch(ProcedureTestCase):
    def test_found_with_and_without_diacritics(self):
        guide = self.create()
        move(guide, *APPLY)
        login(self.portal, "a-staff")
        for words in ("hoạt động khoa học", "hoat dong khoa hoc", "1.004486",
                      "Phòng Quản lý Khoa học", "phong quan ly khoa hoc",
                      "Bản sao chứng thực", "ban sao chung thuc", "Khoa học và Công nghệ"):
            found = [b.getObject() for b in api.content.find(
                SearchableText=words, portal_type="ProcedureGuide")]
            self.assertEqual(found, [guide], words)
        self.assertEqual(len(api.content.find(SearchableText="bức xạ",
                                              portal_type="ProcedureGuide")), 0)
