"""Revisions of controlled documents through working copies (plone.app.iterate), the issue
history (CMFEditions versions, diff, old files) and comments while drafting (SPEC §5, seed 001)."""

from datetime import date
from datetime import timedelta
from eiso.cases.audit import AuditTrail
from eiso.cases.steps import CaseSteps
from DateTime import DateTime
from eiso.documents import distribution
from eiso.documents import locks
from eiso.documents import revision
from eiso.documents.revision import RevisionError
from eiso.documents.workflow import make_due_documents_effective
from plone import api
from plone.app.iterate.interfaces import IBaseline
from plone.app.iterate.interfaces import IWorkingCopy
from plone.locking.interfaces import ILockable
from plone.namedfile.file import NamedBlobFile
from tests.test_documents import DocumentTestCase
from tests.test_documents import login
from tests.test_documents import text
from tests.test_notifications import install_mailhost
from tests.test_notifications import sent_mails
from eiso.cases.handover import hand_over
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import RestSession
from eiso.utils import format_date
from tests.test_documents_browser import create
from zope.i18n import translate

import transaction
import unittest


def pdf(name, body=b"%PDF-1.4 issue"):
    return NamedBlobFile(data=body, filename=name, contentType="application/pdf")


class RevisionTestCase(DocumentTestCase):
    def effective(self, **fields):
        document = self.create(file=pdf("qt-vp-01-lan-1.pdf", b"%PDF-1.4 lan 1"), **fields)
        self.to_pending(document)
        self.act("a-leader", document, "approve")
        self.assertEqual(self.state(document), "effective")
        return document

    def revise(self, document, user="a-documents"):
        login(self.portal, user)
        return revision.start_revision(document)

    def approve(self, working_copy, effective_date=None):
        working_copy.effective_date = effective_date or date.today()
        self.to_pending(working_copy)
        self.act("a-leader", working_copy, "approve")


class TestRevisionCycle(RevisionTestCase):
    def test_whole_cycle(self):
        mailhost = install_mailhost(self.portal)
        document = self.effective()
        uid, url = document.UID(), document.absolute_url()
        distribution.acknowledge(document, "a-staff")
        login(self.portal, "a-documents")
        self.assertTrue(revision.may_revise(document))

        working_copy = self.revise(document)
        self.assertTrue(IWorkingCopy.providedBy(working_copy))
        self.assertTrue(IBaseline.providedBy(document))
        self.assertEqual(revision.working_copy_of(document).UID(), working_copy.UID())
        self.assertEqual(revision.baseline_of(working_copy).UID(), document.UID())
        self.assertEqual(working_copy.aq_parent.getPhysicalPath(), self.section.getPhysicalPath())
        self.assertEqual(self.state(working_copy), "draft")
        self.assertEqual(working_copy.getId(), document.getId() + "-lan-2")
        self.assertEqual(working_copy.issue_number, 2)
        self.assertEqual(working_copy.code, document.code)
        self.assertIsNone(working_copy.effective_date)
        # Fresh case and audit trail of its own; Bước 1 for the reviser, its owner.
        steps = list(CaseSteps(working_copy))
        self.assertEqual(len(steps), 1)
        self.assertEqual(steps[0]["handlers"], ["a-documents"])
        self.assertIn("Owner", working_copy.get_local_roles_for_userid("a-documents"))
        self.assertEqual(working_copy.Creator(), "a-documents")
        self.assertFalse(distribution.read_at(working_copy, "a-staff"))
        kinds = [entry["kind"] for entry in AuditTrail(working_copy)]
        self.assertEqual(kinds, ["created", "note"])
        baseline_steps = len(list(CaseSteps(document)))
        # Staff see the effective issue only.
        self.assertTrue(self.sees("a-staff", document))
        self.assertFalse(self.sees("a-staff", working_copy))
        self.assertFalse(revision.may_revise(document))

        login(self.portal, "a-documents")
        working_copy.text = text("<p>Nội dung sửa đổi lần 2.</p>")
        working_copy.file = pdf("qt-vp-01-lan-2.pdf", b"%PDF-1.4 lan 2")
        tomorrow = date.today() + timedelta(days=1)
        self.approve(working_copy, tomorrow)
        self.assertEqual(self.state(working_copy), "approved")
        # Until the effective date, staff read issue 1.
        self.assertEqual(document.issue_number, 1)
        self.assertEqual(document.file.filename, "qt-vp-01-lan-1.pdf")
        self.assertNotIn("sửa đổi", document.text.raw)
        before = len(sent_mails(mailhost))

        done = make_due_documents_effective(self.portal, tomorrow)
        self.assertEqual(len(done), 1)
        self.assertNotIn(working_copy.getId(), self.section.objectIds())
        self.assertEqual(self.section[document.getId()].UID(), uid)
        self.assertEqual((document.UID(), document.absolute_url()), (uid, url))
        self.assertEqual(self.state(document), "effective")
        self.assertEqual(document.issue_number, 2)
        self.assertEqual(document.effective_date, tomorrow)
        self.assertEqual(document.file.filename, "qt-vp-01-lan-2.pdf")
        self.assertIn("sửa đổi lần 2", document.text.raw)
        self.assertFalse(IBaseline.providedBy(document))
        self.assertFalse(ILockable(document).locked())
        self.assertIsNone(revision.working_copy_of(document))
        # Read acknowledgements restart; the readers are told again.
        self.assertIsNone(distribution.read_at(document, "a-staff"))
        self.assertIsNotNone(distribution._reads(document, 1).get("a-staff"))
        self.assertGreater(len(sent_mails(mailhost)), before)
        # The history: issue 1 and issue 2, each a version.
        issues = revision.issues(document)
        self.assertEqual([entry["issue"] for entry in issues], [1, 2])
        self.assertEqual([entry["approved_by"] for entry in issues], ["a-leader", "a-leader"])
        self.assertEqual(issues[1]["effective_date"], tomorrow)
        repository = api.portal.get_tool("portal_repository")
        old = repository.retrieve(document, issues[0]["version_id"]).object
        self.assertEqual(old.issue_number, 1)
        self.assertEqual(old.file.filename, "qt-vp-01-lan-1.pdf")
        self.assertEqual(old.file.data, b"%PDF-1.4 lan 1")
        # The case of the revision is kept in the document's audit trail.
        summaries = [entry["summary"] for entry in AuditTrail(document)]
        self.assertTrue([s for s in summaries if s.startswith("Sửa đổi lần 2")], summaries)
        self.assertEqual(len(list(CaseSteps(document))), baseline_steps)


