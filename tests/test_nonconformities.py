"""Nonconformities (Báo cáo sự không phù hợp, SPEC §8): reported → analysed → approved →
implementing → verified → closed, role by role, with the checks of each step."""

from datetime import date
from datetime import timedelta
from eiso.cases.audit import AuditTrail
from eiso.cases.handover import CaseError
from eiso.cases.handover import default_deadline
from eiso.cases.handover import hand_over
from eiso.cases.steps import CaseSteps
from eiso.commands.reminders import due_cases
from eiso.commands.reminders import OVERDUE
from eiso.content.nonconformity import INonconformitySchema
from eiso.inbox import Inbox
from eiso.interfaces import IEisoLayer
from eiso.nonconformities import create_nonconformity
from eiso.nonconformities import open_nonconformity
from eiso.nonconformities.workflow import analysts
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.workflows.records import TransitionRefused
from plone import api
from plone.app.testing import login as plone_login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.annotation.interfaces import IAnnotations
from zope.interface import alsoProvides

import unittest


def login(portal, user):
    """Log in as ``user``, forgetting the local roles borg.localrole cached on the request
    (the handlers of a case change between two checks of one test)."""
    annotations = IAnnotations(portal.REQUEST)
    for key in [key for key in annotations if "checkLocalRolesAllowed" in str(key)]:
        del annotations[key]
    plone_login(portal, user)


DUE = date.today() + timedelta(days=30)
ANALYSIS = dict(
    root_cause="Chưa phân công người theo dõi hạn xử lý",
    corrective_action="Theo dõi hạn xử lý trên phần mềm một cửa",
    responsible="a-staff",
    action_due_date=DUE,
)


class NonconformityTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        self.request["LANGUAGE"] = "vi"
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["kiem-soat"]

    def report(self, user="a-staff", **fields):
        login(self.portal, user)
        values = dict(description="Hồ sơ TTHC trả kết quả trễ hạn 02 ngày", source="staff",
                      department="phong-cntt")
        values.update(fields)
        return create_nonconformity(self.section, **values)

    def act(self, user, item, transition, **fields):
        login(self.portal, user)
        for name, value in fields.items():
            setattr(item, name, value)
        hand_over(item, transition)

    def state(self, item):
        return api.content.get_state(item)

    def allowed(self, item, user):
        login(self.portal, user)
        workflow = api.portal.get_tool("portal_workflow")
        return sorted(t["id"] for t in workflow.getTransitionsFor(item))

    def handlers(self, item):
        return sorted(p for p, roles in item.get_local_roles() if "CaseHandler" in roles)

    def to_state(self, item, state):
        """Move ``item`` through the flow until ``state``, each step by its handler."""
        path = [(analysts(item)[0], "analyse", ANALYSIS), ("a-leader", "approve", {}),
                ("a-staff", "implement", {}),
                ("a-secretary", "verify", dict(verification="Đã kiểm tra 05 hồ sơ: đúng hạn",
                                               action_effective=True)),
                ("a-secretary", "close", {})]
        order = ["reported", "analysed", "approved", "implementing", "verified", "closed"]
        for user, transition, fields in path[:order.index(state)]:
            self.act(user, item, transition, **fields)
        return item


