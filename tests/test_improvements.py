"""Improvements (Cải tiến, SPEC §8): a member proposes, a leader decides, the ISO
secretary puts accepted proposals and nonconformities into the year's plan, the leader
approves and applies it and its proposals become planned — role by role."""

from datetime import date
from datetime import timedelta
from eiso.cases.handover import hand_over
from eiso.cases.steps import CaseSteps
from eiso.content.improvement import IImprovementPlanSchema
from eiso.improvements import create_plan
from eiso.improvements import create_proposal
from eiso.improvements import plans
from eiso.inbox import Inbox
from eiso.nonconformities import create_nonconformity
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.workflows.records import TransitionRefused
from plone import api
from plone.app.testing import login as plone_login
from plone.app.testing import logout
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate
from zope.interface import Invalid

import unittest


YEAR = date.today().year
END = date(YEAR, 12, 31)
DUE = date.today() + timedelta(days=30)


def login(portal, user):
    """Log in as ``user``, forgetting the local roles cached on the request."""
    annotations = IAnnotations(portal.REQUEST)
    for key in [key for key in annotations if "checkLocalRolesAllowed" in str(key)]:
        del annotations[key]
    plone_login(portal, user)


class ImprovementTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        self.request["LANGUAGE"] = "vi"
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["cai-tien"]

    def propose(self, user="a-staff", title="Số hóa hồ sơ lưu trữ", **fields):
        login(self.portal, user)
        values = dict(title=title, department="phong-cntt",
                      description="Hồ sơ lưu trữ giấy khó tra cứu",
                      proposal="Scan và lưu hồ sơ trên phần mềm",
                      expected_benefit="Tra cứu trong 5 phút")
        values.update(fields)
        return create_proposal(self.section, **values)

    def act(self, user, item, transition, comment=""):
        login(self.portal, user)
        hand_over(item, transition, comment=comment)

    def accepted(self, **fields):
        item = self.propose(**fields)
        self.act("a-staff", item, "submit")
        self.act("a-leader", item, "approve")
        return item

    def state(self, item):
        return api.content.get_state(item)

    def allowed(self, item, user):
        login(self.portal, user)
        workflow = api.portal.get_tool("portal_workflow")
        return sorted(t["id"] for t in workflow.getTransitionsFor(item))

    def can_view(self, item, user):
        login(self.portal, user)
        return bool(api.user.has_permission("View", obj=item))

    def nonconformity(self, state="approved", **fields):
        login(self.portal, "a-staff")
        values = dict(description="Hồ sơ trả trễ hạn 02 ngày", source="staff",
                      department="phong-cntt")
        values.update(fields)
        item = create_nonconformity(self.agency["kiem-soat"], **values)
        if state == "reported":
            return item
        item.root_cause = "Không theo dõi hạn"
        item.corrective_action = "Theo dõi hạn xử lý trên phần mềm một cửa"
        item.responsible = "a-staff"
        item.action_due_date = DUE
        self.act("a-head", item, "analyse")
        self.act("a-leader", item, "approve")
        if state == "implementing":
            self.act("a-staff", item, "implement")
        return item

    def plan(self, user="a-secretary", **fields):
        login(self.portal, user)
        fields.setdefault("year", YEAR)
        return create_plan(self.section, **fields)


