"""``@@procedure-diff``: what changed between two versions of a procedure guide, field by
field, row by row; who may compare; the shared row comparison (eiso.browser.diff)."""

from eiso.browser.diff import row_changes
from eiso.content.legal_document import create_legal_document
from eiso.procedures import revision
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from plone import api
from plone.app.testing import login
from plone.namedfile.file import NamedBlobFile
from eiso.content.quality_objectives import upgrade_version
from tests.test_objectives import apply
from tests.test_objectives import as_manager
from tests.test_objectives import objectives
from tests.test_objectives import ROWS
from tests.test_procedures import APPLY
from tests.test_procedures import COMPONENTS
from tests.test_procedures import move
from tests.test_procedures import ProcedureTestCase
from tests.test_procedures import relation
from tests.test_procedures import STEPS

import transaction
import unittest


def pdf(name, data=b"%PDF-1.4 mau"):
    return NamedBlobFile(data, filename=name, contentType="application/pdf")


class TestRowChanges(unittest.TestCase):
    """The rows of two versions of a table, paired by their key column."""

    def changes(self, before, after, pair_renamed=False):
        rows = row_changes(before, after, "name", ("value",), pair_renamed=pair_renamed)
        return [(row["name"], row["status"]) for row in rows]

    def test_added_removed_changed_unchanged(self):
        before = [{"name": "A", "value": 1}, {"name": "B", "value": 2}, {"name": "C", "value": 3}]
        after = [{"name": "A", "value": 1}, {"name": "C", "value": 4}, {"name": "D", "value": 5}]
        self.assertEqual(self.changes(before, after),
                         [("A", "unchanged"), ("B", "removed"), ("C", "changed"), ("D", "added")])
        changed = row_changes(before, after, "name", ("value",))[2]
        self.assertEqual(changed["cells"], [{"old": 3, "new": 4, "changed": True}])
        self.assertFalse(changed["renamed"])

    def test_a_moved_row_is_no_change(self):
        before = [{"name": "A", "value": 1}, {"name": "B", "value": 2}]
        after = [{"name": "B", "value": 2}, {"name": "A", "value": 1}]
        self.assertEqual(self.changes(before, after, pair_renamed=True),
                         [("B", "unchanged"), ("A", "unchanged")])

    def test_rows_of_the_same_name_pair_in_order(self):
        before = [{"name": "Bản sao", "value": 1}, {"name": "Bản sao", "value": 2}]
        after = [{"name": "Bản sao", "value": 1}]
        self.assertEqual(self.changes(before, after), [("Bản sao", "unchanged"),
                                                       ("Bản sao", "removed")])

    def test_a_reworded_row_in_place_is_a_changed_row(self):
        before = [{"name": "A", "value": 1}, {"name": "Tiếp nhận", "value": 2},
                  {"name": "C", "value": 3}]
        after = [{"name": "A", "value": 1}, {"name": "Tiếp nhận, kiểm tra", "value": 2},
                 {"name": "C", "value": 3}]
        rows = row_changes(before, after, "name", ("value",), pair_renamed=True)
        self.assertEqual([row["status"] for row in rows], ["unchanged", "changed", "unchanged"])
        self.assertEqual((rows[1]["old_name"], rows[1]["name"], rows[1]["renamed"]),
                         ("Tiếp nhận", "Tiếp nhận, kiểm tra", True))
        self.assertEqual(rows[1]["cells"], [{"old": 2, "new": 2, "changed": False}])
        # Without pairing (the objectives), it is a removal and an addition.
        self.assertEqual(self.changes(before, after), [
            ("A", "unchanged"), ("Tiếp nhận", "removed"), ("Tiếp nhận, kiểm tra", "added"),
            ("C", "unchanged")])
        # Unequal gaps are not guessed at: one removed, two added.
        after.insert(2, {"name": "Thẩm định", "value": 9})
        self.assertEqual([status for _name, status in self.changes(before, after, True)],
                         ["unchanged", "removed", "added", "added", "unchanged"])

    def test_a_removed_first_row_comes_first(self):
        before = [{"name": "A", "value": 1}, {"name": "B", "value": 2}]
        after = [{"name": "B", "value": 2}]
        self.assertEqual(self.changes(before, after, True), [("A", "removed"),
                                                             ("B", "unchanged")])


