"""The 1007 upgrade brings declarations of conformity to a site of release 1006 (type,
workflow, add permission, footer link); uninstalling removes them."""

from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PROFILE_VERSION
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import unittest


TYPE = "ConformityDeclaration"
WORKFLOW = "eiso_declaration_workflow"
PERMISSION = "eiso: Add ConformityDeclaration"


class TestDeclarationsUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def site_actions(self):
        return api.portal.get_tool("portal_actions")["site_actions"]

    def make_it_a_1006_site(self):
        workflows = api.portal.get_tool("portal_workflow")
        workflows.setChainForPortalTypes((TYPE,), ())
        workflows.manage_delObjects([WORKFLOW])
        api.portal.get_tool("portal_types").manage_delObjects([TYPE])
        self.portal.manage_permission(PERMISSION, ["Manager"], True)
        self.site_actions().manage_delObjects(["cong-bo-iso"])
        self.setup.setLastVersionForProfile("eiso:default", "1006")

    def test_1006_to_1007_installs_declarations(self):
        self.make_it_a_1006_site()
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertIn(TYPE, api.portal.get_tool("portal_types"))
        self.assertEqual(
            api.portal.get_tool("portal_workflow").getChainForPortalType(TYPE), (WORKFLOW,))
        roles = [r["name"] for r in self.portal.rolesOfPermission(PERMISSION) if r["selected"]]
        self.assertIn("IsoSecretary", roles)
        self.assertIn("cong-bo-iso", self.site_actions())
        # The area works on the upgraded site.
        from tests.test_declarations import declaration

        item = declaration(self.portal["co-quan-a"]["boi-canh"], "1/QĐ-A", publish=True)
        self.assertEqual(api.content.get_state(item), "published")

    def test_uninstall_removes_them(self):
        from plone.base.utils import get_installer

        get_installer(self.portal, self.layer["request"]).uninstall_product("eiso")
        self.assertNotIn(TYPE, api.portal.get_tool("portal_types"))
        self.assertNotIn(WORKFLOW, api.portal.get_tool("portal_workflow"))
        self.assertNotIn("cong-bo-iso", self.site_actions())
