"""Controlled documents (Tài liệu nội bộ): fields, the document workflow role by role and
state by state, taking effect, distribution, "Đã đọc", periodic review (SPEC §5–§6, seed 001)."""

from datetime import date
from datetime import timedelta
from eiso.cases.handover import CaseError
from eiso.cases.handover import hand_over
from eiso.cases.steps import CaseSteps
from eiso.content.controlled_document import IControlledDocumentSchema
from eiso.documents import distribution
from eiso.documents.workflow import make_due_documents_effective
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.workingdays import as_date
from plone import api
from plone.app.testing import login as plone_login
from plone.app.textfield.value import RichTextValue
from plone.namedfile.file import NamedBlobFile
from tests.test_notifications import install_mailhost
from tests.test_notifications import sent_mails
from zope.annotation.interfaces import IAnnotations
from zope.interface import Invalid

import unittest




def login(portal, user):
    """Log in as ``user`` as a new request would: borg.localrole caches a user's local
    roles on the request, and one integration test is one request."""
    plone_login(portal, user)
    annotations = IAnnotations(portal.REQUEST)
    for key in [key for key in annotations if "borg.localrole" in str(key)]:
        del annotations[key]


def text(html="<p>Nội dung quy trình kiểm soát tài liệu.</p>"):
    return RichTextValue(html, "text/html", "text/x-html-safe")


class DocumentTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["tai-lieu"]

    def create(self, user="a-documents", **fields):
        login(self.portal, user)
        values = {
            "title": "Quy trình kiểm soát tài liệu", "code": "QT-VP-01", "level": "II",
            "document_kind": "quy-trinh", "department": "van-phong", "text": text(),
            "effective_date": date.today(), "iso_clauses": ["7.5.3"],
        }
        values.update(fields)
        return api.content.create(container=self.section, type="ControlledDocument", **values)

    def act(self, user, item, transition, **kwargs):
        login(self.portal, user)
        hand_over(item, transition, **kwargs)

    def state(self, item):
        return api.content.get_state(item)

    def sees(self, user, item):
        login(self.portal, user)
        found = bool(api.content.find(UID=item.UID()))
        self.assertEqual(found, bool(api.user.has_permission("View", obj=item)), user)
        return found

    def allowed(self, user, item):
        login(self.portal, user)
        workflow = api.portal.get_tool("portal_workflow")
        return sorted(t["id"] for t in workflow.getTransitionsFor(item))

    def to_pending(self, document):
        self.act("a-documents", document, "submit")
        self.act("a-secretary", document, "endorse")
        return document