class RevisedGuide(ProcedureTestCase):
    """Version 1 applied, version 2 drafted with the existing start_revision and edited."""

    def revise(self):
        guide = self.create(forms=[pdf("Mau-01.pdf"), pdf("Mau-02.pdf")])
        move(guide, *APPLY)
        login(self.portal, "a-legal")
        self.newer = create_legal_document(
            self.agency["van-ban"], number="76/2018/NĐ-CP", legal_kind="Nghị định",
            issuer="Chính phủ", summary="Quy định chi tiết Luật Khoa học và công nghệ (mới)")
        login(self.portal, "a-secretary")
        new = revision.start_revision(guide)
        new.procedure_name = "Cấp Giấy chứng nhận hoạt động khoa học và công nghệ"
        new.processing_days = 10
        new.fee = None
        new.charge = 200000
        new.dossier_components = [
            dict(COMPONENTS[1], copies=2),
            {"document": "Bản thuyết minh", "originals": 1, "copies": 0, "note": ""},
        ]
        new.steps = [dict(STEPS[0], step="Tiếp nhận hồ sơ"), STEPS[1],
                     {"step": "Trả kết quả", "responsible": "Bộ phận một cửa",
                      "duration": "0,5 ngày", "output": "Giấy chứng nhận"}]
        new.legal_basis = [relation(self.law), relation(self.newer)]
        new.forms = [pdf("Mau-01.pdf", b"%PDF-1.4 mau moi"), pdf("Mau-03.pdf")]
        new.reindexObject()
        return guide, new


class TestDiff(RevisedGuide):

    def diff(self, item, **form):
        self.request.form.clear()
        self.request.form.update(form)
        view = api.content.get_view("procedure-diff", item, self.request)
        view()  # renders the page
        return view

    def test_field_by_field_and_row_by_row(self):
        guide, new = self.revise()
        login(self.portal, "a-leader")
        view = self.diff(new)
        self.assertEqual(view.other, guide)
        self.assertEqual(view.pair(), (guide, new))
        self.assertEqual(view.labels()["old"], "Phiên bản 1 (Đang áp dụng)")
        self.assertEqual(view.labels()["new"], "Phiên bản 2 (Dự thảo)")
        changed = {row["label"]: (row["old"], row["new"]) for row in view.changed_details()}
        self.assertEqual(changed, {
            "Name of the procedure": ("Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
                                      "Cấp Giấy chứng nhận hoạt động khoa học và công nghệ"),
            "Processing time": ("15 ngày làm việc", "10 ngày làm việc"),
            "Charge": ("", "200.000 đồng"),
            "Fee": ("500.000 đồng", ""),
        })
        unchanged = [row["label"] for row in view.details() if not row["changed"]]
        self.assertEqual(unchanged, ["Procedure code", "Field", "Department", "About the fees"])

        components = [(row["name"], row["status"]) for row in view.components()]
        self.assertEqual(components, [(COMPONENTS[0]["document"], "removed"),
                                      (COMPONENTS[1]["document"], "changed"),
                                      ("Bản thuyết minh", "added")])
        cells = view.components()[1]["cells"]
        self.assertEqual([cell["changed"] for cell in cells], [False, True, False])
        self.assertEqual((cells[1]["old"], cells[1]["new"]), (1, 2))

        steps = view.steps()
        self.assertEqual([row["status"] for row in steps], ["changed", "unchanged", "added"])
        self.assertEqual((steps[0]["old_name"], steps[0]["name"]),
                         ("Tiếp nhận, kiểm tra hồ sơ", "Tiếp nhận hồ sơ"))

        legal = view.legal_basis()
        self.assertEqual([text["number"] for text in legal["added"]], ["76/2018/NĐ-CP"])
        self.assertEqual([text["number"] for text in legal["removed"]], ["08/2014/NĐ-CP"])
        self.assertEqual(view.forms(), {"added": ["Mau-03.pdf"], "removed": ["Mau-02.pdf"],
                                        "replaced": ["Mau-01.pdf"]})
        self.assertTrue(view.has_changes())

    def test_from_the_older_version_and_the_choice(self):
        guide, new = self.revise()
        login(self.portal, "a-secretary")
        view = self.diff(guide)
        self.assertIsNone(view.other)  # nothing older than version 1
        self.assertIsNone(view.pair())
        self.assertEqual([choice["uid"] for choice in view.choices()], [new.UID()])
        # Asked for version 2 from version 1: still the older one before.
        view = self.diff(guide, other=new.UID())
        self.assertEqual(view.pair(), (guide, new))
        self.assertEqual([row["status"] for row in view.steps()],
                         ["changed", "unchanged", "added"])
        # Something else than a version of this guide is not compared.
        other = self.create(code="1.002192", procedure_name="Đăng ký kết quả nhiệm vụ")
        for uid in (other.UID(), self.law.UID(), "khong-co"):
            view = self.diff(new, other=uid)
            self.assertTrue(view.missing, uid)
            self.assertIsNone(view.pair(), uid)

    def test_same_content_says_so(self):
        guide = self.create()
        move(guide, *APPLY)
        login(self.portal, "a-secretary")
        new = revision.start_revision(guide)
        view = self.diff(new)
        self.assertEqual(view.pair(), (guide, new))
        self.assertFalse(view.has_changes())
        self.assertTrue(all(row["status"] == "unchanged"
                            for row in view.components() + view.steps()))

    def test_only_versions_the_user_may_see(self):
        guide, new = self.revise()
        login(self.portal, "a-staff")  # sees the guide in force, not the draft
        self.assertFalse(api.user.has_permission("View", obj=new))
        view = self.diff(guide, other=new.UID())
        self.assertTrue(view.missing)
        self.assertIsNone(view.pair())
        self.assertEqual(view.choices(), [])
        self.assertEqual(api.content.get_view("view", guide, self.request).versions(), [])

    def test_version_list_links_to_the_diff(self):
        guide, new = self.revise()
        login(self.portal, "a-secretary")
        rows = api.content.get_view("view", new, self.request).versions()
        self.assertEqual([(row["version"], row["diff_url"]) for row in rows],
                         [(2, new.absolute_url() + "/@@procedure-diff"), (1, None)])


