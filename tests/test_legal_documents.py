"""External legal documents (Văn bản bên ngoài): the legal officer keeps the register
in ``van-ban``; every account of the agency reads it; amending and replacing texts
change the state of the texts they point to."""

from datetime import date
from eiso.content.legal_document import create_legal_document
from eiso.content.legal_document import ILegalDocumentSchema
from eiso.interfaces import IEisoLayer
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.event import notify
from zope.interface import alsoProvides
from zope.interface import Invalid
from zope.intid.interfaces import IIntIds
from zope.lifecycleevent import ObjectModifiedEvent

import unittest


ISO_DECISION = {
    "number": "19/2014/QĐ-TTg",
    "legal_kind": "Quyết định",
    "issuer": "Thủ tướng Chính phủ",
    "signed_date": date(2014, 3, 5),
    "effective_date": date(2014, 4, 20),
    "summary": "Về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia "
               "TCVN ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống "
               "hành chính nhà nước",
    "field": "Hệ thống quản lý chất lượng (ISO)",
}
NEW_ISO_DECISION = {
    "number": "101/QĐ-BKHCN",
    "legal_kind": "Quyết định",
    "issuer": "Bộ Khoa học và Công nghệ",
    "signed_date": date(2019, 1, 21),
    "effective_date": date(2019, 1, 21),
    "summary": "Công bố mô hình khung hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
    "field": "Hệ thống quản lý chất lượng (ISO)",
}


def relations(*items):
    intids = getUtility(IIntIds)
    return [RelationValue(intids.getId(item)) for item in items]


def add(section, fields, **relation_fields):
    values = dict(fields)
    for name, items in relation_fields.items():
        values[name] = relations(*items)
    return create_legal_document(section, **values)