class TestProposals(ImprovementTestCase):
    def test_any_member_proposes_the_leaders_decide(self):
        item = self.propose()
        self.assertEqual(item.getId(), "so-hoa-ho-so-luu-tru")
        self.assertTrue(item.code.startswith(f"DXCT-{YEAR}-"))
        self.assertEqual(self.state(item), "draft")
        self.assertEqual(item.responsible_users, ["a-staff"])
        self.assertEqual(self.allowed(item, "a-staff"), ["submit"])
        self.assertEqual(self.allowed(item, "a-leader"), [])
        self.assertFalse(self.can_view(item, "a-leader"))  # a draft is its author's own

        self.act("a-staff", item, "submit")
        self.assertEqual(self.state(item), "pending")
        self.assertEqual(item.responsible_users, ["a-leader"])
        self.assertEqual(CaseSteps(item).current()["title"], "Leader's decision on the proposal")
        self.assertEqual(self.allowed(item, "a-staff"), [])
        self.assertEqual(self.allowed(item, "a-secretary"), [])
        self.assertEqual(self.allowed(item, "a-head"), [])
        self.assertEqual(self.allowed(item, "a-leader"), ["approve", "reject", "send_back"])
        for user in ("a-secretary", "a-head", "a-leader", "a-staff"):
            self.assertTrue(self.can_view(item, user), user)
        self.assertFalse(self.can_view(item, "a-records"))  # not yet: others once accepted

        self.act("a-leader", item, "approve", comment="Giao Văn phòng đưa vào kế hoạch")
        self.assertEqual(self.state(item), "accepted")
        self.assertEqual(item.responsible_users, ["a-secretary"])
        self.assertEqual(item.due_date, END)
        self.assertEqual(CaseSteps(item).current()["title"], "Putting into the improvement plan")
        # nobody includes it by hand: applying the plan does
        for user in ("a-secretary", "a-leader", "a-staff"):
            self.assertEqual(self.allowed(item, user), [], user)
        self.assertTrue(self.can_view(item, "a-records"))
        login(self.portal, "a-secretary")
        inbox = Inbox(self.portal, "a-secretary", self.request)
        self.assertIn(item.UID(), [brain.UID for brain in inbox.search(inbox.query("waiting"))])

    def test_send_back_to_the_author(self):
        item = self.propose()
        self.act("a-staff", item, "submit")
        self.act("a-leader", item, "send_back", comment="Bổ sung lợi ích dự kiến")
        self.assertEqual(self.state(item), "draft")
        self.assertEqual(item.responsible_users, ["a-staff"])
        self.assertEqual(self.allowed(item, "a-staff"), ["submit"])

    def test_reject_needs_a_reason(self):
        item = self.propose()
        self.act("a-staff", item, "submit")
        with self.assertRaises(TransitionRefused) as refused:
            self.act("a-leader", item, "reject", comment="  ")
        self.assertEqual(str(refused.exception),
                         "Cần ghi lý do không chấp nhận đề xuất vào ô ý kiến.")
        self.assertEqual(self.state(item), "pending")
        self.act("a-leader", item, "reject", comment="Đã có trong kế hoạch chuyển đổi số")
        self.assertEqual(self.state(item), "rejected")
        self.assertEqual(item.responsible_users, [])
        self.assertTrue(self.can_view(item, "a-staff"))  # its author
        self.assertFalse(self.can_view(item, "a-records"))
        self.assertEqual(self.allowed(item, "a-staff"), [])

    def test_agency_b_sees_nothing(self):
        item = self.accepted()
        for user in ("b-staff", "b-leader", "b-admin"):
            self.assertFalse(self.can_view(item, user), user)
            login(self.portal, user)
            self.assertEqual(len(api.content.find(portal_type="ImprovementProposal")), 0)
        login(self.portal, "b-staff")
        self.assertFalse(api.user.has_permission("eiso: Add ImprovementProposal",
                                                 obj=self.section))

    def test_who_may_add(self):
        for user in ("a-staff", "a-head", "a-secretary", "a-leader"):
            login(self.portal, user)
            self.assertTrue(api.user.has_permission("eiso: Add ImprovementProposal",
                                                    obj=self.section), user)
        for user, may in (("a-staff", False), ("a-head", False), ("a-secretary", True),
                          ("a-leader", True)):
            login(self.portal, user)
            self.assertEqual(api.user.has_permission("eiso: Add ImprovementPlan",
                                                     obj=self.section), may, user)


