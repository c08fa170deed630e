"""The 1006 upgrade brings customer feedback to a site of release 1005: the type, its
workflow and index, collective.easyform and the public form of every agency already
there; uninstalling removes the index and column."""

from eiso.feedback.public import FOLDER_ID
from eiso.feedback.public import feedback_form
from eiso.feedback.public import IFeedbackForm
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PROFILE_VERSION
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import unittest


INDEXES = ("feedback_channel",)
COLUMNS = ("feedback_channel",)
WORKFLOW = "eiso_feedback_workflow"
EASYFORM = "collective.easyform:default"


class TestFeedbackUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def make_it_a_1005_site(self):
        api.content.delete(obj=self.portal[FOLDER_ID], check_linkintegrity=False)
        catalog = api.portal.get_tool("portal_catalog")
        for index in INDEXES:
            catalog.delIndex(index)
        for column in COLUMNS:
            catalog.delColumn(column)
        workflows = api.portal.get_tool("portal_workflow")
        workflows.setChainForPortalTypes(("CustomerFeedback",), ())
        workflows.manage_delObjects([WORKFLOW])
        types = api.portal.get_tool("portal_types")
        types.manage_delObjects(["CustomerFeedback", "EasyForm"])
        self.portal.manage_permission("eiso: Add CustomerFeedback", ["Manager"], True)
        self.setup.unsetLastVersionForProfile(EASYFORM)
        self.setup.setLastVersionForProfile("eiso:default", "1005")

    def test_1005_to_1006_installs_feedback_and_the_forms(self):
        self.make_it_a_1005_site()
        self.assertNotIn("CustomerFeedback", api.portal.get_tool("portal_types"))
        self.assertIsNone(feedback_form(self.portal["co-quan-a"]))
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertNotEqual(self.setup.getLastVersionForProfile(EASYFORM), "unknown")
        types = api.portal.get_tool("portal_types")
        self.assertIn("CustomerFeedback", types)
        self.assertIn("EasyForm", types)
        workflows = api.portal.get_tool("portal_workflow")
        self.assertEqual(workflows.getChainForPortalType("CustomerFeedback"), (WORKFLOW,))
        catalog = api.portal.get_tool("portal_catalog")
        for index in INDEXES:
            self.assertIn(index, catalog.indexes())
        for column in COLUMNS:
            self.assertIn(column, catalog.schema())
        adders = [r["name"] for r in self.portal.rolesOfPermission("eiso: Add CustomerFeedback")
                  if r["selected"]]
        self.assertIn("Staff", adders)
        # every agency already there has its published public form
        for agency_id in ("co-quan-a", "co-quan-b"):
            form = feedback_form(self.portal[agency_id])
            self.assertTrue(IFeedbackForm.providedBy(form), agency_id)
            self.assertEqual(api.content.get_state(form), "published")
        # the area works on the upgraded site
        from eiso.feedback import create_feedback

        login(self.portal, "a-staff")
        item = create_feedback(self.portal["co-quan-a"]["kiem-soat"],
                               description="Ý kiến sau nâng cấp", channel="email")
        self.assertEqual(api.content.get_state(item), "received")
        self.assertEqual(item.responsible_users, ["a-secretary"])
        self.assertEqual(len(api.content.find(feedback_channel="email")), 1)
        # running it again changes nothing
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        from eiso.upgrades.v1006 import feedback_forms

        feedback_forms()
        self.assertEqual(len(self.portal[FOLDER_ID].objectIds()), 2)

    def test_uninstall_removes_the_index_and_column(self):
        from plone.base.utils import get_installer

        get_installer(self.portal, self.layer["request"]).uninstall_product("eiso")
        catalog = api.portal.get_tool("portal_catalog")
        for index in INDEXES:
            self.assertNotIn(index, catalog.indexes())
        for column in COLUMNS:
            self.assertNotIn(column, catalog.schema())
        self.assertNotIn("CustomerFeedback", api.portal.get_tool("portal_types"))
