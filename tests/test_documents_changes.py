"""Change requests (Đề xuất sửa đổi tài liệu), periodic review reminders, the daily job
and the upgrade to 1002 for the documents area."""

from datetime import date
from datetime import timedelta
from eiso.cases.audit import AuditTrail
from eiso.cases.handover import hand_over
from eiso.content.change_request import IDocumentChangeRequestSchema
from eiso.commands.reminders import send_reminders
from eiso.documents.reviews import documents_due_for_review
from eiso.notifications import storage
from eiso.testing import PROFILE_VERSION
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.textfield.value import RichTextValue
from tests.test_documents import login
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds
from zope.schema import ValidationError

import unittest




def html(text):
    return RichTextValue(f"<p>{text}</p>", "text/html", "text/x-html-safe")


class ChangeTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["tai-lieu"]

    def document(self, code="QT-VP-01", state="effective", **fields):
        login(self.portal, "a-documents")
        values = {"level": "II", "document_kind": "quy-trinh", "department": "van-phong",
                  "text": html("Nội dung"), "effective_date": date.today()}
        values.update(fields)
        document = api.content.create(container=self.section, type="ControlledDocument",
                                      title=f"Quy trình {code}", code=code, **values)
        if state == "effective":
            for user, transition in (("a-documents", "submit"), ("a-secretary", "endorse"),
                                     ("a-leader", "approve")):
                login(self.portal, user)
                hand_over(document, transition)
        return document

    def request(self, target, user="a-staff"):
        login(self.portal, user)
        intids = getUtility(IIntIds)
        return api.content.create(
            container=self.section, type="DocumentChangeRequest",
            title="Bổ sung bước tiếp nhận qua mạng", target=RelationValue(intids.getId(target)),
            reason="Quy định mới về dịch vụ công trực tuyến", proposal=html("Thêm bước 3"))

    def allowed(self, user, item):
        login(self.portal, user)
        return sorted(t["id"] for t in api.portal.get_tool("portal_workflow").getTransitionsFor(item))

    def sees(self, user, item):
        login(self.portal, user)
        return bool(api.content.find(UID=item.UID()))


class TestChangeRequest(ChangeTestCase):
    def test_target_must_be_an_effective_document(self):
        field = IDocumentChangeRequestSchema["target"]
        draft = self.document("QT-VP-02", state="draft")
        with self.assertRaises(ValidationError):
            field._validate(draft)
        field._validate(self.document())

    def test_staff_propose_the_controller_accepts_and_the_revision_starts(self):
        document = self.document()
        change = self.request(document)
        self.assertEqual(change.code, f"DX-{date.today().year}-001")
        self.assertEqual(change.target_document(), document)
        self.assertEqual(api.content.get_state(change), "draft")
        self.assertFalse(self.sees("a-head", change))
        self.assertEqual(self.allowed("a-staff", change), ["submit"])
        login(self.portal, "a-staff")
        hand_over(change, "submit")
        self.assertEqual(api.content.get_state(change), "pending")
        self.assertEqual(change.responsible_users, ["a-documents"])
        self.assertEqual(self.allowed("a-staff", change), [])
        self.assertEqual(self.allowed("a-secretary", change), [])
        self.assertEqual(self.allowed("a-documents", change),
                         ["approve", "reject", "send_back"])
        self.assertFalse(self.sees("b-staff", change))
        login(self.portal, "a-documents")
        hand_over(change, "approve", comment="Đồng ý sửa đổi")
        self.assertEqual(api.content.get_state(change), "approved")
        self.assertFalse(change.responsible_users)
        # the revision of the document starts: recorded and announced
        login(self.portal, "a-documents")
        notes = [entry for entry in AuditTrail(document)
                 if "Bổ sung bước tiếp nhận qua mạng" in str(entry)]
        self.assertTrue(notes)
        titles = [entry["title"] for entry in storage.entries("a-documents")]
        self.assertTrue(any("QT-VP-01" in title for title in titles), titles)
        # the author hears of the decision
        self.assertTrue(storage.entries("a-staff"))

    def test_a_leader_may_decline(self):
        change = self.request(self.document())
        login(self.portal, "a-staff")
        hand_over(change, "submit", handlers=["a-leader"])
        self.assertEqual(self.allowed("a-leader", change), ["approve", "reject", "send_back"])
        login(self.portal, "a-leader")
        hand_over(change, "reject", comment="Chưa cần thiết")
        self.assertEqual(api.content.get_state(change), "rejected")
        self.assertTrue(self.sees("a-staff", change))


