"""Records, borrowing and disposal (SPEC §5–§6, seed functions 16, 18, 19), role by
role: the records officer keeps records, a member borrows them, a leader approves,
the records officer lends them, takes them back and destroys them when their time is up."""

from datetime import date
from datetime import timedelta
from eiso.cases.handover import CaseError
from eiso.cases.handover import default_deadline
from eiso.cases.handover import hand_over
from eiso.commands.reminders import due_cases
from eiso.commands.reminders import OVERDUE
from eiso.content.record import IRecordsSection
from eiso.inbox import Inbox
from eiso.inbox import InboxParams
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.namedfile.file import NamedBlobFile
from Products.CMFCore.WorkflowCore import WorkflowException
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.interface import Invalid
from zope.intid.interfaces import IIntIds

import unittest




def relations(*items):
    intids = getUtility(IIntIds)
    return [RelationValue(intids.getId(item)) for item in items]


def pdf(name="ho-so.pdf", data=b"%PDF-1.4 records"):
    return NamedBlobFile(data=data, filename=name, contentType="application/pdf")


class RecordsTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["ho-so"]

    def create_record(self, code="HS-VP-01", title="Hồ sơ họp giao ban", year=2015,
                      retention_years=5, user="a-records", section=None, **fields):
        login(self.portal, user)
        fields.setdefault("files", [pdf()])
        return api.content.create(
            container=section or self.section, type="Record", code=code, title=title,
            record_kind="work", department="van-phong", year=year,
            retention_years=retention_years, storage_location="Kho lưu trữ, tủ 1",
            medium="both", iso_clauses=["7.5", "7.5.3"], **fields)

    def borrow(self, *records, user="a-staff", return_date=None, borrow_date=None):
        login(self.portal, user)
        return api.content.create(
            container=self.section, type="BorrowRequest", title="Mượn hồ sơ",
            records=relations(*records), purpose="Phục vụ đánh giá nội bộ",
            borrow_date=borrow_date or date.today(),
            return_date=return_date or date.today() + timedelta(days=7))

    def act(self, user, item, transition, **kwargs):
        login(self.portal, user)
        hand_over(item, transition, **kwargs)

    def lent(self, *records, user="a-staff", return_date=None):
        request = self.borrow(*records, user=user, return_date=return_date)
        self.act("a-leader", request, "approve")
        self.act("a-records", request, "lend")
        return request

    def propose(self, *records, user="a-records"):
        login(self.portal, user)
        return api.content.create(
            container=self.section, type="DisposalProposal", title="Đề nghị hủy hồ sơ 2015",
            records=relations(*records), reason="Hết thời hạn lưu trữ")

    def approved_proposal(self, *records):
        proposal = self.propose(*records)
        self.act("a-records", proposal, "submit")
        self.act("a-leader", proposal, "approve")
        return proposal

    def state(self, item):
        return api.content.get_state(item)

    def transitions(self, user, item):
        login(self.portal, user)
        workflow = api.portal.get_tool("portal_workflow")
        return sorted(t["id"] for t in workflow.getTransitionsFor(item))


