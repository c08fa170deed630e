"""The case engine on the approval workflow: the secretary drafts and submits, the
leader approves, sends back or rejects, the leader applies (SPEC §4–§5, seed 002 §1–2)."""

from datetime import date
from datetime import timedelta
from eiso.cases.audit import AuditTrail
from eiso.cases.handover import CaseError
from eiso.cases.handover import hand_over
from eiso.cases.steps import CaseSteps
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.workingdays import add_working_days
from plone import api
from plone.app.testing import login

import unittest


class CaseTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["boi-canh"]

    def create_policy(self, title="Chính sách chất lượng 2026", year=2026, user="a-secretary"):
        login(self.portal, user)
        return api.content.create(
            container=self.section, type="QualityPolicy", title=title, year=year,
            motto="Không ngừng nâng cao chất lượng",
            statements=["Thực hiện tốt vai trò quản lý nhà nước"],
        )

    def as_user(self, user, function, *args, **kwargs):
        login(self.portal, user)
        return function(*args, **kwargs)

    def state(self, item):
        return api.content.get_state(item)

    def local_handlers(self, item):
        return sorted(p for p, roles in item.get_local_roles() if "CaseHandler" in roles)

    def brain(self, item):
        return api.content.find(UID=item.UID(), unrestricted=True)[0]

    def sees(self, user, item):
        """``user`` finds ``item`` in the catalog and may view it."""
        login(self.portal, user)
        found = bool(api.content.find(UID=item.UID()))
        self.assertEqual(found, bool(api.user.has_permission("View", obj=item)))
        return found

    def allowed(self, item, user):
        login(self.portal, user)
        workflow = api.portal.get_tool("portal_workflow")
        return sorted(t["id"] for t in workflow.getTransitionsFor(item))