class TestRevisionRules(RevisionTestCase):
    def test_who_may_revise(self):
        document = self.effective()
        for user, expected in (("a-documents", True), ("a-secretary", True), ("a-staff", False),
                               ("a-leader", False), ("a-head", False), ("b-admin", False)):
            login(self.portal, user)
            self.assertEqual(revision.may_revise(document), expected, user)
        draft = self.create(code="QT-VP-09", title="Quy trình khác")
        login(self.portal, "a-documents")
        self.assertFalse(revision.may_revise(draft))
        with self.assertRaises(RevisionError):
            revision.start_revision(draft)

    def test_one_working_copy_at_a_time(self):
        document = self.effective()
        working_copy = self.revise(document)
        login(self.portal, "a-secretary")
        self.assertFalse(revision.may_revise(document))
        with self.assertRaises(RevisionError) as raised:
            revision.start_revision(document)
        self.assertIn("Tài liệu đang có bản sửa đổi (lần ban hành 2)",
                      translate(raised.exception.message, target_language="vi"))
        with self.assertRaises(RevisionError):
            revision.start_revision(working_copy)
        self.assertEqual(len([b for b in api.content.find(context=self.section,
                                                          portal_type="ControlledDocument",
                                                          code=document.code)]), 2)

    def test_unique_code_ignores_the_baseline_only(self):
        from eiso.content.controlled_document import code_taken

        document = self.effective()
        other = self.create(code="QT-VP-02", title="Quy trình hai")
        working_copy = self.revise(document)
        self.assertIsNone(code_taken(working_copy, document.code))
        self.assertIsNone(code_taken(document, document.code))
        self.assertEqual(code_taken(working_copy, "QT-VP-02"), other.Title())

    def test_cancel_the_revision(self):
        document = self.effective()
        working_copy = self.revise(document)
        wc_id = working_copy.getId()
        self.act("a-documents", working_copy, "submit")
        self.act("a-secretary", working_copy, "send_back", comment="Chưa cần sửa")
        self.assertEqual(self.state(working_copy), "draft")
        login(self.portal, "a-documents")
        revision.cancel_revision(working_copy)
        self.assertNotIn(wc_id, self.section.objectIds())
        self.assertFalse(IBaseline.providedBy(document))
        self.assertFalse(ILockable(document).locked())
        self.assertEqual(document.issue_number, 1)
        self.assertEqual(self.state(document), "effective")
        self.assertTrue(revision.may_revise(document))
        self.assertIn("Đã hủy bản sửa đổi, lần ban hành 2",
                      [entry["summary"] for entry in AuditTrail(document)])

    def test_effective_at_approval_when_the_date_has_come(self):
        document = self.effective()
        working_copy = self.revise(document)
        working_copy.title = "Quy trình kiểm soát tài liệu (sửa đổi)"
        self.approve(working_copy, date.today())
        self.assertIsNone(revision.working_copy_of(document))
        self.assertEqual(document.issue_number, 2)
        self.assertEqual(document.Title(), "Quy trình kiểm soát tài liệu (sửa đổi)")
        self.assertEqual(self.section.REQUEST.get("eiso.checked_in"), document.absolute_url())
        # and it can be revised again: issue 3
        third = self.revise(document)
        self.assertEqual(third.issue_number, 3)

    def test_withdrawing_the_document_cancels_its_revision(self):
        document = self.effective()
        working_copy = self.revise(document)
        wc_id = working_copy.getId()
        self.act("a-documents", document, "withdraw", comment="Không còn áp dụng")
        self.assertEqual(self.state(document), "obsolete")
        self.assertNotIn(wc_id, self.section.objectIds())
        self.assertFalse(ILockable(document).locked())

    def test_a_document_effective_before_versions_gets_its_issue_recorded(self):
        from zope.annotation.interfaces import IAnnotations

        document = self.effective()
        IAnnotations(document).pop(revision.ISSUES_KEY)  # as on a site of release 1001
        working_copy = self.revise(document)
        self.approve(working_copy)
        issues = revision.issues(document)
        self.assertEqual([entry["issue"] for entry in issues], [1, 2])
        repository = api.portal.get_tool("portal_repository")
        self.assertEqual(repository.retrieve(document, issues[0]["version_id"]).object.issue_number, 1)
        self.assertEqual(repository.retrieve(document, issues[1]["version_id"]).object.issue_number, 2)

    def test_agency_b_sees_nothing(self):
        document = self.effective()
        working_copy = self.revise(document)
        for user in ("b-staff", "b-leader", "b-admin"):
            self.assertFalse(self.sees(user, document), user)
            self.assertFalse(self.sees(user, working_copy), user)
            self.assertFalse(api.user.has_permission(
                "CMFEditions: Access previous versions", obj=document), user)


