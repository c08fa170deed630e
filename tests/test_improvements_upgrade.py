"""The 1006 upgrade brings improvement proposals and plans to a site of release 1005;
uninstalling removes their types."""

from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PROFILE_VERSION
from eiso.testing import UpgradeTestCase
from plone import api
from plone.app.testing import login

import unittest


TYPES = ("ImprovementProposal", "ImprovementPlan")
WORKFLOW = "eiso_improvement_workflow"
PERMISSIONS = {"eiso: Add ImprovementProposal": "Staff",
               "eiso: Add ImprovementPlan": "IsoSecretary",
               "eiso: Record improvement results": "IsoSecretary"}


class TestImprovementsUpgrade(UpgradeTestCase, unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def make_it_a_1005_site(self):
        self.set_back_to("1005", types=TYPES, workflows=[WORKFLOW], permissions=PERMISSIONS)

    def test_1005_to_1006_installs_improvements(self):
        self.make_it_a_1005_site()
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        types = api.portal.get_tool("portal_types")
        workflows = api.portal.get_tool("portal_workflow")
        for portal_type in TYPES:
            self.assertIn(portal_type, types)
        self.assertEqual(workflows.getChainForPortalType("ImprovementProposal"), (WORKFLOW,))
        self.assertEqual(workflows.getChainForPortalType("ImprovementPlan"),
                         ("eiso_approval_workflow",))
        for permission, role in PERMISSIONS.items():
            roles = [r["name"] for r in self.portal.rolesOfPermission(permission)
                     if r["selected"]]
            self.assertIn(role, roles)
        # the area works on the upgraded site: a member proposes, a leader accepts
        from eiso.improvements import create_proposal

        login(self.portal, "a-staff")
        item = create_proposal(self.portal["co-quan-a"]["cai-tien"],
                               title="Đề xuất sau nâng cấp", description="Thực trạng",
                               proposal="Nội dung")
        api.content.transition(obj=item, transition="submit")
        self.assertEqual(item.responsible_users, ["a-leader"])
        login(self.portal, "a-leader")
        api.content.transition(obj=item, transition="approve")
        self.assertEqual(api.content.get_state(item), "accepted")

    def test_uninstall_removes_the_types(self):
        from plone.base.utils import get_installer

        get_installer(self.portal, self.layer["request"]).uninstall_product("eiso")
        for portal_type in TYPES:
            self.assertNotIn(portal_type, api.portal.get_tool("portal_types"))