class TestFormValidators(ChangeTestCase):
    def test_target_of_another_agency_is_refused(self):
        from eiso.content.change_request import SameAgencyValidator
        from plone.app.testing import login as plone_login
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID
        from plone.app.testing import TEST_USER_NAME
        from zope.interface import Invalid

        ours = self.document()
        login(self.portal, "b-admin")
        theirs = api.content.create(
            container=self.portal["co-quan-b"]["tai-lieu"], type="ControlledDocument",
            title="Quy trình của huyện", code="QT-01", level="II", document_kind="quy-trinh",
            text=html("x"))
        for transition in ("submit", "endorse", "approve"):
            api.content.transition(obj=theirs, transition=transition)
        self.assertEqual(api.content.get_state(theirs), "effective")
        # a portal administrator sees both agencies: only the agency check refuses it
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        plone_login(self.portal, TEST_USER_NAME)
        field = IDocumentChangeRequestSchema["target"]
        validator = SameAgencyValidator(self.section, self.layer["request"], None, field, None)
        validator.validate(ours)
        with self.assertRaises(Invalid) as raised:
            validator.validate(theirs)
        self.assertEqual(str(raised.exception), "The document belongs to another agency.")

    def test_code_validator_accepts_the_documents_own_code_on_edit(self):
        from eiso.content.controlled_document import IControlledDocumentSchema
        from eiso.content.controlled_document import UniqueCodeValidator
        from zope.interface import Invalid

        document = self.document("QT-VP-01", state="draft")
        field = IControlledDocumentSchema["code"]
        request = self.layer["request"]
        UniqueCodeValidator(document, request, None, field, None).validate("QT-VP-01")
        with self.assertRaises(Invalid):
            UniqueCodeValidator(self.section, request, None, field, None).validate("QT-VP-01")
        UniqueCodeValidator(self.section, request, None, field, None).validate("QT-VP-09")


class TestReviewReminders(ChangeTestCase):
    def test_due_documents_and_one_digest_a_day(self):
        due = self.document("QT-01", review_date=date.today() + timedelta(days=2))
        past = self.document("QT-02", review_date=date.today() - timedelta(days=30))
        self.document("QT-03", review_date=date.today() + timedelta(days=200))
        self.document("QT-04", state="draft", review_date=date.today())
        found = documents_due_for_review(self.portal, date.today())
        self.assertEqual(sorted(b.code for b in found["co-quan-a"]),
                         sorted([due.code, past.code]))
        self.assertNotIn("co-quan-b", found)
        before = len(storage.entries("a-documents"))
        summary = send_reminders(self.portal, today=date.today(), out=lambda line: None)
        self.assertEqual(summary["review_digests"], 1)
        entries = storage.entries("a-documents")
        self.assertEqual(len(entries), before + 1)
        self.assertIn("rà soát", entries[0]["title"] + entries[-1]["title"])
        again = send_reminders(self.portal, today=date.today(), out=lambda line: None)
        self.assertEqual(again["review_digests"], 0)

    def test_the_daily_job_makes_approved_documents_effective(self):
        later = date.today() + timedelta(days=7)
        document = self.document("QT-05", state="draft", effective_date=later)
        for user, transition in (("a-documents", "submit"), ("a-secretary", "endorse"),
                                 ("a-leader", "approve")):
            login(self.portal, user)
            hand_over(document, transition)
        self.assertEqual(api.content.get_state(document), "approved")
        self.assertEqual(send_reminders(self.portal, today=date.today(), out=lambda line: None)[
            "documents_effective"], 0)
        output = []
        summary = send_reminders(self.portal, today=later, out=output.append)
        self.assertEqual(summary["documents_effective"], 1)
        self.assertEqual(api.content.get_state(document), "effective")
        self.assertTrue(any("QT-05" in line for line in output))
        self.assertEqual(send_reminders(self.portal, today=later, out=lambda line: None)[
            "documents_effective"], 0)
        dry = send_reminders(self.portal, today=later, dry_run=True, out=lambda line: None)
        self.assertEqual(dry["documents_effective"], 0)


class TestUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_1001_site_gets_the_documents_area(self):
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID

        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        types = api.portal.get_tool("portal_types")
        workflow = api.portal.get_tool("portal_workflow")
        catalog = api.portal.get_tool("portal_catalog")
        setup = api.portal.get_tool("portal_setup")
        # as on a site at 1001
        for name in ("ControlledDocument", "DocumentChangeRequest"):
            types.manage_delObjects([name])
        workflow.manage_delObjects(["eiso_document_workflow", "eiso_change_request_workflow"])
        for index in ("document_kind", "review_date"):
            catalog.delIndex(index)
        for column in ("issue_number", "document_kind", "review_date"):
            catalog.delColumn(column)
        portal.manage_permission("eiso: Add ControlledDocument", [], acquire=True)
        setup.setLastVersionForProfile("eiso:default", "1001")
        setup.upgradeProfile("eiso:default")
        self.assertEqual(setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertIn("ControlledDocument", types.objectIds())
        self.assertIn("DocumentChangeRequest", types.objectIds())
        self.assertEqual(workflow.getChainForPortalType("ControlledDocument"),
                         ("eiso_document_workflow",))
        self.assertEqual(workflow.getChainForPortalType("DocumentChangeRequest"),
                         ("eiso_change_request_workflow",))
        self.assertIn("document_kind", catalog.indexes())
        self.assertIn("review_date", catalog.indexes())
        self.assertIn("issue_number", catalog.schema())
        roles = [r["name"] for r in portal.rolesOfPermission("eiso: Add ControlledDocument")
                 if r["selected"]]
        self.assertIn("DocumentController", roles)
        self.assertIn("Staff", roles)
        # and it works
        login(portal, "a-staff")
        section = portal["co-quan-a"]["tai-lieu"]
        self.assertIn("ControlledDocument", [t.getId() for t in section.allowedContentTypes()])
