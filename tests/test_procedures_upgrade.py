"""The 1004 upgrade installs procedure guides on a site of release 1003; uninstalling removes them."""

from eiso.content.procedure_guide import create_procedure_guide
from eiso.testing import PROFILE_VERSION
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.base.utils import get_installer

import unittest


PERMISSIONS = ("eiso: Add ProcedureGuide", "eiso: Review procedure guide")
COLUMNS = ("needs_review", "processing_days")


class TestProceduresUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def make_it_a_1003_site(self):
        catalog = api.portal.get_tool("portal_catalog")
        catalog.delIndex("needs_review")
        for column in COLUMNS:
            catalog.delColumn(column)
        workflow = api.portal.get_tool("portal_workflow")
        workflow.setChainForPortalTypes(("ProcedureGuide",), ())
        api.portal.get_tool("portal_types").manage_delObjects(["ProcedureGuide"])
        for permission in PERMISSIONS:
            self.portal.manage_permission(permission, ["Manager"], True)
        repository = api.portal.get_tool("portal_repository")
        repository.setVersionableContentTypes(
            [t for t in repository.getVersionableContentTypes() if t != "ProcedureGuide"])
        repository.removePolicyFromContentType("ProcedureGuide", "version_on_revert")
        self.setup.setLastVersionForProfile("eiso:default", "1003")

    def test_1003_to_1004_installs_procedure_guides(self):
        self.make_it_a_1003_site()
        repository = api.portal.get_tool("portal_repository")
        self.assertNotIn("ProcedureGuide", repository.getVersionableContentTypes())
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertIn("ProcedureGuide", api.portal.get_tool("portal_types"))
        self.assertEqual(api.portal.get_tool("portal_workflow").getChainForPortalType(
            "ProcedureGuide"), ("eiso_approval_workflow",))
        catalog = api.portal.get_tool("portal_catalog")
        self.assertIn("needs_review", catalog.indexes())
        for column in COLUMNS:
            self.assertIn(column, catalog.schema())
        self.assertIn("ProcedureGuide", repository.getVersionableContentTypes())
        holders = [r["name"] for r in self.portal.rolesOfPermission("eiso: Add ProcedureGuide")
                   if r["selected"]]
        self.assertEqual(sorted(holders), ["IsoSecretary", "Leader", "Manager", "Site Administrator"])
        # The secretary adds a guide on the upgraded site; it is versioned at approval.
        login(self.portal, "a-secretary")
        guide = create_procedure_guide(
            self.portal["co-quan-a"]["thu-tuc"], code="1.004486", processing_days=15,
            procedure_name="Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ")
        api.content.transition(obj=guide, transition="submit")
        login(self.portal, "a-leader")
        api.content.transition(obj=guide, transition="approve")
        self.assertEqual(repository.getHistoryMetadata(guide).getLength(countPurged=False), 1)
        self.assertEqual(len(catalog(needs_review=False, portal_type="ProcedureGuide")), 1)


class TestProceduresUninstall(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_uninstall_removes_type_index_and_columns(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        api.content.delete(objects=[portal[a] for a in ("co-quan-a", "co-quan-b")])
        get_installer(portal, self.layer["request"]).uninstall_product("eiso")
        self.assertNotIn("ProcedureGuide", api.portal.get_tool("portal_types"))
        catalog = api.portal.get_tool("portal_catalog")
        self.assertNotIn("needs_review", catalog.indexes())
        for column in COLUMNS:
            self.assertNotIn(column, catalog.schema())
