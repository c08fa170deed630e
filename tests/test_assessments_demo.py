"""The demo assessment of the Sở Khoa học và Công nghệ: last year's, self-scored by the
ISO secretary, approved by the leader, scored and published by the demo assessor
``chamdiem`` — who sees it and nothing else of the agency; running the demo again
adds nothing."""

from datetime import date
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME

import unittest


class TestDemoAssessment(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def count(self):
        # the first agency's (the demo's second agency has its own: test_demo_second_agency)
        return len(api.content.find(portal_type="Assessment", path="/plone/so-khcn"))

    def test_published_assessment(self):
        before = self.count()
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        self.assertEqual(self.count() - before, 1)
        agency = self.portal["so-khcn"]
        [brain] = api.content.find(context=agency, portal_type="Assessment")
        item = brain.getObject()
        self.assertEqual(item.year, date.today().year - 1)
        self.assertEqual(api.content.get_state(item), "published")
        self.assertEqual(item.self_total(), 96)
        self.assertEqual(item.assessor_total(), 89)
        self.assertEqual(item.grade()[0], "fair")
        self.assertIn("Assessor", api.user.get_roles(username="chamdiem"))
        history = [entry["action"] for entry in api.portal.get_tool(
            "portal_workflow").getInfoFor(item, "review_history")]
        self.assertEqual(history[1:], ["submit", "approve", "score", "publish"])
        login(self.portal, "chamdiem")
        self.assertTrue(api.user.has_permission("View", obj=item))
        self.assertFalse(api.user.has_permission("View", obj=agency))
        self.assertEqual([b.portal_type for b in api.content.find(context=agency)],
                         ["Assessment"])
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        self.assertEqual(self.count() - before, 1)