class TestLegalDocument(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["van-ban"]

    def test_legal_officer_adds_a_text(self):
        login(self.portal, "a-legal")
        allowed = [fti.getId() for fti in self.section.allowedContentTypes()]
        self.assertEqual(allowed, ["LegalDocument"])
        item = add(self.section, ISO_DECISION)
        self.assertEqual(item.getId(), "19-2014-qd-ttg")
        self.assertEqual(item.Title(), "Quyết định 19/2014/QĐ-TTg")
        self.assertEqual(item.Description(), ISO_DECISION["summary"])
        self.assertEqual(item.effective_date, date(2014, 4, 20))
        self.assertEqual(api.content.get_state(item), "in_force")
        brain = api.content.find(UID=item.UID())[0]
        self.assertEqual(brain.code, "19/2014/QĐ-TTg")
        self.assertEqual(brain.year, 2014)
        self.assertEqual(brain.legal_kind, "Quyết định")
        self.assertEqual(brain.issuer, "Thủ tướng Chính phủ")
        self.assertEqual(brain.signed_date, date(2014, 3, 5))
        self.assertEqual(brain.effective_date, date(2014, 4, 20))
        self.assertTrue(api.content.find(SearchableText="chất lượng", portal_type="LegalDocument"))

    def test_own_title_is_kept(self):
        login(self.portal, "a-legal")
        item = add(self.section, dict(ISO_DECISION, title="Quyết định về ISO trong hành chính"))
        self.assertEqual(item.Title(), "Quyết định về ISO trong hành chính")
        self.assertEqual(item.getId(), "19-2014-qd-ttg")

    def test_only_legal_officer_and_administrators_add(self):
        for user_id in ("a-legal", "a-admin"):
            login(self.portal, user_id)
            self.assertTrue(api.user.has_permission("eiso: Add LegalDocument", obj=self.section))
        for user_id in ("a-staff", "a-secretary", "a-leader", "a-documents", "b-admin"):
            login(self.portal, user_id)
            self.assertFalse(
                api.user.has_permission("eiso: Add LegalDocument", obj=self.section), user_id
            )
            self.assertEqual(self.section.allowedContentTypes(), [], user_id)

    def test_not_addable_in_other_sections(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        for section_id in ("boi-canh", "tai-lieu", "thu-tuc"):
            with self.assertRaises((ValueError, api.exc.InvalidParameterError)):
                add(self.portal["co-quan-a"][section_id], ISO_DECISION)

    def test_staff_read_every_state_legal_officer_edits(self):
        login(self.portal, "a-legal")
        item = add(self.section, ISO_DECISION)
        for transition, state in (("partly_expire", "partly_expired"), ("expire", "expired"),
                                  ("reinstate", "in_force"), ("expire", "expired")):
            api.content.transition(obj=item, transition=transition)
            self.assertEqual(api.content.get_state(item), state)
            for user_id in ("a-staff", "a-leader", "a-documents"):
                login(self.portal, user_id)
                self.assertTrue(api.user.has_permission("View", obj=item), (user_id, state))
                self.assertFalse(api.user.has_permission("Modify portal content", obj=item))
                self.assertEqual(api.content.get_state(item), state)
                self.assertFalse(
                    api.portal.get_tool("portal_workflow").getTransitionsFor(item), user_id
                )
            login(self.portal, "a-legal")
            self.assertTrue(api.user.has_permission("Modify portal content", obj=item), state)

    def test_legal_officer_deletes_only_expired_texts(self):
        from zExceptions import Unauthorized

        login(self.portal, "a-legal")
        item = add(self.section, ISO_DECISION)
        for transition in (None, "partly_expire"):
            if transition:
                api.content.transition(obj=item, transition=transition)
            self.assertFalse(api.user.has_permission("Delete objects", obj=item))
            with self.assertRaises(Unauthorized):
                api.content.delete(obj=item)
        login(self.portal, "a-staff")  # staff cannot expire it
        with self.assertRaises(api.exc.InvalidParameterError):
            api.content.transition(obj=item, transition="expire")
        login(self.portal, "a-legal")
        api.content.transition(obj=item, transition="expire")
        login(self.portal, "a-staff")
        self.assertFalse(api.user.has_permission("Delete objects", obj=item))
        login(self.portal, "a-legal")
        self.assertTrue(api.user.has_permission("Delete objects", obj=item))
        api.content.delete(obj=item)
        self.assertNotIn("19-2014-qd-ttg", self.section)

    def test_other_agency_sees_nothing(self):
        login(self.portal, "a-legal")
        item = add(self.section, ISO_DECISION)
        for user_id in ("b-staff", "b-admin", "b-leader"):
            login(self.portal, user_id)
            self.assertFalse(api.user.has_permission("View", obj=item), user_id)
            self.assertEqual(len(api.content.find(portal_type="LegalDocument")), 0, user_id)
        logout()
        self.assertFalse(api.user.has_permission("View", obj=item))

    def test_dates_in_order(self):
        from zope.i18n import translate

        login(self.portal, "a-legal")
        item = add(self.section, ISO_DECISION)
        ILegalDocumentSchema.validateInvariants(item)
        item.effective_date = date(2014, 3, 4)
        with self.assertRaises(Invalid) as raised:
            ILegalDocumentSchema.validateInvariants(item)
        self.assertEqual(
            translate(raised.exception.args[0], target_language="vi"),
            "Ngày hiệu lực không được trước ngày ban hành.",
        )

    def test_only_pdf_and_word_files(self):
        from eiso.content.fields import FileNotAccepted
        from eiso.content.fields import MAX_FILE_SIZE
        from plone.namedfile.file import NamedBlobFile
        from zope.i18n import translate

        field = ILegalDocumentSchema["file"]
        field.validate(NamedBlobFile(b"%PDF-1.4", filename="19-2014-QD-TTg.pdf"))
        field.validate(NamedBlobFile(b"PK", filename="Thông tư.DOCX"))
        with self.assertRaises(FileNotAccepted) as raised:
            field.validate(NamedBlobFile(b"MZ", filename="virus.exe"))
        self.assertEqual(
            translate(raised.exception.doc(), target_language="vi"),
            "Không chấp nhận tệp “virus.exe”: hãy đính kèm tệp PDF hoặc Word (.pdf, .docx, .doc).",
        )
        with self.assertRaises(FileNotAccepted) as raised:
            field.validate(NamedBlobFile(b"x" * (MAX_FILE_SIZE + 1), filename="lon.pdf"))
        self.assertIn("20 MB", translate(raised.exception.doc(), target_language="vi"))

    def test_relations_stay_in_the_agency(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        ours = add(self.section, ISO_DECISION)
        theirs = add(self.portal["co-quan-b"]["van-ban"], NEW_ISO_DECISION)
        field = ILegalDocumentSchema["replaces"].value_type.bind(self.section)
        self.assertIn(ours, field.source)
        self.assertNotIn(theirs, field.source)

    def test_vocabularies_from_the_settings(self):
        from zope.schema.interfaces import IVocabularyFactory

        kinds = getUtility(IVocabularyFactory, "eiso.LegalKinds")(self.section)
        self.assertIn("Nghị định", [term.value for term in kinds])
        self.assertIn("Tiêu chuẩn (TCVN)", [term.value for term in kinds])
        api.portal.set_registry_record("eiso.fields", ["Tư pháp", " ", "Tư pháp", "Y tế"])
        fields = getUtility(IVocabularyFactory, "eiso.Fields")(self.section)
        self.assertEqual([term.value for term in fields], ["Tư pháp", "Y tế"])
        self.assertEqual([term.token for term in fields], ["tu-phap", "y-te"])


class TestRelations(unittest.TestCase):
    """Seed function 9: a text that amends or replaces another changes its state."""

    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IEisoLayer)
        self.section = self.portal["co-quan-a"]["van-ban"]
        login(self.portal, "a-legal")
        self.old = add(self.section, ISO_DECISION)

    def history(self, item):
        return item.workflow_history["eiso_legal_workflow"][-1]

    def test_replacing_text_expires_the_old_one(self):
        new = add(self.section, NEW_ISO_DECISION, replaces=[self.old])
        self.assertEqual(api.content.get_state(new), "in_force")
        self.assertEqual(api.content.get_state(self.old), "expired")
        entry = self.history(self.old)
        self.assertEqual(entry["comments"], "Bị thay thế bởi 101/QĐ-BKHCN")
        self.assertEqual(entry["actor"], "a-legal")
        self.assertEqual(api.content.find(UID=self.old.UID())[0].review_state, "expired")

    def test_amending_text_marks_the_old_one_partly_expired(self):
        add(self.section, NEW_ISO_DECISION, amends=[self.old])
        self.assertEqual(api.content.get_state(self.old), "partly_expired")
        self.assertEqual(
            self.history(self.old)["comments"], "Được sửa đổi, bổ sung bởi 101/QĐ-BKHCN"
        )
        # A later replacing text expires it for good.
        add(self.section, dict(NEW_ISO_DECISION, number="25/2020/QĐ-TTg"), replaces=[self.old])
        self.assertEqual(api.content.get_state(self.old), "expired")
        # Amending an expired text leaves it expired.
        add(self.section, dict(NEW_ISO_DECISION, number="26/2020/QĐ-TTg"), amends=[self.old])
        self.assertEqual(api.content.get_state(self.old), "expired")
        self.assertEqual(self.history(self.old)["comments"], "Bị thay thế bởi 25/2020/QĐ-TTg")

    def test_editing_adds_the_relation_then_applies_it(self):
        new = add(self.section, NEW_ISO_DECISION)
        self.assertEqual(api.content.get_state(self.old), "in_force")
        new.replaces = relations(self.old)
        notify(ObjectModifiedEvent(new))
        self.assertEqual(api.content.get_state(self.old), "expired")

    def test_removing_the_relation_does_not_reinstate(self):
        new = add(self.section, NEW_ISO_DECISION, replaces=[self.old])
        new.replaces = []
        notify(ObjectModifiedEvent(new))
        self.assertEqual(api.content.get_state(self.old), "expired")
        api.content.transition(obj=self.old, transition="reinstate")
        self.assertEqual(api.content.get_state(self.old), "in_force")
        # Saving the new text again does not expire the old one any more.
        notify(ObjectModifiedEvent(new))
        self.assertEqual(api.content.get_state(self.old), "in_force")
        # Relating them again does.
        new.replaces = relations(self.old)
        notify(ObjectModifiedEvent(new))
        self.assertEqual(api.content.get_state(self.old), "expired")

    def test_a_relation_acts_once(self):
        new = add(self.section, NEW_ISO_DECISION, amends=[self.old])
        api.content.transition(obj=self.old, transition="reinstate")
        # The legal officer decided the amendment does not matter; editing the
        # new text (its summary, say) keeps that decision.
        new.summary = "Sửa trích yếu"
        notify(ObjectModifiedEvent(new))
        self.assertEqual(api.content.get_state(self.old), "in_force")
        other = add(self.section, dict(NEW_ISO_DECISION, number="25/2020/QĐ-TTg"))
        new.amends = relations(self.old, other)
        notify(ObjectModifiedEvent(new))
        self.assertEqual(api.content.get_state(self.old), "in_force")
        self.assertEqual(api.content.get_state(other), "partly_expired")

    def test_done_as_the_system_for_a_user_without_the_right_on_the_target(self):
        # The old text no longer inherits the agency's roles: the legal officer
        # could not expire it by hand, the registration of the new text does.
        self.old.__ac_local_roles_block__ = True
        self.assertFalse(api.user.has_permission("Review portal content", obj=self.old))
        add(self.section, NEW_ISO_DECISION, replaces=[self.old])
        self.assertEqual(api.content.get_state(self.old), "expired")
        self.assertEqual(self.history(self.old)["actor"], "a-legal")

    def test_both_directions_shown(self):
        new = add(self.section, NEW_ISO_DECISION, replaces=[self.old])
        amending = add(self.section, dict(NEW_ISO_DECISION, number="25/2020/QĐ-TTg"),
                       amends=[new])
        login(self.portal, "a-staff")
        view = api.content.get_view("view", new, self.request)
        groups = {str(group["title"]): [item["number"] for item in group["texts"]]
                  for group in view.relations()}
        self.assertEqual(groups, {
            "Replaces:": ["19/2014/QĐ-TTg"],
            "Amended or supplemented by:": ["25/2020/QĐ-TTg"],
        })
        old_view = api.content.get_view("view", self.old, self.request)
        self.assertEqual(
            [(str(g["title"]), [i["number"] for i in g["texts"]]) for g in old_view.relations()],
            [("Replaced by:", ["101/QĐ-BKHCN"])],
        )
        self.assertEqual(old_view.history()[0]["comment"], "Bị thay thế bởi 101/QĐ-BKHCN")
        self.assertEqual(old_view.history()[0]["actor"], "Văn Bản A")
        self.assertIsNone(old_view.delete_url())
        amending_view = api.content.get_view("view", amending, self.request)
        self.assertEqual(len(amending_view.relations()), 1)

    def test_deleted_target_leaves_no_broken_link(self):
        new = add(self.section, NEW_ISO_DECISION, replaces=[self.old])
        # Expired: the legal officer may remove it (Plone warns that the new text
        # points to it; the confirmation is the user's).
        api.content.delete(obj=self.old, check_linkintegrity=False)
        view = api.content.get_view("view", new, self.request)
        self.assertEqual(view.relations(), [])