class TestRecords(RecordsTestCase):
    def test_the_records_section_is_marked_and_allows_its_types(self):
        self.assertTrue(IRecordsSection.providedBy(self.section))
        login(self.portal, "a-records")
        allowed = sorted(t.getId() for t in self.section.allowedContentTypes())
        self.assertEqual(allowed, ["BorrowRequest", "DisposalProposal", "Record"])

    def test_ho_so_lists_its_records_as_other_sections_their_items(self):
        # section-listing shows the section's own "section-listing-<id>", here ho-so's.
        from eiso.interfaces import IEisoLayer
        from zope.component import queryMultiAdapter
        from zope.interface import alsoProvides

        request = self.layer["request"]
        alsoProvides(request, IEisoLayer)
        self.create_record()
        login(self.portal, "a-staff")
        html = api.content.get_view("section-listing", self.section, request)()
        self.assertIn('id="eiso-records-filter"', html)
        self.assertIn("HS-VP-01", html)
        other = self.agency["boi-canh"]
        self.assertIsNone(queryMultiAdapter((other, request), name="section-listing-ho-so"))
        self.assertNotIn('id="eiso-records-filter"',
                         api.content.get_view("section-listing", other, request)())

    def test_who_adds_records(self):
        for user, can in (("a-records", True), ("a-admin", True), ("a-staff", False),
                          ("a-leader", False), ("a-secretary", False), ("b-admin", False)):
            login(self.portal, user)
            self.assertEqual(
                api.user.has_permission("eiso: Add Record", obj=self.section), can, user)

    def test_disposal_due_is_the_end_of_year_plus_retention(self):
        record = self.create_record(year=2020, retention_years=5)
        self.assertEqual(record.disposal_due, date(2025, 12, 31))
        permanent = self.create_record(code="HS-VP-02", retention_years=0)
        self.assertIsNone(permanent.disposal_due)
        brains = api.content.find(portal_type="Record",
                                  disposal_due={"query": date(2025, 12, 31), "range": "max"})
        self.assertEqual([b.UID for b in brains], [record.UID()])

    def test_staff_sees_records_the_other_agency_nothing(self):
        record = self.create_record()
        for user, sees in (("a-staff", True), ("a-leader", True), ("a-records", True),
                           ("b-admin", False), ("b-staff", False)):
            login(self.portal, user)
            self.assertEqual(bool(api.content.find(UID=record.UID())), sees, user)
            self.assertEqual(api.user.has_permission("View", obj=record), sees, user)
        for user, can in (("a-records", True), ("a-admin", True), ("a-staff", False),
                          ("a-leader", False)):
            login(self.portal, user)
            self.assertEqual(api.user.has_permission("Modify portal content", obj=record), can)

    def test_nobody_destroys_a_record_directly(self):
        record = self.create_record()
        for user in ("a-records", "a-leader", "a-admin", "a-staff"):
            self.assertEqual(self.transitions(user, record), [], user)
        login(self.portal, "a-admin")
        with self.assertRaises(WorkflowException):
            api.portal.get_tool("portal_workflow").doActionFor(record, "destroy")
        self.assertEqual(self.state(record), "active")

    def test_a_manager_cannot_destroy_either(self):
        record = self.create_record()
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID
        from plone.app.testing import TEST_USER_NAME

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        workflow = api.portal.get_tool("portal_workflow")
        self.assertNotIn("destroy", [t["id"] for t in workflow.getTransitionsFor(record)])
        with self.assertRaises(WorkflowException):
            workflow.doActionFor(record, "destroy")