class TestPlans(ImprovementTestCase):
    def test_title_and_code(self):
        plan = self.plan()
        self.assertEqual(plan.Title(), f"Kế hoạch cải tiến liên tục năm {YEAR}")
        self.assertEqual(plan.getId(), f"ke-hoach-cai-tien-lien-tuc-nam-{YEAR}")
        self.assertTrue(plan.code.startswith(f"KHCT-{YEAR}-"))
        self.assertEqual(self.state(plan), "draft")

    def test_feed_from_proposals_and_nonconformities(self):
        first = self.accepted(title="Số hóa hồ sơ lưu trữ")
        second = self.accepted(title="Rút ngắn thời gian thẩm định", department="van-phong")
        pending = self.propose(title="Đề xuất chờ duyệt")
        self.act("a-staff", pending, "submit")
        self.propose(title="Đề xuất còn nháp")
        approved = self.nonconformity()
        implementing = self.nonconformity(state="implementing",
                                          description="Sổ theo dõi thiếu ngày giao nhận")
        self.nonconformity(state="reported", description="Chưa phân tích")
        plan = self.plan()
        rows = plans.feed(plan)
        self.assertEqual(
            [(row["source"], row["source_ref"], row["owner"], row["deadline"], row["status"])
             for row in rows],
            [("proposal", first.code, "a-head", END, "not_started"),
             ("proposal", second.code, None, END, "not_started"),  # Văn phòng has no head
             ("nonconformity", approved.code, "a-staff", DUE, "not_started"),
             ("nonconformity", implementing.code, "a-staff", DUE, "in_progress")],
        )
        self.assertEqual(rows[0]["action"],
                         "Số hóa hồ sơ lưu trữ: Scan và lưu hồ sơ trên phần mềm")
        self.assertEqual(rows[2]["action"], "Theo dõi hạn xử lý trên phần mềm một cửa")
        self.assertEqual(len(plan.actions), 4)
        # a second click adds nothing; a new accepted proposal only itself
        self.assertEqual(plans.feed(plan), [])
        third = self.accepted(title="Khảo sát mức độ hài lòng trực tuyến")
        self.assertEqual([row["source_ref"] for row in plans.feed(plan)], [third.code])
        self.assertEqual(len(plan.actions), 5)
        # the proposals stay accepted until the plan is applied
        self.assertEqual({self.state(p) for p in (first, second, third)}, {"accepted"})

    def test_nonconformities_of_another_year_are_not_taken(self):
        item = self.nonconformity()
        plan = self.plan(year=YEAR + 1)
        self.assertNotIn(item.code, [row["source_ref"] for row in plans.candidates(plan)])

    def test_the_whole_plan_flow_includes_the_proposals(self):
        proposal = self.accepted()
        other = self.accepted(title="Đề xuất không đưa vào kế hoạch")
        plan = self.plan()
        plans.feed(plan)
        plan.actions = [row for row in plan.actions if row["source_ref"] != other.code]
        # the secretary completes the rows: Văn phòng's proposal has no owner yet
        self.assertEqual(self.allowed(plan, "a-secretary"), ["submit"])
        self.act("a-secretary", plan, "submit")
        self.assertEqual(self.state(plan), "pending")
        self.assertEqual(self.allowed(plan, "a-leader"), ["approve", "reject", "send_back"])
        self.act("a-leader", plan, "approve")
        self.act("a-leader", plan, "apply")
        self.assertEqual(self.state(plan), "applied")
        self.assertEqual(self.state(proposal), "planned")
        self.assertEqual(self.state(other), "accepted")
        self.assertEqual(proposal.responsible_users, [])
        history = proposal.workflow_history["eiso_improvement_workflow"]
        self.assertEqual(history[-1]["action"], "include")
        self.assertEqual(history[-1]["actor"], "a-leader")
        self.assertIn(plan.code, history[-1]["comments"])
        # every member reads the applied plan; agency B does not
        self.assertTrue(self.can_view(plan, "a-staff"))
        self.assertFalse(self.can_view(plan, "b-staff"))
        # applying next version supersedes this one
        login(self.portal, "a-secretary")
        newer = create_plan(self.section, year=YEAR, title="Kế hoạch điều chỉnh",
                            actions=[dict(plan.actions[0])])
        self.act("a-secretary", newer, "submit")
        self.act("a-leader", newer, "approve")
        self.act("a-leader", newer, "apply")
        self.assertEqual(self.state(plan), "superseded")
        self.assertEqual(self.state(newer), "applied")

    def test_incomplete_plans_are_not_submitted(self):
        plan = self.plan()
        with self.assertRaises(TransitionRefused) as refused:
            self.act("a-secretary", plan, "submit")
        self.assertIn("Kế hoạch chưa có hoạt động nào", str(refused.exception))
        plan.actions = [dict(action="Số hóa hồ sơ", source="other", source_ref=None,
                             owner=None, deadline=None, result=None, status="not_started")]
        with self.assertRaises(TransitionRefused) as refused:
            self.act("a-secretary", plan, "submit")
        self.assertEqual(str(refused.exception),
                         "Hoạt động 1: cần nhập Người thực hiện, Thời hạn hoàn thành.")
        self.assertEqual(self.state(plan), "draft")

    def test_validation_of_the_actions(self):
        def check(rows, year=YEAR):
            data = type("Data", (), {"actions": rows, "year": year})()
            IImprovementPlanSchema.validateInvariants(data)

        row = dict(action="Số hóa hồ sơ", source="other", source_ref=None, owner="a-staff",
                   deadline=date(YEAR, 6, 30), result=None, status="not_started")
        check([row])
        check([dict(row, deadline=date(YEAR + 1, 3, 31))])  # after the year: allowed
        for changes, message in (
            (dict(action="  "), "Action 1: fill in"),
            (dict(deadline=date(YEAR - 1, 12, 31)), "before the plan's year"),
        ):
            with self.assertRaises(Invalid) as error:
                check([row, dict(row, **changes)])
            self.assertIn(message.replace("1", "2"), translate(error.exception.args[0]))


class TestListingQueries(ImprovementTestCase):
    def test_the_section_takes_both_types_only(self):
        login(self.portal, "a-secretary")
        allowed = [fti.getId() for fti in self.section.allowedContentTypes()]
        self.assertEqual(sorted(allowed), ["ImprovementPlan", "ImprovementProposal"])
        logout()
