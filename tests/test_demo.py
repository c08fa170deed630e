"""The demo data: the agency of seed 002, its departments, one account per role,
its applied context analysis and quality policy, next year's policy awaiting approval."""

from eiso.demo import ACCOUNTS
from eiso.demo import DEMO_PASSWORD
from eiso.demo import POLICY_MOTTO
from eiso.demo import POLICY_STATEMENTS
from eiso.members import AgencyMembers
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import datetime
import unittest


class TestDemoData(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        self.agency = self.portal["so-khcn"]

    def test_agency(self):
        self.assertEqual(self.agency.Title(), "Sở Khoa học và Công nghệ")
        self.assertEqual(self.agency.code, "SKHCN")
        self.assertEqual(len(self.agency.objectIds()), 10)

    def test_departments_of_seed_002(self):
        titles = [d.Title() for d in AgencyMembers(self.agency).departments()]
        self.assertEqual(
            titles,
            ["Văn phòng sở", "Phòng quản lý Công nghệ", "Phòng quản lý Khoa học",
             "Thanh tra Sở", "Ban Giám đốc"],
        )

    def test_one_account_per_role(self):
        members = {m["id"]: m for m in AgencyMembers(self.agency).list()}
        roles = set()
        for user_id, fullname, department, account_roles in ACCOUNTS:
            self.assertIn(user_id, members)
            self.assertEqual(members[user_id]["fullname"], fullname)
            self.assertEqual(members[user_id]["department"], department)
            roles.update(members[user_id]["roles"])
        self.assertEqual(
            roles,
            {"Staff", "IsoSecretary", "Leader", "DepartmentHead", "LegalOfficer",
             "DocumentController", "RecordsOfficer", "HROfficer", "Site Administrator"},
        )
        self.assertIn("Assessor", api.user.get_roles(username="chamdiem"))

    def test_demo_accounts_log_in(self):
        request = self.layer["request"]
        for user_id in ("thuky", "lanhdao", "quantri", "chamdiem"):
            self.assertTrue(
                self.portal.acl_users.authenticate(user_id, DEMO_PASSWORD, request), user_id
            )

    def test_department_heads(self):
        organisation = self.agency["to-chuc"]
        self.assertEqual(organisation["phong-quan-ly-cong-nghe"].head, "truongphong")
        self.assertEqual(organisation["ban-giam-doc"].head, "lanhdao")

    def test_applied_context_analysis(self):
        year = datetime.date.today().year
        analysis = self.agency["boi-canh"][f"boi-canh-to-chuc-nam-{year}"]
        self.assertEqual(analysis.Title(), f"Bối cảnh tổ chức năm {year}")
        self.assertEqual(api.content.get_state(analysis), "applied")
        self.assertEqual(analysis.year, year)
        self.assertEqual(analysis.method, "SWOT")
        kinds = {row["kind"] for row in analysis.internal_issues + analysis.external_issues}
        self.assertEqual(kinds, {"strength", "weakness", "opportunity", "threat"})
        self.assertEqual(len(analysis.interested_parties), 5)
        self.assertTrue(analysis.exclusions[0]["clause"].startswith("8.3"))
        self.assertIn("TCVN ISO 9001:2015", analysis.scope)
        # Drafted by the secretary, approved and applied by the leader.
        history = api.portal.get_tool("portal_workflow").getInfoFor(analysis, "review_history")
        self.assertEqual(
            [(entry["action"], entry["actor"]) for entry in history[1:]],
            [("submit", "thuky"), ("approve", "lanhdao"), ("apply", "lanhdao")],
        )
        self.assertEqual(analysis.Creator(), "thuky")

    def test_applied_quality_policy_of_seed_002(self):
        year = datetime.date.today().year
        policy = self.agency["boi-canh"][f"chinh-sach-chat-luong-nam-{year}"]
        self.assertEqual(api.content.get_state(policy), "applied")
        self.assertEqual(
            policy.motto,
            "Không ngừng nâng cao chất lượng hoạt động quản lý nhà nước và dịch vụ công về KHCN",
        )
        self.assertEqual(
            policy.statements,
            ["Thực hiện tốt vai trò quản lý nhà nước về KHCN",
             "Không ngừng nâng cao chất lượng dịch vụ công",
             "Sự hài lòng của cơ quan và người dân là thước đo hiệu quả công việc"],
        )
        home = api.content.get_view("agency-home", self.agency, self.layer["request"])
        self.assertEqual(home.applied()["policy"], policy)

    def test_next_years_policy_waits_for_the_leader(self):
        year = datetime.date.today().year + 1
        draft = self.agency["boi-canh"][f"chinh-sach-chat-luong-nam-{year}"]
        self.assertEqual(api.content.get_state(draft), "pending")
        self.assertEqual(draft.year, year)
        self.assertEqual(draft.motto, POLICY_MOTTO)
        self.assertEqual(draft.statements[:3], POLICY_STATEMENTS)
        self.assertGreater(len(draft.statements), 3)
        self.assertIn("lanhdao", draft.responsible_users)
        waiting = api.content.find(responsible_users="lanhdao", case_open=True)
        self.assertIn(draft.UID(), [brain.UID for brain in waiting])

    def test_idempotent(self):
        before = len(api.user.get_users())
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        self.assertEqual(len(api.user.get_users()), before)
        self.assertEqual(len(AgencyMembers(self.agency).departments()), 5)
        self.assertEqual(len(self.agency["boi-canh"].objectIds()), 3)