class TestBorrowing(RecordsTestCase):
    def test_the_flow_member_leader_records_officer(self):
        record = self.create_record()
        request = self.borrow(record)
        self.assertEqual(self.state(request), "requested")
        self.assertTrue(request.code.startswith(f"PM-{date.today().year}-"))
        self.assertEqual(request.responsible_users, ["a-leader"])
        self.assertEqual(request.due_date, default_deadline())  # the leader's usual time
        self.assertEqual(self.transitions("a-staff", request), [])
        self.assertEqual(self.transitions("a-records", request), [])
        self.assertEqual(self.transitions("a-leader", request), ["approve", "reject"])
        self.act("a-leader", request, "approve")
        self.assertEqual(request.responsible_users, ["a-records"])
        self.assertEqual(self.transitions("a-leader", request), [])
        self.assertEqual(self.transitions("a-records", request), ["lend"])
        self.act("a-records", request, "lend")
        self.assertEqual(self.state(request), "lent")
        self.assertEqual(request.due_date, request.return_date)
        self.assertEqual(self.transitions("a-records", request), ["mark_returned"])
        self.act("a-records", request, "mark_returned")
        self.assertEqual(self.state(request), "returned")
        self.assertFalse(request.responsible_users)

    def test_the_leader_declines(self):
        request = self.borrow(self.create_record())
        self.act("a-leader", request, "reject")
        self.assertEqual(self.state(request), "rejected")

    def test_a_record_is_not_lent_twice_at_once(self):
        record = self.create_record()
        first = self.lent(record)
        second = self.borrow(record, user="a-head")
        self.act("a-leader", second, "approve")
        login(self.portal, "a-records")
        with self.assertRaises(CaseError) as raised:
            hand_over(second, "lend")
        self.assertIn("đã được cho mượn", str(raised.exception))
        self.assertIn(first.code, str(raised.exception))
        self.assertEqual(self.state(second), "approved")
        # through the workflow tool (REST @workflow): a WorkflowException
        with self.assertRaises(WorkflowException):
            api.portal.get_tool("portal_workflow").doActionFor(second, "lend")
        self.assertEqual(self.state(second), "approved")
        self.act("a-records", first, "mark_returned")
        self.act("a-records", second, "lend")
        self.assertEqual(self.state(second), "lent")

    def test_bad_inputs(self):
        from eiso.content.borrow_request import IBorrowRequestSchema
        from z3c.form.validator import Data

        record = self.create_record()
        login(self.portal, "a-staff")

        def problems(**data):
            values = {"records": relations(record), "borrow_date": date.today(),
                      "return_date": date.today() + timedelta(days=3), "purpose": "x", "title": "y"}
            values.update(data)
            errors = []
            try:
                IBorrowRequestSchema.validateInvariants(
                    Data(IBorrowRequestSchema, values, self.section), errors)
            except Invalid:
                pass
            return [str(error) for error in errors]

        self.assertEqual(problems(), [])
        self.assertEqual(problems(return_date=date.today() - timedelta(days=1)),
                         ["The return date cannot be before the borrowing date."])
        self.assertEqual(problems(records=[]), ["Choose at least one record."])
        other = self.create_record(code="B-01", user="b-admin",
                                   section=self.portal["co-quan-b"]["ho-so"])
        login(self.portal, "a-staff")
        self.assertEqual(problems(records=relations(other)),
                         ["The record “${title}” does not belong to this agency."])

    def test_overdue_borrowing_in_the_inbox_and_the_reminders(self):
        record = self.create_record()
        request = self.lent(record)
        request.due_date = request.return_date = date.today() - timedelta(days=2)
        request.reindexObject()
        login(self.portal, "a-records")
        inbox = Inbox(self.portal, "a-records", self.layer["request"])
        rows = [inbox.row(b) for b in inbox.results(InboxParams.from_form({}))]
        row = next(r for r in rows if r["code"] == request.code)
        self.assertEqual(row["status"], "overdue")
        digests = due_cases(self.portal, date.today(), 2)
        self.assertIn(request.code, [c["code"] for c in digests["a-records"][OVERDUE]])

    def test_the_record_shows_who_has_it(self):
        record = self.create_record()
        request = self.lent(record)
        login(self.portal, "a-staff")
        view = record.restrictedTraverse("@@view")
        lending = view.current_lending()
        self.assertEqual(lending["borrower"], "Nhân Viên A")
        self.assertEqual(lending["code"], request.code)
        self.assertEqual(len(view.borrowings()), 1)
        html = view()
        self.assertIn("eiso-record-lent", html)
        self.assertIn("Nhân Viên A", html)
        html = request.restrictedTraverse("@@view")()
        self.assertIn("Phục vụ đánh giá nội bộ", html)
        self.assertIn("Hồ sơ họp giao ban", html)
        self.assertIn("Nhân Viên A", html)  # the borrower