class TestEditLock(RevisionTestCase):
    """While a user edits a document (plone.locking), others neither revise it nor move it on."""

    MESSAGE = ("Tài liệu đang được Tài Liệu A chỉnh sửa (khóa từ {}). Vui lòng thử lại sau "
               "hoặc đề nghị người đó mở khóa.")

    def lock(self, document, user="a-documents"):
        login(self.portal, user)
        ILockable(document).lock()

    def since(self, document):
        return format_date(DateTime(ILockable(document).lock_info()[0]["time"]), with_time=True)

    def test_no_revision_while_another_user_edits(self):
        document = self.effective()
        self.lock(document)
        login(self.portal, "a-secretary")
        self.assertTrue(revision.may_revise(document))  # the button stays, and says why
        with self.assertRaises(RevisionError) as raised:
            revision.start_revision(document)
        self.assertEqual(translate(raised.exception.message, target_language="vi"),
                         self.MESSAGE.format(self.since(document)))
        self.assertIsNone(revision.working_copy_of(document))
        self.assertEqual(ILockable(document).lock_info()[0]["creator"], "a-documents")
        # The person editing may revise it (the edit lock becomes the revision's).
        working_copy = self.revise(document, "a-documents")
        self.assertEqual(revision.working_copy_of(document), working_copy)

    def test_no_transition_while_another_user_edits(self):
        from eiso.cases.handover import CaseError

        document = self.create()
        self.act("a-documents", document, "submit")
        self.lock(document)
        login(self.portal, "a-secretary")
        with self.assertRaises(CaseError) as raised:
            hand_over(document, "endorse")
        self.assertEqual(translate(raised.exception.message, target_language="vi"),
                         self.MESSAGE.format(self.since(document)))
        self.assertEqual(self.state(document), "reviewing")
        self.assertEqual(len(CaseSteps(document)), 2)
        # Once the edit is saved or cancelled (the lock released), it goes on.
        login(self.portal, "a-documents")
        ILockable(document).unlock()
        self.act("a-secretary", document, "endorse")
        self.assertEqual(self.state(document), "pending")

    def test_the_lock_holder_and_the_system_are_not_stopped(self):
        document = self.create(effective_date=date.today() + timedelta(days=3))
        self.lock(document)
        self.act("a-documents", document, "submit")  # editing it and handing it over: fine
        ILockable(document).unlock()  # the edit form saved
        self.act("a-secretary", document, "endorse")
        self.act("a-leader", document, "approve")
        self.assertEqual(self.state(document), "approved")
        self.lock(document, "a-admin")
        make_due_documents_effective(self.portal, date.today() + timedelta(days=3))
        self.assertEqual(self.state(document), "effective")

    def test_the_lock_of_a_revision_is_not_an_edit(self):
        document = self.effective()
        self.revise(document)
        self.assertTrue(ILockable(document).locked())  # plone.app.iterate's lock
        login(self.portal, "a-secretary")
        self.assertIsNone(locks.locked_message(document))


