"""The demo management review of the Sở Khoa học và Công nghệ: half-way, as on seed
002's screen — four departments, two concluded, two not, the review waiting for the
leader's conclusion, which is refused until every report is concluded."""

from eiso.cases.handover import hand_over
from eiso.reviews.demo import DEPARTMENTS
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.workflows.records import TransitionRefused
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import unittest


class TestDemoReview(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def count(self):
        return len(api.content.find(portal_type=["ManagementReview", "ReviewReport"]))

    def test_review_half_way(self):
        before = self.count()
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        self.assertEqual(self.count() - before, 1 + len(DEPARTMENTS))
        section = self.portal["so-khcn"]["danh-gia"]
        [brain] = api.content.find(context=section, portal_type="ManagementReview")
        review = brain.getObject()
        self.assertEqual(api.content.get_state(review), "concluding")
        self.assertEqual(review.responsible_users, ["lanhdao"])
        reports = review.reports()
        states = {department: api.content.get_state(report)
                  for department, report in reports.items()}
        self.assertEqual(states, {
            "phong-quan-ly-cong-nghe": "submitted",
            "phong-quan-ly-khoa-hoc": "concluded",
            "thanh-tra-so": "draft",
            "van-phong-so": "concluded",
        })
        # Pre-filled with the applied objectives, results filled by the departments.
        science = reports["phong-quan-ly-khoa-hoc"]
        self.assertTrue(science.objectives)
        self.assertTrue(all(row["target"] is not None for row in science.objectives))
        self.assertEqual(science.objectives[0]["result"], 96.0)
        self.assertTrue(science.conclusion and science.direction and science.responsibility)
        self.assertEqual(reports["phong-quan-ly-cong-nghe"].responsible_users, ["lanhdao"])
        self.assertEqual(reports["thanh-tra-so"].responsible_users, ["thuky"])
        with api.env.adopt_user(username="lanhdao"):
            with self.assertRaises(TransitionRefused):
                hand_over(review, "conclude")
        self.assertEqual(api.content.get_state(review), "concluding")

    def test_idempotent(self):
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        count = self.count()
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        self.assertEqual(self.count(), count)