class TestApprovalFlow(CaseTestCase):
    def test_a_new_case_waits_for_its_author(self):
        policy = self.create_policy()
        self.assertEqual(self.state(policy), "draft")
        self.assertEqual(policy.code, "CS-2026-001")
        self.assertEqual(self.create_policy(title="Khác").code, "CS-2026-002")
        self.assertEqual(policy.responsible_users, ["a-secretary"])
        self.assertEqual(policy.responsible_department, "van-phong")
        self.assertEqual(self.local_handlers(policy), ["a-secretary"])
        steps = list(CaseSteps(policy))
        self.assertEqual(len(steps), 1)
        self.assertEqual(steps[0]["number"], 1)
        brain = self.brain(policy)
        self.assertTrue(brain.case_open)
        self.assertEqual(brain.responsible_users, ["a-secretary"])
        self.assertEqual(brain.case_step, "1|Drafting and submitting")
        self.assertEqual(brain.year, 2026)

    def test_submit_goes_to_the_leaders_with_a_deadline_in_working_days(self):
        policy = self.create_policy()
        hand_over(policy, "submit", comment="Kính trình lãnh đạo")
        self.assertEqual(self.state(policy), "pending")
        self.assertEqual(policy.responsible_users, ["a-leader"])
        self.assertEqual(policy.responsible_department, "van-phong")
        self.assertEqual(policy.due_date, add_working_days(date.today(), 3))
        self.assertEqual(self.local_handlers(policy), ["a-leader"])
        first, second = list(CaseSteps(policy))
        self.assertEqual(first["action"], "submit")
        self.assertEqual(first["actor"], "a-secretary")
        self.assertEqual(first["comment"], "Kính trình lãnh đạo")
        self.assertIsNotNone(first["finished"])
        self.assertEqual(second["handlers"], ["a-leader"])
        self.assertIsNone(second["finished"])
        brain = self.brain(policy)
        self.assertEqual(brain.responsible_users, ["a-leader"])
        found = api.content.find(case_participants="a-secretary", unrestricted=True)
        self.assertEqual([b.UID for b in found], [policy.UID()])

    def test_leader_approves_secretary_is_next_then_leader_applies(self):
        policy = self.create_policy()
        hand_over(policy, "submit")
        self.assertEqual(self.allowed(policy, "a-leader"), ["approve", "reject", "send_back"])
        self.as_user("a-leader", hand_over, policy, "approve", comment="Đồng ý")
        self.assertEqual(self.state(policy), "approved")
        self.assertEqual(policy.responsible_users, ["a-secretary"])
        self.assertEqual(self.local_handlers(policy), ["a-secretary"])
        self.assertFalse(self.sees("a-staff", policy))
        self.as_user("a-leader", hand_over, policy, "apply")
        self.assertEqual(self.state(policy), "applied")
        self.assertEqual(policy.responsible_users, [])
        self.assertEqual(self.local_handlers(policy), [])
        self.assertFalse(self.brain(policy).case_open)
        self.assertTrue(self.sees("a-staff", policy))
        self.assertFalse(self.sees("b-leader", policy))

    def test_the_secretary_picked_by_the_leader_may_apply(self):
        policy = self.create_policy()
        hand_over(policy, "submit")
        self.as_user("a-leader", hand_over, policy, "approve")
        self.assertEqual(self.allowed(policy, "a-secretary"), ["apply"])
        self.assertEqual(self.allowed(policy, "a-staff"), [])

    def test_applying_supersedes_the_policy_applied_before(self):
        old = self.create_policy(title="2025", year=2025)
        new = self.create_policy(title="2026", year=2026)
        for policy in (old, new):
            self.as_user("a-secretary", hand_over, policy, "submit")
            self.as_user("a-leader", hand_over, policy, "approve")
            self.as_user("a-leader", hand_over, policy, "apply")
        self.assertEqual(self.state(old), "superseded")
        self.assertEqual(self.state(new), "applied")
        # an older year does not supersede a newer one
        older = self.create_policy(title="2024", year=2024)
        self.as_user("a-secretary", hand_over, older, "submit")
        self.as_user("a-leader", hand_over, older, "approve")
        self.as_user("a-leader", hand_over, older, "apply")
        self.assertEqual(self.state(new), "applied")
        self.assertEqual([e["summary"] for e in AuditTrail(old)][-1], "Hết áp dụng")
        self.assertIn("Bị thay thế bởi CS-2026-001", [e["details"] for e in AuditTrail(old)][-1])

    def test_send_back_returns_to_the_author(self):
        policy = self.create_policy()
        hand_over(policy, "submit")
        self.as_user("a-leader", hand_over, policy, "send_back", comment="Bổ sung phương châm")
        self.assertEqual(self.state(policy), "draft")
        self.assertEqual(policy.responsible_users, ["a-secretary"])
        self.assertEqual([s["number"] for s in CaseSteps(policy)], [1, 2, 3])
        self.assertEqual(list(CaseSteps(policy))[1]["comment"], "Bổ sung phương châm")

    def test_reject_finishes_the_case_and_the_author_may_redraft(self):
        policy = self.create_policy()
        hand_over(policy, "submit")
        self.as_user("a-leader", hand_over, policy, "reject", comment="Không phù hợp")
        self.assertEqual(self.state(policy), "rejected")
        self.assertFalse(self.brain(policy).case_open)
        self.assertEqual(self.allowed(policy, "a-secretary"), ["redraft"])
        self.as_user("a-secretary", hand_over, policy, "redraft")
        self.assertEqual(self.state(policy), "draft")
        self.assertEqual(policy.responsible_users, ["a-secretary"])

    def test_secretary_and_staff_cannot_decide(self):
        policy = self.create_policy()
        hand_over(policy, "submit")
        self.assertEqual(self.allowed(policy, "a-secretary"), [])
        self.assertEqual(self.allowed(policy, "a-staff"), [])
        self.assertEqual(self.allowed(policy, "b-leader"), [])
        login(self.portal, "a-secretary")
        with self.assertRaises(CaseError):
            hand_over(policy, "approve")
        self.assertEqual(self.state(policy), "pending")

    def test_override_handler_and_deadline(self):
        policy = self.create_policy()
        due = add_working_days(date.today(), 10)
        hand_over(policy, "submit", handlers=["a-leader"], department="phong-cntt", due_date=due)
        self.assertEqual(policy.responsible_department, "phong-cntt")
        self.assertEqual(policy.due_date, due)
        self.as_user("a-leader", hand_over, policy, "approve", handlers=["a-documents"])
        self.assertEqual(policy.responsible_users, ["a-documents"])
        self.assertEqual(self.local_handlers(policy), ["a-documents"])