class TestTheFlow(NonconformityTestCase):
    def test_any_member_reports_one_the_head_of_its_department_analyses(self):
        item = self.report()
        self.assertEqual(self.state(item), "reported")
        self.assertTrue(item.code.startswith(f"KPH-{date.today().year}-"))
        self.assertEqual(item.responsible_users, ["a-head"])
        self.assertEqual(item.responsible_department, "phong-cntt")
        self.assertEqual(self.handlers(item), ["a-head"])
        self.assertEqual(CaseSteps(item).current()["title"], "Analysing the cause")
        self.assertEqual(item.Creator(), "a-staff")
        # Bước 1 waits for the head, not the author: it has a step's usual deadline.
        self.assertEqual(item.due_date, default_deadline())
        self.assertEqual(CaseSteps(item).current()["deadline"], default_deadline())

    def test_without_a_head_the_iso_secretary_analyses(self):
        item = self.report(department="van-phong")
        self.assertEqual(item.responsible_users, ["a-secretary"])
        item = self.report(department=None)
        self.assertEqual(item.responsible_users, ["a-secretary"])

    def test_a_head_analyses_only_what_waits_for_him(self):
        item = self.report(department="van-phong")  # waits for the ISO secretary
        item.root_cause, item.corrective_action = "Thiếu theo dõi", "Theo dõi hằng tuần"
        item.responsible, item.action_due_date = "a-staff", DUE
        self.assertEqual(self.allowed(item, "a-head"), [])
        self.assertEqual(self.allowed(item, "a-secretary"), ["analyse"])

    def test_the_departments_own_head_wins(self):
        department = self.agency["to-chuc"]["van-phong"]
        department.head = "a-leader"
        item = self.report(department="van-phong")
        self.assertEqual(item.responsible_users, ["a-leader"])

    def test_the_whole_flow_role_by_role(self):
        item = self.report()
        self.assertEqual(self.allowed(item, "a-staff"), [])
        self.assertEqual(self.allowed(item, "a-secretary"), [])
        self.assertEqual(self.allowed(item, "a-leader"), [])
        self.assertEqual(self.allowed(item, "a-head"), ["analyse"])

        self.act("a-head", item, "analyse", **ANALYSIS)
        self.assertEqual(self.state(item), "analysed")
        self.assertEqual(item.responsible_users, ["a-leader"])
        self.assertEqual(self.allowed(item, "a-head"), [])
        self.assertEqual(self.allowed(item, "a-secretary"), [])
        self.assertEqual(self.allowed(item, "a-leader"), ["approve", "reject", "send_back"])

        self.act("a-leader", item, "approve")
        self.assertEqual(self.state(item), "approved")
        # the person responsible, by the action's due date: inbox and reminders
        self.assertEqual(item.responsible_users, ["a-staff"])
        self.assertEqual(item.due_date, DUE)
        self.assertEqual(CaseSteps(item).current()["deadline"], DUE)
        self.assertEqual(self.allowed(item, "a-leader"), [])
        self.assertEqual(self.allowed(item, "a-secretary"), [])
        self.assertEqual(self.allowed(item, "a-staff"), ["implement"])

        self.act("a-staff", item, "implement")
        self.assertEqual(self.state(item), "implementing")
        self.assertEqual(item.responsible_users, ["a-secretary"])
        self.assertEqual(self.allowed(item, "a-staff"), [])
        self.assertEqual(self.allowed(item, "a-head"), [])
        self.assertEqual(self.allowed(item, "a-secretary"), ["reopen", "verify"])

        self.act("a-secretary", item, "verify", verification="Đã kiểm tra: 05 hồ sơ đúng hạn",
                 action_effective=True)
        self.assertEqual(self.state(item), "verified")
        self.assertEqual(item.verified_by, "a-secretary")
        self.assertEqual(item.verified_date, date.today())
        self.assertEqual(self.allowed(item, "a-secretary"), ["close"])
        self.assertEqual(self.allowed(item, "a-leader"), [])

        self.act("a-secretary", item, "close")
        self.assertEqual(self.state(item), "closed")
        self.assertEqual(item.responsible_users, [])
        self.assertIsNone(CaseSteps(item).current())
        self.assertEqual(self.handlers(item), [])
        for user in ("a-staff", "a-head", "a-leader", "a-secretary"):
            self.assertEqual(self.allowed(item, user), [], user)
        self.assertEqual(
            [step["action"] for step in CaseSteps(item)],
            ["analyse", "approve", "implement", "verify", "close"],
        )

    def test_send_back_returns_to_the_head_reject_finishes(self):
        item = self.to_state(self.report(), "analysed")
        self.act("a-leader", item, "send_back")
        self.assertEqual(self.state(item), "reported")
        self.assertEqual(item.responsible_users, ["a-head"])
        self.act("a-head", item, "analyse")
        self.act("a-leader", item, "reject")
        self.assertEqual(self.state(item), "rejected")
        self.assertEqual(item.responsible_users, [])

    def test_not_effective_goes_back_to_the_person_responsible(self):
        item = self.to_state(self.report(), "implementing")
        self.act("a-secretary", item, "reopen",
                 verification="Vẫn còn 02 hồ sơ trễ hạn trong tháng")
        self.assertEqual(self.state(item), "approved")
        self.assertEqual(item.responsible_users, ["a-staff"])
        self.assertEqual(item.due_date, DUE)
        self.assertEqual(item.verified_by, "a-secretary")
        self.act("a-staff", item, "implement")
        self.act("a-secretary", item, "verify", action_effective=True)
        self.assertEqual(self.state(item), "verified")

    def test_a_due_date_already_past_gives_the_default_deadline(self):
        item = self.to_state(self.report(), "analysed")
        item.action_due_date = date.today() - timedelta(days=1)
        self.act("a-leader", item, "approve")
        self.assertEqual(item.responsible_users, ["a-staff"])
        self.assertGreater(item.due_date, date.today())

    def test_the_responsible_finds_it_in_the_inbox_and_reminders(self):
        item = self.to_state(self.report(), "approved")
        alsoProvides(self.request, IEisoLayer)
        login(self.portal, "a-staff")
        waiting = Inbox(self.portal, "a-staff", self.request).search(
            Inbox(self.portal, "a-staff").query("waiting"))
        self.assertIn(item.UID(), [brain.UID for brain in waiting])
        digests = due_cases(self.portal, DUE + timedelta(days=3), 2)
        self.assertIn(item.code, [case["code"] for case in digests["a-staff"][OVERDUE]])
        # the head, who acted on it, follows it
        following = Inbox(self.portal, "a-head").search(Inbox(self.portal, "a-head").query(
            "following"))
        login(self.portal, "a-head")
        self.assertIn(item.UID(), [brain.UID for brain in following])


