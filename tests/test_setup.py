"""Installing and uninstalling the eiso profile."""

from eiso.testing import PROFILE_VERSION
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.base.utils import get_installer

import unittest


class TestInstall(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.installer = get_installer(self.portal, self.layer["request"])

    def test_installed(self):
        self.assertTrue(self.installer.is_product_installed("eiso"))

    def test_profile_id_and_version(self):
        setup = api.portal.get_tool("portal_setup")
        self.assertEqual(setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))

    def test_no_pending_upgrade_steps(self):
        """metadata.xml's version is the last upgrade step's destination."""
        setup = api.portal.get_tool("portal_setup")
        self.assertEqual(setup.listUpgrades("eiso:default"), [])
        self.assertEqual(
            setup.getVersionForProfile("eiso:default"),
            setup.getLastVersionForProfile("eiso:default")[0],
        )

    def test_browserlayer(self):
        from eiso.interfaces import IEisoLayer
        from plone.browserlayer import utils

        self.assertIn(IEisoLayer, utils.registered_layers())

    def test_types(self):
        types = api.portal.get_tool("portal_types")
        for name in ("Agency", "Section", "Department"):
            self.assertIn(name, types.objectIds())

    def test_roles(self):
        roles = self.portal.valid_roles()
        for role in (
            "Staff", "IsoSecretary", "Leader", "DepartmentHead", "LegalOfficer",
            "DocumentController", "RecordsOfficer", "HROfficer", "Auditor", "Assessor",
        ):
            self.assertIn(role, roles)

    def test_language_and_navigation(self):
        self.assertEqual(api.portal.get_registry_record("plone.default_language"), "vi")
        self.assertEqual(api.portal.get_registry_record("plone.navigation_depth"), 1)

    def test_restapi_installed(self):
        self.assertTrue(self.installer.is_product_installed("plone.restapi"))

    def test_front_page_is_the_portal_view(self):
        self.assertEqual(self.portal.getLayout(), "eiso-portal")


class TestUninstall(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        # Agencies must go first: their types are removed with the product.
        api.content.delete(objects=[self.portal[a] for a in ("co-quan-a", "co-quan-b")])
        self.installer = get_installer(self.portal, self.layer["request"])
        self.installer.uninstall_product("eiso")

    def test_uninstalled(self):
        self.assertFalse(self.installer.is_product_installed("eiso"))

    def test_browserlayer_removed(self):
        from eiso.interfaces import IEisoLayer
        from plone.browserlayer import utils

        self.assertNotIn(IEisoLayer, utils.registered_layers())

    def test_types_removed(self):
        types = api.portal.get_tool("portal_types")
        for name in ("Agency", "Section", "Department", "ContextAnalysis", "QualityPolicy"):
            self.assertNotIn(name, types.objectIds())

    def test_workflow_removed(self):
        for workflow in ("eiso_internal_workflow", "eiso_approval_workflow"):
            self.assertNotIn(workflow, api.portal.get_tool("portal_workflow"))

    def test_case_engine_removed(self):
        catalog = api.portal.get_tool("portal_catalog")
        self.assertNotIn("responsible_users", catalog.indexes())
        self.assertNotIn("case_step", catalog.schema())
        self.assertNotIn("inbox", api.portal.get_tool("portal_actions").portal_tabs)
        configlets = [c["id"] for c in api.portal.get_tool("portal_controlpanel").listActionInfos(check_visibility=0)]
        self.assertNotIn("eiso", configlets)

    def test_front_page_restored(self):
        self.assertNotEqual(self.portal.getLayout(), "eiso-portal")

    def test_search_back_to_stock(self):
        """Nothing in the catalog refers to eiso's search classes any more."""
        from Products.ZCTextIndex.OkapiIndex import OkapiIndex

        catalog = api.portal.get_tool("portal_catalog")
        for name in ("SearchableText", "Title", "Description"):
            index = catalog._catalog.getIndex(name)
            self.assertIs(type(index.index), OkapiIndex, name)
            self.assertEqual(index.getIndexType(), "Okapi BM25 Rank")
        pipeline = [type(e).__module__ for e in catalog.plone_lexicon._pipeline]
        self.assertFalse([m for m in pipeline if m.startswith("eiso")])
