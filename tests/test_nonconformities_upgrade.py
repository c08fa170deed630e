"""The 1006 upgrade brings nonconformities to a site of release 1005; uninstalling
removes their index and column."""

from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PROFILE_VERSION
from eiso.testing import UpgradeTestCase
from plone import api
from plone.app.testing import login

import unittest


INDEXES = ("nc_source",)
COLUMNS = ("nc_source",)
WORKFLOW = "eiso_nonconformity_workflow"


class TestNonconformitiesUpgrade(UpgradeTestCase, unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def make_it_a_1005_site(self):
        self.set_back_to("1005", types=["Nonconformity"], workflows=[WORKFLOW],
                         indexes=INDEXES, columns=COLUMNS,
                         permissions=["eiso: Add Nonconformity"])

    def test_1005_to_1006_installs_nonconformities(self):
        self.make_it_a_1005_site()
        self.assertNotIn("Nonconformity", api.portal.get_tool("portal_types"))
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertIn("Nonconformity", api.portal.get_tool("portal_types"))
        workflows = api.portal.get_tool("portal_workflow")
        self.assertIn(WORKFLOW, workflows)
        self.assertEqual(workflows.getChainForPortalType("Nonconformity"), (WORKFLOW,))
        catalog = api.portal.get_tool("portal_catalog")
        for index in INDEXES:
            self.assertIn(index, catalog.indexes())
        for column in COLUMNS:
            self.assertIn(column, catalog.schema())
        adders = [r["name"] for r in self.portal.rolesOfPermission("eiso: Add Nonconformity")
                  if r["selected"]]
        self.assertIn("Staff", adders)
        # the area works on the upgraded site: a member reports, the head analyses
        from eiso.nonconformities import create_nonconformity

        login(self.portal, "a-staff")
        item = create_nonconformity(self.portal["co-quan-a"]["kiem-soat"],
                                    description="Sự không phù hợp sau nâng cấp",
                                    source="feedback", department="phong-cntt")
        self.assertEqual(api.content.get_state(item), "reported")
        self.assertEqual(item.responsible_users, ["a-head"])
        self.assertEqual(len(api.content.find(nc_source="feedback")), 1)

    def test_uninstall_removes_the_index_and_column(self):
        from plone.base.utils import get_installer

        get_installer(self.portal, self.layer["request"]).uninstall_product("eiso")
        catalog = api.portal.get_tool("portal_catalog")
        for index in INDEXES:
            self.assertNotIn(index, catalog.indexes())
        for column in COLUMNS:
            self.assertNotIn(column, catalog.schema())
        self.assertNotIn("Nonconformity", api.portal.get_tool("portal_types"))