class TestChecks(NonconformityTestCase):
    def assert_refused(self, item, user, transition, vietnamese, state):
        login(self.portal, user)
        with self.assertRaises(CaseError) as caught:
            hand_over(item, transition)
        self.assertIsInstance(caught.exception, WorkflowException)  # REST: 400
        self.assertIn(vietnamese, str(caught.exception))
        self.assertEqual(self.state(item), state)
        return caught.exception

    def test_analyse_needs_the_cause_the_action_the_responsible_and_the_due_date(self):
        item = self.report()
        steps = len(CaseSteps(item))
        error = self.assert_refused(item, "a-head", "analyse", "Cần nhập trước khi chuyển "
                                    "phân tích: Nguyên nhân gốc, Hành động khắc phục, "
                                    "Người chịu trách nhiệm, Thời hạn hoàn thành khắc phục.",
                                    "reported")
        self.assertIsInstance(error, TransitionRefused)
        self.assertEqual(len(CaseSteps(item)), steps)  # nothing changed
        item.root_cause = "Thiếu theo dõi"
        item.corrective_action = "   "
        item.responsible = "a-staff"
        self.assert_refused(item, "a-head", "analyse",
                            "phân tích: Hành động khắc phục, Thời hạn hoàn thành khắc phục.",
                            "reported")
        # the same message through api.content.transition (code, REST)
        login(self.portal, "a-head")
        with self.assertRaises(WorkflowException):
            api.portal.get_tool("portal_workflow").doActionFor(item, "analyse")
        self.assertEqual(self.state(item), "reported")

    def test_verify_needs_the_result_and_effective(self):
        item = self.to_state(self.report(), "implementing")
        self.assert_refused(item, "a-secretary", "verify",
                            "Cần ghi kết quả kiểm tra hiệu lực trước", "implementing")
        self.assert_refused(item, "a-secretary", "reopen",
                            "Cần ghi kết quả kiểm tra hiệu lực trước", "implementing")
        item.verification = "Đã kiểm tra hồ sơ tháng 5"
        self.assert_refused(item, "a-secretary", "verify",
                            "Hành động khắc phục chưa được xác nhận có hiệu lực", "implementing")
        item.action_effective = True
        self.assert_refused(item, "a-secretary", "reopen",
                            "hãy xác nhận có hiệu lực thay vì yêu cầu khắc phục lại",
                            "implementing")
        self.assertIsNone(getattr(item, "verified_by", None))
        login(self.portal, "a-secretary")
        hand_over(item, "verify")
        self.assertEqual(self.state(item), "verified")