class TestChangeRequestRevision(RevisionTestCase):
    def test_accepted_change_request_checks_out_a_working_copy(self):
        from tests.test_documents_changes import ChangeTestCase

        document = self.effective()
        change = ChangeTestCase.request(self, document)
        self.act("a-staff", change, "submit")
        self.act("a-documents", change, "approve", comment="Đồng ý sửa đổi")
        working_copy = revision.working_copy_of(document)
        self.assertIsNotNone(working_copy)
        self.assertEqual(self.state(working_copy), "draft")
        self.assertEqual(working_copy.issue_number, 2)
        self.assertEqual(list(CaseSteps(working_copy))[0]["handlers"], ["a-documents"])
        self.assertFalse(self.sees("a-staff", working_copy))
        # A second accepted request does not make a second copy: it says so.
        second = ChangeTestCase.request(self, document)
        self.act("a-staff", second, "submit")
        self.act("a-documents", second, "approve")
        self.assertEqual(self.state(second), "approved")
        self.assertEqual(len(api.content.find(context=self.section, portal_type="ControlledDocument",
                                              unrestricted=True)), 2)
        self.assertTrue(any("Tài liệu đang có bản sửa đổi" in entry["summary"]
                            for entry in AuditTrail(second)))


class TestComments(RevisionTestCase):
    def may_comment(self, user, item):
        login(self.portal, user)
        return bool(api.user.has_permission("Reply to item", obj=item))

    def test_comments_open_while_drafting_and_reviewing_closed_once_effective(self):
        from plone.app.discussion.interfaces import IConversation
        from plone.app.discussion.interfaces import IDiscussionSettings
        from plone.registry.interfaces import IRegistry
        from zope.component import getUtility

        settings = getUtility(IRegistry).forInterface(IDiscussionSettings)
        self.assertTrue(settings.globally_enabled)
        self.assertFalse(settings.anonymous_comments)
        self.assertFalse(settings.moderation_enabled)
        document = self.create()
        self.assertTrue(IConversation(document).enabled())
        self.assertTrue(self.may_comment("a-documents", document))
        self.assertTrue(self.may_comment("a-leader", document))
        self.assertFalse(self.may_comment("a-staff", document))  # drafts are not theirs to see
        self.act("a-documents", document, "submit")
        for user in ("a-staff", "a-head", "a-secretary", "a-leader", "a-documents"):
            self.assertTrue(self.may_comment(user, document), user)
        self.assertFalse(self.may_comment("b-staff", document))
        self.act("a-secretary", document, "endorse")
        self.assertFalse(self.may_comment("a-staff", document))
        self.assertFalse(self.may_comment("a-leader", document))
        self.act("a-leader", document, "approve")
        self.assertEqual(self.state(document), "effective")
        for user in ("a-staff", "a-documents", "a-leader", "a-admin"):
            self.assertFalse(self.may_comment(user, document), user)
        # The revision is open to comments again while it is drafted and reviewed.
        working_copy = self.revise(document)
        self.assertTrue(self.may_comment("a-documents", working_copy))
        self.act("a-documents", working_copy, "submit")
        self.assertTrue(self.may_comment("a-staff", working_copy))
        self.assertFalse(self.may_comment("a-staff", document))


    def comment(self, user, item, text, reply_to=None):
        from plone.app.discussion.interfaces import IConversation
        from zope.component import createObject

        login(self.portal, user)
        comment = createObject("plone.Comment")
        comment.text = text
        comment.author_username = user
        comment.in_reply_to = reply_to
        return IConversation(item).addComment(comment)

    def test_comments_of_the_revision_join_the_document(self):
        from plone.app.discussion.interfaces import IConversation

        document = self.create()
        self.comment("a-leader", document, "Góp ý dự thảo lần 1")
        self.to_pending(document)
        self.act("a-leader", document, "approve")
        working_copy = self.revise(document)
        self.assertEqual(len(IConversation(working_copy)), 0)  # the copy starts without them
        self.act("a-documents", working_copy, "submit")
        question = self.comment("a-staff", working_copy, "Bước 3 có cần không?")
        self.comment("a-documents", working_copy, "Có, theo quy định mới.", reply_to=question)
        working_copy.effective_date = date.today()
        self.act("a-secretary", working_copy, "endorse")
        self.act("a-leader", working_copy, "approve")
        self.assertEqual(document.issue_number, 2)
        comments = sorted(IConversation(document).values(), key=lambda c: c.comment_id)
        self.assertEqual([c.text for c in comments], [
            "Góp ý dự thảo lần 1", "Bước 3 có cần không?", "Có, theo quy định mới."])
        self.assertEqual(comments[2].in_reply_to, comments[1].comment_id)
        self.assertEqual(comments[1].in_reply_to, 0)
        found = api.content.find(portal_type="Discussion Item", path="/".join(
            document.getPhysicalPath()), unrestricted=True)
        self.assertEqual(len(found), 3)