class TestDisposal(RecordsTestCase):
    def test_execute_destroys_records_keeps_metadata_and_minutes(self):
        first = self.create_record()
        second = self.create_record(code="HS-VP-02", title="Sổ theo dõi công văn")
        proposal = self.approved_proposal(first, second)
        self.assertTrue(proposal.code.startswith(f"DH-{date.today().year}-"))
        self.assertEqual(self.transitions("a-records", proposal), ["execute"])
        login(self.portal, "a-records")
        with self.assertRaises(CaseError) as raised:
            hand_over(proposal, "execute")
        self.assertIn("Biên bản hủy", str(raised.exception))
        self.assertEqual(self.state(proposal), "approved")
        self.assertEqual([self.state(first), self.state(second)], ["active", "active"])
        self.assertEqual(len(first.files), 1)
        hand_over(proposal, "execute", files=[pdf("bien-ban-huy.pdf")])
        self.assertEqual(self.state(proposal), "executed")
        self.assertEqual(proposal.minutes.filename, "bien-ban-huy.pdf")
        html = proposal.restrictedTraverse("@@view")()
        self.assertIn("@@download/minutes/bien-ban-huy.pdf", html)
        self.assertIn("Sổ theo dõi công văn", html)
        html = first.restrictedTraverse("@@view")()
        self.assertIn("Không có tệp", html)
        self.assertIn("HS-VP-01", html)
        for record in (first, second):
            self.assertEqual(self.state(record), "destroyed")
            self.assertEqual(record.files, [])
            self.assertEqual(record.storage_location, "Kho lưu trữ, tủ 1")
        self.assertEqual(first.code, "HS-VP-01")
        for user in ("a-records", "a-leader", "a-admin"):
            self.assertEqual(self.transitions(user, proposal), [], user)
        # only the administrator restores
        self.assertEqual(self.transitions("a-records", first), [])
        self.assertEqual(self.transitions("a-leader", first), [])
        self.assertEqual(self.transitions("a-admin", first), ["restore"])
        api.content.transition(obj=first, transition="restore")
        self.assertEqual(self.state(first), "active")
        # the executed proposal stays editable for the administrator (its minutes)
        from eiso.content.disposal_proposal import IDisposalProposalSchema
        from z3c.form.validator import Data

        errors = []
        IDisposalProposalSchema.validateInvariants(
            Data(IDisposalProposalSchema, {"records": proposal.records}, proposal), errors)
        self.assertEqual(errors, [])

    def test_destroyed_records_cannot_be_lent_or_proposed(self):
        record = self.create_record()
        request = self.borrow(record)
        self.act("a-leader", request, "approve")
        proposal = self.approved_proposal(record)
        proposal.minutes = pdf("bien-ban.pdf")
        self.act("a-records", proposal, "execute")
        login(self.portal, "a-records")
        with self.assertRaises(CaseError) as raised:
            hand_over(request, "lend")
        self.assertIn("đã bị hủy", str(raised.exception))
        with self.assertRaises(Invalid):
            from eiso.content.record import check_records
            check_records(self.section, relations(record))

    def test_lent_records_are_not_destroyed(self):
        record = self.create_record()
        self.lent(record)
        proposal = self.approved_proposal(record)
        proposal.minutes = pdf("bien-ban.pdf")
        login(self.portal, "a-records")
        with self.assertRaises(CaseError):
            hand_over(proposal, "execute")
        self.assertEqual(self.state(record), "active")

    def test_the_due_list_and_the_proposal_made_from_it(self):
        due = self.create_record(year=2015, retention_years=5)
        not_yet = self.create_record(code="HS-VP-02", year=date.today().year, retention_years=5)
        permanent = self.create_record(code="HS-VP-03", year=2000, retention_years=0)
        proposed = self.create_record(code="HS-VP-04", year=2010, retention_years=1)
        self.propose(proposed)
        login(self.portal, "a-records")
        view = self.section.restrictedTraverse("@@disposal-due")
        self.assertEqual([r["code"] for r in view.rows()], ["HS-VP-01"])
        del not_yet, permanent
        request = self.layer["request"]
        request.method = "POST"
        request.form.update({"form.create": "1", "uids": [due.UID()]})
        from plone.protect.authenticator import createToken
        request.form["_authenticator"] = createToken()
        view = self.section.restrictedTraverse("@@disposal-due")
        view()
        proposals = api.content.find(context=self.section, portal_type="DisposalProposal",
                                     record_uids=due.UID())
        self.assertEqual(len(proposals), 1)
        self.assertEqual(self.state(proposals[0].getObject()), "draft")


