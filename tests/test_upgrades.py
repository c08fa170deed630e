"""Upgrade steps bring a site of the previous release to the current profile."""

from eiso.testing import PROFILE_VERSION
from eiso.testing import upgrades_after
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import unittest


class TestUpgrade1001(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def make_it_a_1000_site(self):
        """Remove what 1001 adds, as on a site installed with release 1000."""
        catalog = api.portal.get_tool("portal_catalog")
        from eiso.upgrades.v1001 import INDEXES

        for index in INDEXES:
            catalog.delIndex(index)
        workflow = api.portal.get_tool("portal_workflow")
        workflow.setChainForPortalTypes(("ContextAnalysis", "QualityPolicy"), ())
        workflow.manage_delObjects(["eiso_approval_workflow"])
        api.portal.get_tool("portal_types").manage_delObjects(["ContextAnalysis", "QualityPolicy"])
        registry = api.portal.get_tool("portal_registry")
        for name in ("eiso.reminder_days", "eiso.step_days"):
            del registry.records[name]
        self.setup.setLastVersionForProfile("eiso:default", "1000")

    def test_1000_to_1001(self):
        self.make_it_a_1000_site()
        self.assertEqual([u["dest"] for u in self.setup.listUpgrades("eiso:default")], upgrades_after("1000"))
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertEqual(self.setup.listUpgrades("eiso:default"), [])
        catalog = api.portal.get_tool("portal_catalog")
        for index in ("responsible_users", "due_date", "case_open", "year"):
            self.assertIn(index, catalog.indexes())
        self.assertIn("case_step", catalog.schema())
        workflow = api.portal.get_tool("portal_workflow")
        self.assertEqual(workflow.getChainForPortalType("QualityPolicy"), ("eiso_approval_workflow",))
        self.assertEqual(api.portal.get_registry_record("eiso.step_days"), 3)
        self.assertIn("CaseHandler", self.portal.validRoles())
        # the section's items are still there and the site still works
        policy = api.content.create(container=self.portal["co-quan-a"]["boi-canh"],
                                    type="QualityPolicy", title="Sau nâng cấp", year=2026)
        self.assertEqual(api.content.get_state(policy), "draft")
        self.assertTrue(api.content.find(UID=policy.UID(), case_open=True))


class TestUpgrade1002(unittest.TestCase):
    """Each area of 1002 checks its own part of the step in its own test module."""

    layer = EISO_INTEGRATION_TESTING

    def test_1001_to_1002(self):
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile("eiso:default", "1001")
        self.assertEqual([u["dest"] for u in setup.listUpgrades("eiso:default")], upgrades_after("1001"))
        setup.upgradeProfile("eiso:default")
        self.assertEqual(setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertEqual(setup.listUpgrades("eiso:default"), [])
