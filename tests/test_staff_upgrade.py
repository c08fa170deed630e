"""The 1007 upgrade brings staff profiles to a site of release 1006; uninstalling
removes their type, workflow and indexes."""

from eiso.content.fields import create_content
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PROFILE_VERSION
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import unittest


TYPE = "StaffProfile"
WORKFLOW = "eiso_staff_profile_workflow"
PERMISSION = "eiso: Add StaffProfile"
INDEXES = ("staff_user", "staff_position")


class TestStaffUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def make_it_a_1006_site(self):
        workflows = api.portal.get_tool("portal_workflow")
        workflows.setChainForPortalTypes([TYPE], ())
        workflows.manage_delObjects([WORKFLOW])
        api.portal.get_tool("portal_types").manage_delObjects([TYPE])
        catalog = api.portal.get_tool("portal_catalog")
        for index in INDEXES:
            catalog.delIndex(index)
        catalog.delColumn("staff_position")
        self.portal.manage_permission(PERMISSION, ["Manager"], True)
        self.setup.setLastVersionForProfile("eiso:default", "1006")

    def test_1006_to_1007_installs_staff_profiles(self):
        self.make_it_a_1006_site()
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertIn(TYPE, api.portal.get_tool("portal_types"))
        self.assertEqual(api.portal.get_tool("portal_workflow").getChainForPortalType(TYPE),
                         (WORKFLOW,))
        roles = [r["name"] for r in self.portal.rolesOfPermission(PERMISSION) if r["selected"]]
        self.assertIn("HROfficer", roles)
        catalog = api.portal.get_tool("portal_catalog")
        for index in INDEXES:
            self.assertIn(index, catalog.indexes())
        self.assertIn("staff_position", catalog.schema())
        # the area works on the upgraded site: the HR officer adds, the person sees
        login(self.portal, "a-hr")
        create_content(self.portal["co-quan-a"]["nhan-su"], TYPE, user_id="a-staff",
                       position="Chuyên viên", department="phong-cntt")
        login(self.portal, "a-staff")
        found = api.content.find(portal_type=TYPE, staff_position="Chuyên viên")
        self.assertEqual([b.Title for b in found], ["Nhân Viên A"])
        login(self.portal, "a-secretary")
        self.assertEqual(len(api.content.find(portal_type=TYPE)), 0)

    def test_uninstall_removes_the_type(self):
        from plone.base.utils import get_installer

        get_installer(self.portal, self.layer["request"]).uninstall_product("eiso")
        self.assertNotIn(TYPE, api.portal.get_tool("portal_types"))
        self.assertNotIn(WORKFLOW, api.portal.get_tool("portal_workflow"))
        catalog = api.portal.get_tool("portal_catalog")
        for index in INDEXES:
            self.assertNotIn(index, catalog.indexes())
        self.assertNotIn("staff_position", catalog.schema())