class TestWhoSeesWhat(NonconformityTestCase):
    def sees(self, user, item):
        login(self.portal, user)
        found = bool(api.content.find(UID=item.UID()))
        self.assertEqual(found, bool(api.user.has_permission("View", obj=item)))
        return found

    def test_every_member_of_the_agency_reads_agency_b_sees_nothing(self):
        item = self.report()
        for state in ("reported", "analysed", "approved", "implementing", "verified", "closed"):
            item = self.to_state(self.report(description=f"Sự không phù hợp ({state})"), state)
            for user in ("a-staff", "a-head", "a-leader", "a-secretary", "a-records"):
                self.assertTrue(self.sees(user, item), (user, state))
            for user in ("b-staff", "b-leader", "b-admin"):
                self.assertFalse(self.sees(user, item), (user, state))

    def test_who_may_edit(self):
        item = self.report()
        login(self.portal, "a-staff")  # the reporter, while it is reported
        self.assertTrue(api.user.has_permission("Modify portal content", obj=item))
        login(self.portal, "a-head")
        self.assertTrue(api.user.has_permission("Modify portal content", obj=item))
        login(self.portal, "a-records")
        self.assertFalse(api.user.has_permission("Modify portal content", obj=item))
        self.to_state(item, "analysed")
        login(self.portal, "a-staff")
        self.assertFalse(api.user.has_permission("Modify portal content", obj=item))
        login(self.portal, "a-head")
        self.assertFalse(api.user.has_permission("Modify portal content", obj=item))
        for state_user in ("a-leader", "a-secretary"):
            login(self.portal, state_user)
            self.assertTrue(api.user.has_permission("Modify portal content", obj=item))

    def test_closed_is_frozen(self):
        item = self.to_state(self.report(), "closed")
        for user in ("a-staff", "a-head", "a-leader", "a-secretary"):
            login(self.portal, user)
            self.assertFalse(api.user.has_permission("Modify portal content", obj=item), user)

    def test_who_may_report(self):
        for user in ("a-staff", "a-head", "a-records"):
            login(self.portal, user)
            self.assertTrue(api.user.has_permission("eiso: Add Nonconformity", obj=self.section))
        login(self.portal, "b-staff")
        self.assertFalse(api.user.has_permission("eiso: Add Nonconformity", obj=self.section))
        logout()
        self.assertFalse(api.user.has_permission("eiso: Add Nonconformity", obj=self.section))
        login(self.portal, "a-staff")
        types = [fti.getId() for fti in self.section.allowedContentTypes()]
        self.assertEqual(types, ["Nonconformity", "CustomerFeedback"])
        self.assertNotIn("Nonconformity",
                         [fti.getId() for fti in self.agency["boi-canh"].allowedContentTypes()])


class TestOpenNonconformity(NonconformityTestCase):
    def setUp(self):
        super().setUp()
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, "a-secretary")
        self.policy = api.content.create(
            container=self.agency["boi-canh"], type="QualityPolicy",
            title="Chính sách chất lượng 2026", year=2026, motto="Chất lượng",
            statements=["Phục vụ người dân"])

    def test_opens_one_in_the_agency_of_the_source_linked_and_recorded(self):
        login(self.portal, "a-secretary")
        item = open_nonconformity(
            self.policy, "audit", "Chính sách chất lượng chưa được phổ biến đến cán bộ mới",
            department="phong-cntt", clause="5.2.2")
        self.assertEqual(item.aq_parent, self.section)
        self.assertEqual(item.source, "audit")
        self.assertEqual(item.source_item.to_object, self.policy)
        self.assertEqual(item.clause, "5.2.2")
        self.assertEqual(self.state(item), "reported")
        self.assertEqual(item.responsible_users, ["a-head"])
        self.assertEqual(item.Creator(), "a-secretary")
        last = list(AuditTrail(self.policy))[-1]
        self.assertIn(item.code, last["summary"])
        self.assertIn("Đã mở báo cáo sự không phù hợp", last["summary"])
        self.assertEqual(last["user"], "a-secretary")
        brains = api.content.find(nc_source="audit", iso_clauses="5.2.2",
                                  portal_type="Nonconformity")
        self.assertEqual([b.UID for b in brains], [item.UID()])
        # the clause and the source's text are found by the search page
        self.assertTrue(api.content.find(SearchableText="phổ biến", portal_type="Nonconformity"))

    def test_a_source_without_an_audit_trail(self):
        login(self.portal, "a-secretary")
        item = open_nonconformity(self.agency["to-chuc"]["phong-cntt"], "staff",
                                  "Phòng chưa cập nhật danh mục hồ sơ")
        self.assertEqual(item.source_item.to_object, self.agency["to-chuc"]["phong-cntt"])
        self.assertEqual(item.responsible_users, ["a-secretary"])  # no department given

    def test_bad_input(self):
        login(self.portal, "a-secretary")
        with self.assertRaises(ValueError):
            open_nonconformity(self.policy, "rumour", "Không rõ nguồn")
        with self.assertRaises(ValueError):
            open_nonconformity(self.portal, "staff", "Ngoài cơ quan")
        self.assertEqual(len(api.content.find(portal_type="Nonconformity")), 0)

    def test_agency_b_cannot_open_one_in_agency_a(self):
        login(self.portal, "b-staff")
        with self.assertRaises(Exception):
            open_nonconformity(self.agency["to-chuc"]["phong-cntt"], "staff", "Không được")
        login(self.portal, "a-secretary")
        self.assertEqual(len(api.content.find(portal_type="Nonconformity")), 0)