class RevisionHttpCase(unittest.TestCase):
    """An effective document (issue 1, with its file), committed for HTTP requests."""

    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["tai-lieu"]
        self.document = create(self.section, "a-documents", "Quy trình kiểm soát tài liệu",
                               "QT-VP-01", state="effective",
                               file=pdf("qt-vp-01-lan-1.pdf", b"%PDF-1.4 lan 1"))
        transaction.commit()
        self.url = self.document.absolute_url()

    def page(self, user, url=None):
        result = browser(self.app, user)
        if url:
            result.open(url)
        return result


class TestRevisionPages(RevisionHttpCase):
    """What users see and do over HTTP (Vietnamese pages, POST + authenticator, REST)."""

    def test_revise_cycle_in_the_browser(self):
        staff = self.page("a-staff", self.url)
        self.assertNotIn("eiso-revise-form", staff.contents)
        controller = self.page("a-documents", self.url)
        self.assertIn("Sửa đổi tài liệu", controller.contents)
        self.assertNotIn("iterate_checkout", controller.contents)  # iterate's own menu: hidden
        # A GET does nothing; the form posts with the authenticator.
        forged = self.page("a-documents")
        forged.open(self.url + "/@@revise-document")
        self.assertTrue(forged.headers["status"].startswith("403"), forged.headers["status"])
        forged.post(self.url + "/@@revise-document", "")
        self.assertTrue(forged.headers["status"].startswith("403"), forged.headers["status"])
        # Staff with a valid authenticator: refused in Vietnamese, nothing made.
        token = staff.getForm(action=self.url + "/@@document-read").getControl(
            name="_authenticator").value
        staff.post(self.url + "/@@revise-document", "_authenticator=" + token)
        self.assertIn("Không thể sửa đổi tài liệu này lúc này", staff.contents)
        transaction.begin()
        self.assertIsNone(revision.working_copy_of(self.document))

        controller.getForm(id="eiso-revise-form").submit()
        self.assertIn("Đã tạo bản sửa đổi", controller.contents)
        self.assertIn("Bản sửa đổi của “Quy trình kiểm soát tài liệu”, lần ban hành 2 (dự thảo)",
                      controller.contents)
        self.assertIn("Hủy bản sửa đổi", controller.contents)
        wc_url = controller.url
        self.assertNotEqual(wc_url, self.url)
        # The list shows the revision, marked, to those who see drafts.
        controller.open(self.section.absolute_url())
        self.assertEqual(controller.contents.count("eiso-revision-badge"), 1)
        staff.open(self.section.absolute_url())
        self.assertNotIn("eiso-revision-badge", staff.contents)
        # The effective page points to the revision; staff see neither the link nor the copy.
        controller.open(self.url)
        self.assertIn("Lần ban hành 2 đang được soạn thảo.", controller.contents)
        self.assertNotIn("eiso-revise-form", controller.contents)
        staff.open(self.url)
        self.assertNotIn("đang được soạn thảo", staff.contents)
        staff.open(wc_url)
        self.assertNotIn("Bản sửa đổi của", staff.contents)
        self.assertNotIn("Hủy bản sửa đổi", staff.contents)
        # A second revise: a Vietnamese message, no second copy.
        secretary = self.page("a-secretary")
        secretary.open(self.url)
        self.assertNotIn("eiso-revise-form", secretary.contents)
        transaction.begin()
        self.assertEqual(len(self.section.objectIds()), 2)

        # Through the workflow; approval on the effective date checks it in.
        transaction.begin()
        working_copy = revision.working_copy_of(self.document)
        working_copy.file = pdf("qt-vp-01-lan-2.pdf", b"%PDF-1.4 lan 2")
        working_copy.text = text("<p>Nội dung sửa đổi lần 2.</p>")
        for user, transition in (("a-documents", "submit"), ("a-secretary", "endorse")):
            login(self.portal, user)
            hand_over(working_copy, transition)
        transaction.commit()
        login(self.portal, "a-leader")
        hand_over(working_copy, "approve")
        transaction.commit()

        staff.open(self.url)
        self.assertIn("sửa đổi lần 2", staff.contents)
        self.assertIn("Lịch sử ban hành", staff.contents)
        self.assertNotIn("Xem lần ban hành này", staff.contents)  # former issues: not for staff
        staff.open(self.url + "/@@document-issue?issue=1")
        self.assertTrue(staff.headers["status"].startswith("403"), staff.headers["status"])

        controller.open(self.url)
        history = controller.contents.split('id="eiso-issue-history"')[1].split("</table>")[0]
        self.assertIn("Lãnh Đạo A", history)
        self.assertIn("Đang hiệu lực", history)
        controller.getLink("Xem lần ban hành này").click()
        self.assertIn("Lần ban hành 1 của “Quy trình kiểm soát tài liệu” (không còn hiệu lực)",
                      controller.contents)
        self.assertNotIn("sửa đổi lần 2", controller.contents)
        controller.getLink("qt-vp-01-lan-1.pdf").click()
        self.assertEqual(controller.contents, b"%PDF-1.4 lan 1")
        controller.open(self.url)
        controller.getLink("So sánh với lần ban hành sau").click()
        self.assertEqual(controller.headers["status"], "200 OK")
        diff = controller.contents
        self.assertIn("sửa đổi lần 2", diff)
        self.assertIn("qt-vp-01-lan-1.pdf", diff)
        self.assertIn("qt-vp-01-lan-2.pdf", diff)

    def test_cancel_in_the_browser(self):
        login(self.portal, "a-documents")
        working_copy = revision.start_revision(self.document)
        transaction.commit()
        wc_url = working_copy.absolute_url()
        secretary = self.page("a-secretary", wc_url)
        self.assertNotIn("eiso-cancel-revision-form", secretary.contents)
        controller = self.page("a-documents", wc_url)
        controller.getForm(id="eiso-cancel-revision-form").submit()
        self.assertIn("Đã hủy bản sửa đổi.", controller.contents)
        self.assertEqual(controller.url, self.url)
        transaction.begin()
        self.assertEqual(self.section.objectIds(), [self.document.getId()])

    def test_comments_over_rest_and_the_form(self):
        draft = create(self.section, "a-documents", "Hướng dẫn mới", "HD-VP-02", state="reviewing")
        transaction.commit()
        staff = RestSession(self.portal, "a-staff")
        try:
            response = staff.post("/co-quan-a/tai-lieu/" + draft.getId() + "/@comments",
                                  json={"text": "Đề nghị bổ sung bước 3"})
            self.assertEqual(response.status_code, 204, response.text)
            listed = staff.get("/co-quan-a/tai-lieu/" + draft.getId() + "/@comments").json()
            self.assertEqual([c["text"]["data"] for c in listed["items"]], ["Đề nghị bổ sung bước 3"])
            response = staff.post("/co-quan-a/tai-lieu/" + self.document.getId() + "/@comments",
                                  json={"text": "Góp ý khi đã hiệu lực"})
            self.assertIn(response.status_code, (401, 403), response.text)
        finally:
            staff.close()
        other = RestSession(self.portal, "b-staff")
        try:
            response = other.post("/co-quan-a/tai-lieu/" + draft.getId() + "/@comments",
                                  json={"text": "Không được"})
            self.assertIn(response.status_code, (401, 403, 404))
        finally:
            other.close()
        anonymous = RestSession(self.portal)
        try:
            response = anonymous.post("/co-quan-a/tai-lieu/" + draft.getId() + "/@comments",
                                      json={"text": "Ẩn danh"})
            self.assertIn(response.status_code, (401, 403, 404))
        finally:
            anonymous.close()
        # The page: the comment form while reviewing, none once effective.
        page = self.page("a-head", draft.absolute_url())
        self.assertIn("Đề nghị bổ sung bước 3", page.contents)
        self.assertIn("form.widgets.text", page.contents)
        page.open(self.url)
        self.assertNotIn("form.widgets.text", page.contents)
        transaction.begin()
        from plone.app.discussion.interfaces import IConversation

        self.assertEqual(len(IConversation(self.document)), 0)