class TestFields(DocumentTestCase):
    def test_every_member_may_draft_in_tai_lieu(self):
        for user in ("a-staff", "a-documents", "a-secretary"):
            login(self.portal, user)
            allowed = sorted(fti.getId() for fti in self.section.allowedContentTypes())
            self.assertEqual(allowed, ["ControlledDocument", "DocumentChangeRequest"], user)
        login(self.portal, "a-leader")
        self.assertIn("ControlledDocument",
                      [fti.getId() for fti in self.section.allowedContentTypes()])
        login(self.portal, "b-staff")
        self.assertFalse(api.user.has_permission(
            "eiso: Add ControlledDocument", obj=self.section))

    def test_stored_fields_and_catalog(self):
        document = self.create(distribution=["phong-cntt"])
        self.assertEqual(document.issue_number, 1)
        self.assertEqual(document.code, "QT-VP-01")
        self.assertEqual(document.document_level, "II")
        brain = api.content.find(UID=document.UID())[0]
        self.assertEqual(brain.code, "QT-VP-01")
        self.assertEqual(brain.document_level, "II")
        self.assertEqual(brain.document_kind, "quy-trinh")
        self.assertEqual(brain.department, "van-phong")
        self.assertEqual(brain.issue_number, 1)
        self.assertEqual(as_date(brain.effective_date), date.today())
        self.assertEqual(len(api.content.find(iso_clauses="7.5.3", UID=document.UID())), 1)
        self.assertEqual(len(api.content.find(document_level="II", UID=document.UID())), 1)
        # Listed from its creation, although Dexterity's publishing date is another thing
        self.assertEqual(len(api.content.find(SearchableText="QT-VP-01")), 1)

    def test_empty_code_gets_the_engine_code(self):
        document = self.create(code=None)
        self.assertEqual(document.code, f"TL-{date.today().year}-001")
        second = self.create(code="", title="Hướng dẫn khác")
        self.assertEqual(second.code, f"TL-{date.today().year}-002")

    def test_invariants(self):
        class Data:
            file = None
            text = None
            effective_date = date.today()
            review_date = date.today() - timedelta(days=1)

        with self.assertRaises(Invalid):
            IControlledDocumentSchema.getTaggedValue("invariants")[0](Data)
        Data.text = text("<p> </p>")
        with self.assertRaises(Invalid):
            IControlledDocumentSchema.getTaggedValue("invariants")[0](Data)
        Data.text = text()
        IControlledDocumentSchema.getTaggedValue("invariants")[0](Data)
        with self.assertRaises(Invalid):
            IControlledDocumentSchema.getTaggedValue("invariants")[1](Data)
        Data.review_date = date.today() + timedelta(days=365)
        IControlledDocumentSchema.getTaggedValue("invariants")[1](Data)

    def test_file_type_size_and_code_format(self):
        field = IControlledDocumentSchema["file"]
        field.validate(NamedBlobFile(b"%PDF-1.4", filename="quy-trinh.pdf"))
        field.validate(NamedBlobFile(b"PK", filename="quy-trinh.DOCX"))
        with self.assertRaises(Exception) as raised:
            field.validate(NamedBlobFile(b"MZ", filename="virus.exe"))
        self.assertIn("PDF", str(raised.exception.doc()))
        big = NamedBlobFile(b"0" * (20 * 1024 * 1024 + 1), filename="lon.pdf")
        with self.assertRaises(Exception):
            field.validate(big)
        IControlledDocumentSchema["code"].validate("QT-VP-01")
        with self.assertRaises(Exception):
            IControlledDocumentSchema["code"].validate("QT VP 01")
        with self.assertRaises(Exception):
            IControlledDocumentSchema["issue_number"].validate(0)

    def test_code_unique_in_the_agency_only(self):
        from zExceptions import BadRequest

        self.create()
        with self.assertRaises(BadRequest) as raised:
            self.create(title="Bản trùng mã", code="qt-vp-01")
        self.assertIn("qt-vp-01", str(raised.exception))
        self.assertIn("Quy trình kiểm soát tài liệu", str(raised.exception))
        # Another agency may use the same code
        login(self.portal, "b-admin")
        other = api.content.create(
            container=self.portal["co-quan-b"]["tai-lieu"], type="ControlledDocument",
            title="Quy trình của huyện", code="QT-VP-01", level="II", document_kind="quy-trinh",
            text=text())
        self.assertEqual(other.code, "QT-VP-01")


    def test_code_unique_with_what_is_not_indexed_yet(self):
        from zExceptions import BadRequest

        catalog = api.portal.get_tool("portal_catalog")
        first = self.create()
        catalog.unrestrictedSearchResults(UID=first.UID())  # indexed with QT-VP-01
        first.code = "QT-VP-09"
        first.reindexObject()  # queued, not indexed yet
        second = self.create(title="Quy trình mới", code="QT-VP-01")  # free again
        self.assertEqual(second.code, "QT-VP-01")
        with self.assertRaises(BadRequest) as raised:
            self.create(title="Bản trùng mã", code="QT-VP-09")
        self.assertIn("Quy trình kiểm soát tài liệu", str(raised.exception))
        api.content.delete(second)  # queued: its code is free again at once
        self.assertEqual(self.create(title="Lại mã cũ", code="QT-VP-01").code, "QT-VP-01")

    def test_a_new_document_is_indexed_once_under_its_own_id(self):
        """plone.api adds it under a temporary id, then renames it: the code check must
        not make the catalog index it under the temporary id first."""
        from Acquisition import aq_base
        from Products.CMFPlone.CatalogTool import CatalogTool
        from unittest import mock

        indexed = []
        catalog_object = CatalogTool.catalog_object

        def counting(tool, obj, uid=None, idxs=None, *args, **kwargs):
            if getattr(aq_base(obj), "portal_type", None) == "ControlledDocument" and not idxs:
                indexed.append("/".join(obj.getPhysicalPath()))
            return catalog_object(tool, obj, uid, idxs, *args, **kwargs)

        with mock.patch.object(CatalogTool, "catalog_object", counting):
            document = self.create()
            api.portal.get_tool("portal_catalog").unrestrictedSearchResults(UID=document.UID())
        self.assertEqual(indexed, ["/".join(document.getPhysicalPath())])
        self.assertEqual(document.getId(), "quy-trinh-kiem-soat-tai-lieu")

