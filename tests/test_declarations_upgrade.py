"""The 1007 upgrade brings declarations of conformity to a site of release 1006 (type,
workflow, add permission, footer link); uninstalling removes them."""

from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import UpgradeTestCase
from plone import api

import unittest


TYPE = "ConformityDeclaration"
WORKFLOW = "eiso_declaration_workflow"
PERMISSION = "eiso: Add ConformityDeclaration"


class TestDeclarationsUpgrade(UpgradeTestCase, unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def site_actions(self):
        return api.portal.get_tool("portal_actions")["site_actions"]

    def make_it_a_1006_site(self):
        self.site_actions().manage_delObjects(["cong-bo-iso"])
        self.set_back_to("1006", types=[TYPE], workflows=[WORKFLOW], permissions=[PERMISSION])

    def test_1006_to_1007_installs_declarations(self):
        self.make_it_a_1006_site()
        self.upgrade()
        self.assertTypeWithWorkflow(TYPE, WORKFLOW)
        self.assertIn("IsoSecretary", self.granted(PERMISSION))
        self.assertIn("cong-bo-iso", self.site_actions())
        # The area works on the upgraded site.
        from tests.test_declarations import declaration

        item = declaration(self.portal["co-quan-a"]["boi-canh"], "1/QĐ-A", publish=True)
        self.assertEqual(api.content.get_state(item), "published")

    def test_uninstall_removes_them(self):
        self.uninstall()
        self.assertNotIn(TYPE, self.types)
        self.assertNotIn(WORKFLOW, self.workflows)
        self.assertNotIn("cong-bo-iso", self.site_actions())