class TestRevisionRest(RevisionHttpCase):
    def test_revision_over_rest(self):
        path = "/co-quan-a/tai-lieu/" + self.document.getId() + "/@revision"
        staff = RestSession(self.portal, "a-staff")
        controller = RestSession(self.portal, "a-documents")
        other = RestSession(self.portal, "b-staff")
        try:
            status = staff.get(path).json()
            self.assertFalse(status["can_revise"])
            self.assertEqual([i["issue_number"] for i in status["issues"]], [1])
            self.assertEqual(status["issues"][0]["approved_by"], "a-leader")
            refused = staff.post(path)
            self.assertEqual(refused.status_code, 403)
            self.assertIn("Không thể sửa đổi tài liệu này", refused.json()["error"]["message"])
            self.assertIn(other.get(path).status_code, (401, 403, 404))
            self.assertTrue(controller.get(path).json()["can_revise"])

            created = controller.post(path)
            self.assertEqual(created.status_code, 201, created.text)
            copy = created.json()
            self.assertTrue(copy["is_working_copy"])
            self.assertEqual(copy["issue_number"], 2)
            self.assertEqual(created.headers["Location"], copy["@id"][:-len("/@revision")])
            again = controller.post(path)
            self.assertEqual(again.status_code, 409)
            self.assertIn("Tài liệu đang có bản sửa đổi", again.json()["error"]["message"])
            self.assertIsNone(staff.get(path).json()["working_copy"])
            self.assertEqual(controller.get(path).json()["working_copy"],
                             created.headers["Location"])

            wc_path = created.headers["Location"][len(self.portal.absolute_url()):] + "/@revision"
            secretary = RestSession(self.portal, "a-secretary")
            try:
                self.assertEqual(secretary.delete(wc_path).status_code, 403)
            finally:
                secretary.close()
            cancelled = controller.delete(wc_path)
            self.assertEqual(cancelled.status_code, 200, cancelled.text)
            self.assertIsNone(cancelled.json()["working_copy"])
            self.assertTrue(cancelled.json()["can_revise"])
        finally:
            for session in (staff, controller, other):
                session.close()
        transaction.begin()
        self.assertEqual(self.section.objectIds(), [self.document.getId()])