class TestWorkflow(DocumentTestCase):
    def test_draft_waits_for_its_author_and_staff_do_not_see_it(self):
        document = self.create()
        self.assertEqual(self.state(document), "draft")
        self.assertEqual(document.responsible_users, ["a-documents"])
        for user in ("a-documents", "a-secretary", "a-leader"):
            self.assertTrue(self.sees(user, document), user)
        for user in ("a-staff", "a-head", "a-records", "b-staff", "b-leader", "b-admin"):
            self.assertFalse(self.sees(user, document), user)

    def test_staff_draft_their_own_document(self):
        document = self.create(user="a-staff", code="HD-CNTT-01", department="phong-cntt")
        self.assertTrue(self.sees("a-staff", document))
        self.assertFalse(self.sees("a-head", document))
        self.assertEqual(self.allowed("a-staff", document), ["submit"])

    def test_submit_review_endorse_approve_effective(self):
        document = self.create(effective_date=date.today() + timedelta(days=30))
        self.assertEqual(self.allowed("a-staff", document), [])
        self.act("a-documents", document, "submit")
        self.assertEqual(self.state(document), "reviewing")
        self.assertEqual(document.responsible_users, ["a-secretary"])
        # consultation round: every member reads it (seed 001: all members comment)
        for user in ("a-staff", "a-head", "a-hr"):
            self.assertTrue(self.sees(user, document), user)
        self.assertFalse(self.sees("b-staff", document))
        self.assertEqual(self.allowed("a-staff", document), [])
        self.assertEqual(self.allowed("a-leader", document), [])
        self.assertEqual(self.allowed("a-secretary", document), ["endorse", "send_back"])

        self.act("a-secretary", document, "endorse")
        self.assertEqual(self.state(document), "pending")
        self.assertEqual(document.responsible_users, ["a-leader"])
        self.assertFalse(self.sees("a-staff", document))
        self.assertEqual(self.allowed("a-secretary", document), [])
        self.assertEqual(self.allowed("a-leader", document), ["approve", "send_back"])

        self.act("a-leader", document, "approve")
        self.assertEqual(self.state(document), "approved")
        # waits for its effective date, with the document controllers
        self.assertEqual(document.responsible_users, ["a-documents"])
        self.assertEqual(document.due_date, date.today() + timedelta(days=30))
        self.assertEqual(CaseSteps(document).current()["deadline"], date.today() + timedelta(days=30))
        self.assertFalse(self.sees("a-staff", document))
        for user in ("a-documents", "a-leader", "a-secretary"):
            self.assertEqual(self.allowed(user, document), [], (user, self.state(document)))

    def test_effective_at_approval_when_the_date_has_come(self):
        document = self.to_pending(self.create(effective_date=date.today()))
        self.act("a-leader", document, "approve")
        self.assertEqual(self.state(document), "effective")
        self.assertFalse(document.responsible_users)
        self.assertTrue(self.sees("a-staff", document))
        history = [entry["action"] for entry in document.workflow_history[
            "eiso_document_workflow"]]
        self.assertEqual(history[-2:], ["approve", "make_effective"])

    def test_no_effective_date_means_effective_on_approval(self):
        document = self.to_pending(self.create(effective_date=None))
        self.act("a-leader", document, "approve")
        self.assertEqual(self.state(document), "effective")
        self.assertEqual(document.effective_date, date.today())

    def test_the_daily_job_makes_it_effective_later_once(self):
        later = date.today() + timedelta(days=3)
        document = self.to_pending(self.create(effective_date=later))
        self.act("a-leader", document, "approve")
        self.assertEqual(make_due_documents_effective(self.portal, date.today()), [])
        self.assertEqual(self.state(document), "approved")
        done = make_due_documents_effective(self.portal, later)
        self.assertEqual(done, [document])
        self.assertEqual(self.state(document), "effective")
        self.assertEqual(make_due_documents_effective(self.portal, later), [])

    def test_send_back_from_review_and_from_pending(self):
        document = self.create()
        self.act("a-documents", document, "submit")
        self.act("a-secretary", document, "send_back", comment="Bổ sung mục 5")
        self.assertEqual(self.state(document), "draft")
        self.assertEqual(document.responsible_users, ["a-documents"])
        self.to_pending(document)
        self.act("a-leader", document, "send_back")
        self.assertEqual(self.state(document), "draft")

    def test_reviewer_may_be_the_department_head(self):
        document = self.create()
        self.act("a-documents", document, "submit", handlers=["a-head"])
        self.assertEqual(document.responsible_users, ["a-head"])
        self.assertEqual(self.allowed("a-head", document), ["endorse", "send_back"])
        self.assertEqual(self.allowed("a-secretary", document), [])

    def test_only_a_leader_handles_the_approval(self):
        document = self.create()
        self.act("a-documents", document, "submit")
        login(self.portal, "a-secretary")
        with self.assertRaises(CaseError):
            hand_over(document, "endorse", handlers=["a-staff"])
        self.assertEqual(self.state(document), "reviewing")

    def test_nobody_makes_it_effective_by_hand(self):
        document = self.to_pending(self.create(effective_date=date.today() + timedelta(days=5)))
        self.act("a-leader", document, "approve")
        for user in ("a-documents", "a-leader", "a-secretary"):
            self.assertEqual(self.allowed(user, document), [], user)
        # only administrators could (e.g. when the daily job is not set up)
        self.assertEqual(self.allowed("a-admin", document), ["make_effective"])

    def test_withdraw_by_document_controller_or_leader(self):
        document = self.to_pending(self.create())
        self.act("a-leader", document, "approve")
        self.assertEqual(self.allowed("a-staff", document), [])
        self.assertEqual(self.allowed("a-secretary", document), [])
        self.assertEqual(self.allowed("a-documents", document), ["withdraw"])
        self.assertEqual(self.allowed("a-leader", document), ["withdraw"])
        login(self.portal, "a-documents")
        api.content.transition(obj=document, transition="withdraw")
        self.assertEqual(self.state(document), "obsolete")
        self.assertFalse(self.sees("a-staff", document))
        self.assertTrue(self.sees("a-documents", document))
        login(self.portal, "a-documents")
        self.assertTrue(api.user.has_permission("Delete objects", obj=document))

    def test_effective_document_is_not_edited_in_place(self):
        document = self.to_pending(self.create())
        self.act("a-leader", document, "approve")
        for user in ("a-documents", "a-leader", "a-staff"):
            login(self.portal, user)
            self.assertFalse(api.user.has_permission("Modify portal content", obj=document))

    def test_agency_b_sees_nothing(self):
        document = self.to_pending(self.create())
        self.act("a-leader", document, "approve")
        for user in ("b-staff", "b-leader", "b-admin"):
            self.assertFalse(self.sees(user, document), user)


