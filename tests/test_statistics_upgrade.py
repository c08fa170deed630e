"""The 1007 upgrade brings one-stop-shop statistics to a site of release 1006;
uninstalling removes their type and workflow."""

from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PROFILE_VERSION
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import unittest


TYPE = "ServiceStatistics"
WORKFLOW = "eiso_statistics_workflow"
PERMISSION = "eiso: Add ServiceStatistics"


class TestStatisticsUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def make_it_a_1006_site(self):
        workflows = api.portal.get_tool("portal_workflow")
        workflows.setChainForPortalTypes((TYPE,), ())
        workflows.manage_delObjects([WORKFLOW])
        api.portal.get_tool("portal_types").manage_delObjects([TYPE])
        section = api.portal.get_tool("portal_types")["Section"]
        section.allowed_content_types = tuple(
            t for t in section.allowed_content_types if t != TYPE)
        self.portal.manage_permission(PERMISSION, ["Manager"], True)
        self.setup.setLastVersionForProfile("eiso:default", "1006")

    def test_1006_to_1007_installs_statistics(self):
        self.make_it_a_1006_site()
        self.assertNotIn(TYPE, api.portal.get_tool("portal_types"))
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertIn(TYPE, api.portal.get_tool("portal_types"))
        self.assertEqual(
            api.portal.get_tool("portal_workflow").getChainForPortalType(TYPE), (WORKFLOW,))
        roles = [r["name"] for r in self.portal.rolesOfPermission(PERMISSION) if r["selected"]]
        self.assertIn("IsoSecretary", roles)
        # The area works on the upgraded site: the secretary imports a month.
        from eiso.statistics.importer import import_file

        login(self.portal, "a-secretary")
        section = self.portal["co-quan-a"]["thu-tuc"]
        data = ("Năm,Tháng,Lĩnh vực,Tiếp nhận,Đúng hạn,Trễ hạn,Đang giải quyết\n"
                "2025,4,Tư pháp,10,7,1,2\n").encode()
        result = import_file(section, "so-lieu.csv", data)
        self.assertEqual(result.errors, [])
        self.assertEqual(api.content.get_state(result.created[0]), "recorded")
        self.assertEqual(result.created[0].totals()["rate"], 87.5)

    def test_uninstall_removes_the_type(self):
        from plone.base.utils import get_installer

        get_installer(self.portal, self.layer["request"]).uninstall_product("eiso")
        self.assertNotIn(TYPE, api.portal.get_tool("portal_types"))
        self.assertNotIn(WORKFLOW, api.portal.get_tool("portal_workflow"))
