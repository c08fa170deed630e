"""The 1006 upgrade brings management reviews to a site of release 1005; uninstalling
removes their types."""

from datetime import date
from datetime import timedelta
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PROFILE_VERSION
from eiso.testing import UpgradeTestCase
from plone import api
from plone.app.testing import login

import unittest


TYPES = ("ManagementReview", "ReviewReport")
WORKFLOWS = {"ManagementReview": "eiso_review_workflow",
             "ReviewReport": "eiso_review_report_workflow"}
PERMISSIONS = {"eiso: Add ManagementReview": "IsoSecretary",
               "eiso: Conclude review report": "Leader",
               "eiso: Record review result": "IsoSecretary"}


class TestReviewsUpgrade(UpgradeTestCase, unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def make_it_a_1005_site(self):
        self.set_back_to("1005", types=TYPES, workflows=WORKFLOWS.values(),
                         permissions=PERMISSIONS)

    def test_1005_to_1006_installs_reviews(self):
        self.make_it_a_1005_site()
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        types = api.portal.get_tool("portal_types")
        workflows = api.portal.get_tool("portal_workflow")
        for portal_type, workflow in WORKFLOWS.items():
            self.assertIn(portal_type, types)
            self.assertEqual(workflows.getChainForPortalType(portal_type), (workflow,))
        for permission, role in PERMISSIONS.items():
            roles = [r["name"] for r in self.portal.rolesOfPermission(permission)
                     if r["selected"]]
            self.assertIn(role, roles)
        # the area works on the upgraded site: drafted, approved, departments notified
        from eiso.reviews import create_review

        login(self.portal, "a-secretary")
        review = create_review(self.portal["co-quan-a"]["danh-gia"],
                               meeting_date=date.today() + timedelta(days=9),
                               report_deadline=date.today() + timedelta(days=5),
                               departments=["phong-cntt"])
        api.content.transition(obj=review, transition="submit")
        self.assertEqual(review.responsible_users, ["a-leader"])
        login(self.portal, "a-leader")
        api.content.transition(obj=review, transition="approve")
        login(self.portal, "a-secretary")
        api.content.transition(obj=review, transition="notify")
        self.assertEqual(review.reports()["phong-cntt"].responsible_users, ["a-head"])

    def test_uninstall_removes_the_types(self):
        from plone.base.utils import get_installer

        get_installer(self.portal, self.layer["request"]).uninstall_product("eiso")
        for portal_type in TYPES:
            self.assertNotIn(portal_type, api.portal.get_tool("portal_types"))
        for workflow in WORKFLOWS.values():
            self.assertNotIn(workflow, api.portal.get_tool("portal_workflow"))