class TestDistribution(DocumentTestCase):
    def setUp(self):
        super().setUp()
        self.mailhost = install_mailhost(self.portal)
        api.portal.set_registry_record("plone.smtp_host", "localhost")

    def recipients(self):
        return sorted(to for to, subject, body in sent_mails(self.mailhost))

    def test_readers_are_the_distribution_and_own_department(self):
        document = self.create(distribution=["phong-cntt"], department="van-phong")
        readers = distribution.readers(document)
        self.assertIn("a-staff", readers)
        self.assertIn("a-head", readers)
        self.assertIn("a-leader", readers)  # van-phong, the document's own department
        document.department = None
        self.assertEqual(distribution.readers(document), ["a-head", "a-staff"])
        document.distribution = []
        self.assertEqual(len(distribution.readers(document)), 9)

    def test_mail_and_notification_when_effective(self):
        from eiso.notifications import storage

        document = self.create(distribution=["phong-cntt"], department=None)
        self.to_pending(document)
        self.mailhost.messages = []
        self.act("a-leader", document, "approve")
        self.assertEqual(self.state(document), "effective")
        to = self.recipients()
        self.assertIn("a-staff@example.vn", to)
        self.assertIn("a-head@example.vn", to)
        self.assertNotIn("a-records@example.vn", to)
        titles = [entry["title"] for entry in storage.entries("a-staff")]
        self.assertTrue(any("QT-VP-01" in title for title in titles), titles)
        self.assertFalse(storage.entries("a-records"))

    def test_acknowledgements_per_issue(self):
        document = self.to_pending(self.create(distribution=["phong-cntt"], department=None))
        self.act("a-leader", document, "approve")
        status = distribution.read_status(document)
        self.assertEqual([e["id"] for e in status["unread"]], ["a-head", "a-staff"])
        distribution.acknowledge(document, "a-staff")
        first = distribution.read_at(document, "a-staff")
        distribution.acknowledge(document, "a-staff")
        self.assertEqual(distribution.read_at(document, "a-staff"), first)
        status = distribution.read_status(document)
        self.assertEqual([e["id"] for e in status["read"]], ["a-staff"])
        self.assertEqual([e["id"] for e in status["unread"]], ["a-head"])
        # A new issue: nobody has read it yet
        document.issue_number = 2
        status = distribution.read_status(document)
        self.assertEqual(status["issue"], 2)
        self.assertEqual(status["read"], [])
        self.assertEqual(len(status["unread"]), 2)
