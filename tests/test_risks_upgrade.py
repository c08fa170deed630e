"""The 1004 upgrade brings risks and opportunities to a site of release 1003."""

from eiso.testing import PROFILE_VERSION
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

import unittest


INDEXES = ("risk_kind", "risk_likelihood", "risk_impact", "risk_score")
COLUMNS = INDEXES + ("treatment_owners", "treatment_next_due")
RECORDS = ("eiso.risk_level_medium", "eiso.risk_level_high")


class TestRisksUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def make_it_a_1003_site(self):
        catalog = api.portal.get_tool("portal_catalog")
        for index in INDEXES:
            catalog.delIndex(index)
        for column in COLUMNS:
            catalog.delColumn(column)
        api.portal.get_tool("portal_workflow").setChainForPortalTypes(("Risk",), ())
        api.portal.get_tool("portal_types").manage_delObjects(["Risk"])
        self.portal.manage_permission("eiso: Add Risk", ["Manager"], True)
        registry = getUtility(IRegistry)
        for record in RECORDS:
            del registry.records[record]
        self.setup.setLastVersionForProfile("eiso:default", "1003")

    def test_1003_to_1004_installs_risks(self):
        self.make_it_a_1003_site()
        self.assertNotIn("Risk", api.portal.get_tool("portal_types"))
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertIn("Risk", api.portal.get_tool("portal_types"))
        self.assertEqual(
            api.portal.get_tool("portal_workflow").getChainForPortalType("Risk"),
            ("eiso_approval_workflow",),
        )
        catalog = api.portal.get_tool("portal_catalog")
        for index in INDEXES:
            self.assertIn(index, catalog.indexes())
        for column in COLUMNS:
            self.assertIn(column, catalog.schema())
        self.assertEqual(api.portal.get_registry_record("eiso.risk_level_medium"), 5)
        self.assertEqual(api.portal.get_registry_record("eiso.risk_level_high"), 12)
        adders = [r["name"] for r in self.portal.rolesOfPermission("eiso: Add Risk")
                  if r["selected"]]
        self.assertIn("IsoSecretary", adders)
        self.assertIn("DepartmentHead", adders)
        # the area works on the upgraded site
        from eiso.content.risk import create_risk

        section = self.portal["co-quan-a"]["boi-canh"]
        risk = create_risk(section, kind="risk", description="Rủi ro sau nâng cấp",
                           likelihood=3, impact=5)
        self.assertEqual(api.content.get_state(risk), "draft")
        self.assertEqual(len(api.content.find(risk_score=15, risk_kind="risk")), 1)

    def test_uninstall_removes_indexes_and_records(self):
        from plone.base.utils import get_installer

        get_installer(self.portal, self.layer["request"]).uninstall_product("eiso")
        catalog = api.portal.get_tool("portal_catalog")
        for index in INDEXES:
            self.assertNotIn(index, catalog.indexes())
        for column in COLUMNS:
            self.assertNotIn(column, catalog.schema())
        registry = getUtility(IRegistry)
        for record in RECORDS:
            self.assertNotIn(record, registry.records)
        self.assertNotIn("Risk", api.portal.get_tool("portal_types"))