class TestBadInput(CaseTestCase):
    def assert_unchanged(self, policy, call, field):
        steps = len(CaseSteps(policy))
        with self.assertRaises(CaseError) as raised:
            call()
        self.assertEqual(raised.exception.field, field)
        self.assertEqual(self.state(policy), "draft")
        self.assertEqual(policy.responsible_users, ["a-secretary"])
        self.assertEqual(len(CaseSteps(policy)), steps)
        return raised.exception

    def test_handler_of_another_agency(self):
        policy = self.create_policy()
        self.assert_unchanged(policy, lambda: hand_over(policy, "submit", handlers=["b-leader"]),
                              "handlers")

    def test_handler_without_the_role_the_step_needs(self):
        policy = self.create_policy()
        self.assert_unchanged(policy, lambda: hand_over(policy, "submit", handlers=["a-staff"]),
                              "handlers")

    def test_deadline_in_the_past(self):
        policy = self.create_policy()
        yesterday = date.today() - timedelta(days=1)
        self.assert_unchanged(policy, lambda: hand_over(policy, "submit", due_date=yesterday),
                              "due_date")

    def test_transition_not_allowed_now(self):
        policy = self.create_policy()
        self.assert_unchanged(policy, lambda: hand_over(policy, "apply"), "action")

    def test_save_only_needs_something_to_save(self):
        policy = self.create_policy()
        self.assert_unchanged(policy, lambda: hand_over(policy, None), "comment")

    def test_save_only_keeps_a_note_and_reassigns(self):
        policy = self.create_policy()
        hand_over(policy, None, comment="Đang lấy ý kiến")
        self.assertEqual(self.state(policy), "draft")
        self.assertEqual(list(CaseSteps(policy))[0]["notes"][0]["comment"], "Đang lấy ý kiến")
        hand_over(policy, None, handlers=["a-documents"])
        self.assertEqual(policy.responsible_users, ["a-documents"])
        self.assertEqual(self.local_handlers(policy), ["a-documents"])
        self.assertEqual(len(CaseSteps(policy)), 1)


class TestAuditTrail(CaseTestCase):
    def test_every_transition_assignment_and_edit_is_recorded(self):
        policy = self.create_policy()
        policy.motto = "Mới"
        from zope.event import notify
        from zope.lifecycleevent import Attributes
        from zope.lifecycleevent import ObjectModifiedEvent
        from eiso.content.quality_policy import IQualityPolicySchema

        notify(ObjectModifiedEvent(policy, Attributes(IQualityPolicySchema, "motto")))
        hand_over(policy, "submit", comment="Trình")
        self.as_user("a-leader", hand_over, policy, "approve")
        entries = list(AuditTrail(policy))
        self.assertEqual([e["kind"] for e in entries],
                         ["created", "edited", "transition", "transition"])
        self.assertEqual([e["user"] for e in entries],
                         ["a-secretary", "a-secretary", "a-secretary", "a-leader"])
        self.assertIn("Phương châm", entries[1]["summary"])
        self.assertIn("Lãnh Đạo A", entries[2]["summary"])
        self.assertEqual(entries[2]["details"], "Trình")
