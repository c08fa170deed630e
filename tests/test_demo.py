"""The demo data: the agency of seed 002, its departments, one account per role."""

from eiso.demo import ACCOUNTS
from eiso.demo import DEMO_PASSWORD
from eiso.members import AgencyMembers
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

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

    def test_idempotent(self):
        before = len(api.user.get_users())
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        self.assertEqual(len(api.user.get_users()), before)
        self.assertEqual(len(AgencyMembers(self.agency).departments()), 5)