class TestListing(NonconformityTestCase):
    def setUp(self):
        super().setUp()
        alsoProvides(self.request, IEisoLayer)
        self.first = self.report(description="Hồ sơ trả trễ hạn", source="feedback")
        self.second = self.to_state(
            self.report(description="Biểu mẫu cũ còn được dùng", source="audit",
                        department="van-phong", clause="7.5.3"), "approved")
        self.third = self.report(description="Máy chủ không sao lưu", source="staff")
        login(self.portal, "a-staff")

    def listing(self, **form):
        self.request.form.clear()
        self.request.form.update(form)
        view = api.content.get_view("section-listing", self.section, self.request)
        html = view()
        own = api.content.get_view("section-listing-kiem-soat", self.section, self.request)
        own.params = own._params()
        return html, [row["code"] for row in own.rows(own.batch())]

    def test_filters(self):
        html, codes = self.listing()
        self.assertEqual(len(codes), 3)
        self.assertIn("Có 3 báo cáo sự không phù hợp.", html)
        self.assertIn("Nguồn phát hiện", html)
        self.assertIn("Ý kiến phản ánh", html)
        self.assertIn("Phân tích nguyên nhân, đề xuất khắc phục", html)
        self.assertEqual(self.listing(source="audit")[1], [self.second.code])
        self.assertEqual(self.listing(review_state="approved")[1], [self.second.code])
        self.assertEqual(sorted(self.listing(department="phong-cntt")[1]),
                         sorted([self.first.code, self.third.code]))
        self.assertEqual(len(self.listing(year=str(date.today().year))[1]), 3)
        self.assertEqual(self.listing(year=str(date.today().year - 1))[1], [])
        html, codes = self.listing(year="abc")
        self.assertEqual(codes, [])
        self.assertIn("Không có ý kiến phản ánh hay báo cáo sự không phù hợp nào khớp với bộ lọc.",
                      html)
        html, codes = self.listing(source="audit", review_state="reported")
        self.assertEqual(codes, [])

    def test_pages_of_twenty(self):
        for number in range(20):
            self.report(description=f"Sự không phù hợp số {number}")
        self.assertEqual(len(self.listing()[1]), 20)
        self.assertEqual(len(self.listing(b_start="20")[1]), 3)

    def test_agency_b_lists_nothing(self):
        login(self.portal, "b-staff")
        results = api.content.find(portal_type="Nonconformity")
        self.assertEqual(len(results), 0)

    def test_the_listing_is_only_for_kiem_soat(self):
        from zExceptions import NotFound

        view = api.content.get_view("section-listing-kiem-soat", self.agency["boi-canh"],
                                    self.request)
        with self.assertRaises(NotFound):
            view()


class TestSchema(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_field_names_are_the_contract(self):
        self.assertEqual(
            sorted(name for name in INonconformitySchema.names(all=True) if name != "title"),
            sorted(["source", "source_item", "clause", "department", "description", "correction",
             "root_cause", "corrective_action", "responsible", "action_due_date",
             "verification", "verified_by", "verified_date", "action_effective"]),
        )
        self.assertTrue(INonconformitySchema["description"].required)
        self.assertEqual(
            api.portal.get_tool("portal_workflow").getChainForPortalType("Nonconformity"),
            ("eiso_nonconformity_workflow",),
        )
