"""The demo customer feedback of the Sở Khoa học và Công nghệ, made as users and
citizens make them, and its public form."""

from eiso.feedback.demo import FEEDBACK
from eiso.feedback.public import feedback_form
from eiso.nonconformities.demo import NONCONFORMITIES
from eiso.testing import apply_demo
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import unittest


class TestDemoFeedback(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])

    def feedback(self, **query):
        return api.content.find(portal_type="CustomerFeedback", **query)

    def test_the_demo_adds_them_in_different_states(self):
        before = len(self.feedback())
        nc_before = len(api.content.find(portal_type="Nonconformity", nc_source="feedback"))
        apply_demo()
        agency = self.portal["so-khcn"]
        section = agency["kiem-soat"]
        found = self.feedback(path="/".join(section.getPhysicalPath()))
        self.assertEqual(len(self.feedback()) - before, len(FEEDBACK))
        self.assertGreaterEqual(len(FEEDBACK), 5)
        self.assertEqual(sorted(brain.review_state for brain in found),
                         sorted(state for who, state, fields, nc in FEEDBACK))
        self.assertEqual(len({brain.review_state for brain in found}), 5)
        channels = {brain.feedback_channel for brain in found}
        self.assertIn("online_form", channels)
        for brain in found:
            item = brain.getObject()
            self.assertTrue(item.code.startswith("PA-"))
            if item.channel == "online_form":
                self.assertEqual(item.Creator(), "")  # filed by the public form, as the site
                self.assertEqual(item.responsible_users, ["thuky"])
            if brain.review_state == "closed":
                self.assertIsNotNone(item.response_date)
                nc = item.nonconformity.to_object
                self.assertEqual(nc.source_item.to_object, item)
                self.assertEqual(nc.source, "feedback")
            if brain.review_state == "responded":
                self.assertEqual(item.responsible_users, ["lanhdao"])
        # the demo nonconformities have their own from feedback; ours opened one more
        from_feedback = [fields for reporter, state, fields, verification in NONCONFORMITIES
                         if fields["source"] == "feedback"]
        self.assertEqual(
            len(api.content.find(portal_type="Nonconformity", nc_source="feedback")) - nc_before,
            len(from_feedback) + 1)
        self.assertEqual(api.content.get_state(feedback_form(agency)), "published")
        # applying it again adds nothing
        apply_demo()
        self.assertEqual(len(self.feedback()) - before, len(FEEDBACK))