class TestEditLockHttp(RevisionHttpCase):
    """a-documents has the edit form open (plone.locking); a-secretary tries to act."""

    def lock(self, document):
        login(self.portal, "a-documents")
        ILockable(document).lock()
        transaction.commit()
        return format_date(DateTime(ILockable(document).lock_info()[0]["time"]), with_time=True)

    def message(self, since):
        return (f"Tài liệu đang được Tài Liệu A chỉnh sửa (khóa từ {since}). "
                "Vui lòng thử lại sau hoặc đề nghị người đó mở khóa.")

    def test_revise_in_the_browser_and_over_rest(self):
        since = self.lock(self.document)
        secretary = self.page("a-secretary", self.url)
        secretary.getForm(id="eiso-revise-form").submit()
        self.assertEqual(secretary.headers["status"], "200 OK")
        self.assertIn(self.message(since), secretary.contents)
        self.assertEqual(secretary.url, self.url)
        session = RestSession(self.portal, "a-secretary")
        try:
            refused = session.post("/co-quan-a/tai-lieu/" + self.document.getId() + "/@revision")
        finally:
            session.close()
        self.assertEqual(refused.status_code, 409, refused.text)
        self.assertEqual(refused.json()["error"]["message"], self.message(since))
        transaction.begin()
        self.assertIsNone(revision.working_copy_of(self.document))
        self.assertEqual(ILockable(self.document).lock_info()[0]["creator"], "a-documents")

    def test_transition_form_and_rest_workflow(self):
        document = create(self.section, "a-documents", "Hướng dẫn soạn thảo", "HD-VP-02",
                          state="reviewing")
        transaction.commit()
        since = self.lock(document)
        secretary = self.page("a-secretary",
                              document.absolute_url() + "/@@case-transition?action=endorse")
        secretary.getControl(name="form.save").click()
        self.assertEqual(secretary.headers["status"], "200 OK")
        self.assertIn(self.message(since), secretary.contents)
        session = RestSession(self.portal, "a-secretary")
        try:
            refused = session.post(
                "/co-quan-a/tai-lieu/" + document.getId() + "/@workflow/endorse", json={})
        finally:
            session.close()
        self.assertEqual(refused.status_code, 409, refused.text)
        self.assertEqual(refused.json()["error"]["message"], self.message(since))
        # The toolbar's state menu, too.
        token = secretary.getControl(name="_authenticator", index=0).value
        secretary.open(document.absolute_url()
                       + f"/content_status_modify?workflow_action=endorse&_authenticator={token}")
        self.assertEqual(secretary.headers["status"], "200 OK")
        self.assertEqual(secretary.url, document.absolute_url())
        self.assertIn(self.message(since), secretary.contents)
        transaction.begin()
        self.assertEqual(api.content.get_state(document), "reviewing")
        # Unlocked (the edit saved or cancelled): the same requests go through.
        login(self.portal, "a-documents")
        ILockable(document).unlock()
        transaction.commit()
        secretary.open(document.absolute_url() + "/content_status_modify?workflow_action=endorse"
                       f"&comment=%C4%90%E1%BB%93ng%20%C3%BD&_authenticator={token}")
        transaction.begin()
        self.assertEqual(api.content.get_state(document), "pending")
        last = document.workflow_history["eiso_document_workflow"][-1]
        self.assertEqual((last["action"], last["actor"], last["comments"]),
                         ("endorse", "a-secretary", "Đồng ý"))
        session = RestSession(self.portal, "a-leader")
        try:
            done = session.post(
                "/co-quan-a/tai-lieu/" + document.getId() + "/@workflow/approve", json={})
        finally:
            session.close()
        self.assertEqual(done.status_code, 200, done.text)
        transaction.begin()
        self.assertEqual(api.content.get_state(document), "effective")


class TestRevisionsUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_1001_to_1002_installs_iterate_versions_and_comments(self):
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID

        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        setup = api.portal.get_tool("portal_setup")
        repository = api.portal.get_tool("portal_repository")
        types = api.portal.get_tool("portal_types")
        workflow = api.portal.get_tool("portal_workflow")
        # A 1001 site: no iterate, the type neither versioned nor open to comments.
        setup.unsetLastVersionForProfile("plone.app.iterate:default")
        repository.setVersionableContentTypes(
            [t for t in repository.getVersionableContentTypes() if t != "ControlledDocument"])
        repository.removePolicyFromContentType("ControlledDocument", "version_on_revert")
        api.portal.get_tool("portal_diff").setDiffForPortalType("ControlledDocument", {})
        fti = types["ControlledDocument"]
        fti.behaviors = tuple(b for b in fti.behaviors
                              if b not in ("plone.versioning", "plone.locking"))
        fti.allow_discussion = False
        api.portal.get_tool("portal_actions")["object_buttons"].manage_delObjects(
            ["iterate_checkout", "iterate_checkin", "iterate_checkout_cancel"])
        workflow.manage_delObjects(["eiso_document_workflow"])
        setup.setLastVersionForProfile("eiso:default", "1001")

        setup.upgradeProfile("eiso:default")

        self.assertNotEqual(setup.getLastVersionForProfile("plone.app.iterate:default"), "unknown")
        self.assertIn("ControlledDocument", repository.getVersionableContentTypes())
        self.assertFalse(repository.supportsPolicy(
            portal["co-quan-a"]["tai-lieu"], "at_edit_autoversion"))
        self.assertEqual(api.portal.get_tool("portal_diff").getDiffForPortalType("ControlledDocument"),
                         {"any": "Compound Diff for Dexterity types"})
        self.assertIn("plone.versioning", types["ControlledDocument"].behaviors)
        self.assertIn("plone.locking", types["ControlledDocument"].behaviors)
        self.assertTrue(types["ControlledDocument"].allow_discussion)
        definition = workflow["eiso_document_workflow"]
        self.assertIn("Reply to item", definition.permissions)
        self.assertIn("iterate : Check out content", definition.permissions)
        buttons = api.portal.get_tool("portal_actions")["object_buttons"]
        self.assertFalse(buttons["iterate_checkout"].visible)
