"""The demo improvements of the Sở Khoa học và Công nghệ, made as users make them."""

from eiso.improvements.demo import PROPOSALS
from eiso.improvements.plans import referenced_codes
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import datetime
import unittest


class TestDemoImprovements(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def find(self, **query):
        return api.content.find(**query)

    def test_proposals_in_different_states_and_this_years_applied_plan(self):
        proposals = len(self.find(portal_type="ImprovementProposal"))
        plans = len(self.find(portal_type="ImprovementPlan"))
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        self.assertEqual(len(self.find(portal_type="ImprovementProposal")) - proposals,
                         len(PROPOSALS))
        self.assertEqual(len(self.find(portal_type="ImprovementPlan")) - plans, 1)
        section = self.portal["so-khcn"]["cai-tien"]
        path = "/".join(section.getPhysicalPath())
        found = self.find(portal_type="ImprovementProposal", path=path)
        self.assertEqual(sorted(brain.review_state for brain in found),
                         ["accepted", "pending", "planned", "planned", "rejected"])
        year = datetime.date.today().year
        [plan] = [b.getObject() for b in self.find(portal_type="ImprovementPlan", path=path)]
        self.assertEqual(api.content.get_state(plan), "applied")
        self.assertEqual(plan.year, year)
        self.assertEqual(plan.Title(), f"Kế hoạch cải tiến liên tục năm {year}")
        codes = referenced_codes(plan)
        planned = {b.code for b in found if b.review_state == "planned"}
        self.assertTrue(planned <= codes)
        # fed from the demo nonconformities being corrected too
        nonconformities = self.find(portal_type="Nonconformity",
                                    review_state=["approved", "implementing"],
                                    path="/".join(self.portal["so-khcn"].getPhysicalPath()))
        self.assertTrue(nonconformities)
        self.assertTrue({b.code for b in nonconformities} <= codes)
        self.assertEqual(len(plan.actions), len(planned) + len(nonconformities))
        self.assertTrue(all(row["owner"] and row["deadline"] for row in plan.actions))
        # the proposal accepted after the plan waits for the ISO secretary
        [late] = [b for b in found if b.review_state == "accepted"]
        self.assertNotIn(late.code, codes)
        self.assertEqual(late.getObject().responsible_users, ["thuky"])

    def test_idempotent(self):
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        count = len(self.find(portal_type=["ImprovementProposal", "ImprovementPlan"]))
        from eiso.improvements.demo import ensure_improvements

        ensure_improvements(self.portal["so-khcn"])
        self.assertEqual(len(self.find(portal_type=["ImprovementProposal", "ImprovementPlan"])),
                         count)
