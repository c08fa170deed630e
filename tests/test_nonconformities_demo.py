"""The demo nonconformities of the Sở Khoa học và Công nghệ, made as users make them."""

from eiso.nonconformities.demo import NONCONFORMITIES
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import unittest


class TestDemoNonconformities(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def nonconformities(self, **query):
        return api.content.find(portal_type="Nonconformity", **query)

    def test_the_demo_adds_them_in_different_states(self):
        before = len(self.nonconformities())
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        section = self.portal["so-khcn"]["kiem-soat"]
        found = self.nonconformities(path="/".join(section.getPhysicalPath()))
        # the demo feedback opens nonconformities of its own (eiso.feedback.demo)
        from_feedback = [brain for brain in found
                         if getattr(brain.getObject().source_item, "to_object", None) is not None
                         and brain.getObject().source_item.to_object.portal_type
                         == "CustomerFeedback"]
        found = [brain for brain in found if brain not in from_feedback]
        self.assertEqual(len(self.nonconformities()) - before - len(from_feedback),
                         len(NONCONFORMITIES))
        self.assertGreaterEqual(len(NONCONFORMITIES), 4)
        self.assertEqual(
            sorted(brain.review_state for brain in found),
            sorted(state for reporter, state, fields, verification in NONCONFORMITIES),
        )
        self.assertEqual(len({brain.review_state for brain in found}), len(NONCONFORMITIES))
        self.assertEqual({brain.nc_source for brain in found},
                         {"audit", "feedback", "review", "staff"})
        for brain in found:
            item = brain.getObject()
            self.assertTrue(item.code.startswith("KPH-"))
            if brain.review_state == "closed":
                self.assertTrue(item.action_effective)
                self.assertEqual(item.verified_by, "thuky")
                self.assertFalse(brain.case_open)
            elif brain.review_state == "approved":
                # the person responsible, by the action's due date
                self.assertEqual(item.responsible_users, [item.responsible])
                self.assertEqual(item.due_date, item.action_due_date)
            elif brain.review_state == "analysed":
                self.assertEqual(item.responsible_users, ["lanhdao"])
            elif brain.review_state == "implementing":
                self.assertEqual(item.responsible_users, ["thuky"])
            elif brain.review_state == "reported":
                # Văn phòng sở: its head
                self.assertEqual(item.responsible_users, ["quantri"])

    def test_idempotent(self):
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        count = len(self.nonconformities())
        from eiso.nonconformities.demo import ensure_nonconformities

        ensure_nonconformities(self.portal["so-khcn"])
        self.assertEqual(len(self.nonconformities()), count)