class TestWhoSeesWhat(RecordsTestCase):
    def test_a_borrow_request_state_by_state(self):
        request = self.borrow(self.create_record())

        def rights(user):
            login(self.portal, user)
            return (api.user.has_permission("View", obj=request),
                    api.user.has_permission("Modify portal content", obj=request),
                    api.user.has_permission("Delete objects", obj=request))

        # requested: the borrower may still change or withdraw it
        self.assertEqual(rights("a-staff"), (True, True, True))
        self.assertEqual(rights("a-leader"), (True, False, False))
        self.assertEqual(rights("a-records"), (True, False, False))
        self.assertEqual(rights("a-head"), (False, False, False))  # another member
        self.assertEqual(rights("b-admin"), (False, False, False))
        self.act("a-leader", request, "approve")
        self.assertEqual(rights("a-staff"), (True, False, False))
        self.assertEqual(rights("a-head"), (False, False, False))
        self.act("a-records", request, "lend")
        self.assertEqual(rights("a-staff"), (True, False, False))
        self.assertEqual(self.transitions("a-staff", request), [])
        self.assertEqual(self.transitions("a-leader", request), [])
        self.assertEqual(rights("a-admin"), (True, True, True))
        login(self.portal, "b-admin")
        self.assertFalse(api.content.find(portal_type="BorrowRequest"))

    def test_a_disposal_proposal_state_by_state(self):
        record = self.create_record()
        proposal = self.propose(record)

        def can(user, permission):
            login(self.portal, user)
            return api.user.has_permission(permission, obj=proposal)

        self.assertTrue(can("a-records", "eiso: Edit disposal proposal"))
        self.assertFalse(can("a-staff", "View"))
        self.assertTrue(can("a-leader", "View"))
        self.assertEqual(self.transitions("a-leader", proposal), [])
        self.act("a-records", proposal, "submit")
        self.assertEqual(proposal.responsible_users, ["a-leader"])
        self.assertFalse(can("a-records", "eiso: Edit disposal proposal"))
        self.assertFalse(can("a-records", "Modify portal content"))
        self.assertEqual(self.transitions("a-records", proposal), [])
        self.assertEqual(self.transitions("a-leader", proposal),
                         ["approve", "reject", "send_back"])
        self.act("a-leader", proposal, "send_back")
        self.assertEqual(self.state(proposal), "draft")
        self.assertEqual(proposal.responsible_users, ["a-records"])
        self.act("a-records", proposal, "submit")
        self.act("a-leader", proposal, "approve")
        # approved: the records officer may attach the minutes, not change the records
        self.assertTrue(can("a-records", "Modify portal content"))
        self.assertFalse(can("a-records", "eiso: Edit disposal proposal"))
        self.assertFalse(can("a-leader", "Modify portal content"))
        self.assertEqual(self.transitions("a-leader", proposal), [])
        login(self.portal, "b-admin")
        self.assertFalse(api.content.find(portal_type="DisposalProposal"))
        self.assertFalse(api.content.find(portal_type="Record"))

    def test_the_leader_rejects_a_proposal(self):
        proposal = self.propose(self.create_record())
        self.act("a-records", proposal, "submit")
        self.act("a-leader", proposal, "reject")
        self.assertEqual(self.state(proposal), "rejected")
        for user in ("a-records", "a-leader", "a-admin"):
            self.assertEqual(self.transitions(user, proposal), [], user)


class TestListing(RecordsTestCase):
    def listing(self, user="a-staff", **form):
        login(self.portal, user)
        request = self.layer["request"]
        request.form.clear()
        request.form.update(form)
        from eiso.browser.records import RecordsListingView

        return RecordsListingView(self.section, request)

    def test_twenty_a_page_and_the_filters(self):
        for number in range(21):
            self.create_record(code=f"HS-{number:02d}", title=f"Hồ sơ {number:02d}",
                               year=2015 + number % 2, files=[])
        self.create_record(code="HS-CNTT", title="Hồ sơ phòng CNTT", year=2020, files=[],
                           section=None)
        record = self.section["ho-so-phong-cntt"]
        record.department = "phong-cntt"
        record.record_kind = "iso"
        record.reindexObject()
        view = self.listing()
        self.assertEqual(len(view.rows()), 20)
        self.assertEqual(view.batch().sequence_length, 22)
        self.assertEqual(view.rows()[0]["number"], 1)
        self.assertEqual(len(self.listing(b_start="20").rows()), 2)
        rows = self.listing(department="phong-cntt").rows()
        self.assertEqual([r["code"] for r in rows], ["HS-CNTT"])
        self.assertEqual(rows[0]["department"], "Phòng Công nghệ thông tin")
        self.assertEqual([r["code"] for r in self.listing(record_kind="iso").rows()], ["HS-CNTT"])
        self.assertEqual(len(self.listing(year="2016").rows()), 10)
        self.assertEqual(self.listing(review_state="destroyed").rows(), [])
        self.assertEqual(self.listing(user="b-admin").rows(), [])