class TestDiffPages(RevisedGuide):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        super().setUp()
        self.app = self.layer["app"]
        self.guide, self.new = self.revise()
        transaction.commit()

    def test_secretary_follows_the_link_and_reads_the_changes(self):
        page = browser(self.app, "a-secretary")
        page.open(self.new.absolute_url())
        page.getLink("So sánh với phiên bản trước").click()
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertEqual(page.url, self.new.absolute_url() + "/@@procedure-diff")
        for text in ("So sánh phiên bản", "Phiên bản 1 (Đang áp dụng)", "Phiên bản 2 (Dự thảo)",
                     "Thông tin chung", "Tên thủ tục hành chính", "15 ngày làm việc",
                     "10 ngày làm việc", "500.000 đồng", "200.000 đồng", "Thành phần hồ sơ",
                     "Trình tự thực hiện", "Tên giấy tờ", "Bản chính", "Bản thuyết minh",
                     "Thêm mới", "Bỏ đi", "Sửa đổi", "Không đổi", "76/2018/NĐ-CP",
                     "08/2014/NĐ-CP", "Mau-03.pdf", "Mau-02.pdf", "Thay nội dung mới"):
            self.assertIn(text, page.contents)
        steps = page.contents.split('id="eiso-procedure-diff-steps"')[1].split("</table>")[0]
        self.assertIn('data-status="changed"', steps)
        self.assertIn('class="text-decoration-line-through">Tiếp nhận, kiểm tra hồ sơ', steps)
        components = page.contents.split('id="eiso-procedure-diff-components"')[1]
        components = components.split("</table>")[0]
        self.assertIn('class="fw-bold">2</td>', components)  # the copies, changed
        # The other way round, chosen in the form.
        page.open(self.guide.absolute_url() + "/@@procedure-diff")
        self.assertIn("Không có phiên bản trước để so sánh.", page.contents)
        page.getForm(id="eiso-procedure-diff-choice").submit()
        self.assertIn("10 ngày làm việc", page.contents)
        page.open(self.new.absolute_url() + "/@@procedure-diff?other=khong-co")
        self.assertIn("Không tìm thấy phiên bản cần so sánh", page.contents)

    def test_the_objectives_diff_still_renders(self):
        # The shared macros of eiso.browser.diff, on the objectives' page too.
        as_manager(self.portal)
        item = objectives(self.agency["boi-canh"])
        apply(item)
        new = upgrade_version(item)
        new.objectives = [dict(ROWS[0], target=96.0)] + [dict(row) for row in ROWS[1:]]
        transaction.commit()
        page = browser(self.app, "a-secretary")
        page.open(new.absolute_url() + "/@@version-diff")
        table = page.contents.split('id="eiso-version-diff-table"')[1].split("</table>")[0]
        self.assertIn("Tên mục tiêu", table)
        self.assertEqual(table.count('data-status="changed"'), 1)
        self.assertEqual(table.count('data-status="unchanged"'), 2)
        self.assertIn('class="fw-bold">96', table)

    def test_agency_b_and_anonymous_get_nothing(self):
        for user in ("b-admin", "b-leader", None):
            page = browser(self.app, user)
            page.open(self.new.absolute_url() + "/@@procedure-diff?other=" + self.guide.UID())
            self.assertRegex(page.url, "/login|require_login|insufficient-privileges", user)
            self.assertNotIn("76/2018/NĐ-CP", page.contents, user)
        anonymous = browser(self.app)
        anonymous.open(self.guide.absolute_url() + "/@@procedure-diff")
        self.assertIn("/login", anonymous.url)
