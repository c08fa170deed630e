"""The demo register of risks and opportunities of the Sở Khoa học và Công nghệ."""

from eiso.interfaces import IEisoLayer
from eiso.risks.demo import RISKS
from eiso.testing import apply_demo
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from zope.interface import alsoProvides

import datetime
import unittest


class TestDemoRisks(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")
        apply_demo()
        self.section = self.portal["so-khcn"]["boi-canh"]

    def risks(self, **query):
        return api.content.find(context=self.section, portal_type="Risk", **query)

    def test_a_dozen_risks_and_opportunities_in_every_state(self):
        self.assertEqual(len(RISKS), 12)
        self.assertEqual(len(self.risks()), 12)
        self.assertEqual(len(self.risks(risk_kind="opportunity")), 4)
        states = {brain.review_state for brain in self.risks()}
        self.assertEqual(states, {"draft", "pending", "approved", "applied"})

    def test_approved_ones_wait_for_the_owners_of_their_open_actions(self):
        from eiso.cases.handover import default_deadline

        today = datetime.date.today()
        for brain in self.risks(review_state="approved"):
            risk = brain.getObject()
            rows = risk.treatment_actions
            open_rows = [row for row in rows if not row["done"]]
            self.assertTrue(open_rows)
            self.assertEqual(sorted(risk.responsible_users),
                             sorted({row["owner"] for row in open_rows}))
            earliest = min(row["due_date"] for row in open_rows)
            self.assertEqual(risk.due_date, earliest if earliest >= today else default_deadline())
        self.assertTrue(api.content.find(responsible_users="truongphong", portal_type="Risk",
                                         case_open=True))
        # some actions are done, one is overdue
        rows = [row for brain in self.risks() for row in brain.getObject().treatment_actions]
        self.assertTrue(any(row["done"] for row in rows))
        self.assertTrue(any(not row["done"] and row["due_date"] < today for row in rows))
        self.assertEqual(len({row["owner"] for row in rows}), 7)

    def test_applied_ones_have_all_their_actions_done(self):
        for brain in self.risks(review_state="applied"):
            rows = brain.getObject().treatment_actions
            self.assertTrue(rows)
            self.assertTrue(all(row["done"] and row["result"] for row in rows))

    def test_linked_to_this_years_context_analysis(self):
        year = datetime.date.today().year
        analysis = self.section[f"boi-canh-to-chuc-nam-{year}"]
        for brain in self.risks():
            self.assertEqual(brain.getObject().context_analysis.to_object, analysis)

    def test_register_and_heat_map(self):
        request = self.layer["request"]
        alsoProvides(request, IEisoLayer)
        view = api.content.get_view("risk-register", self.section, request)
        view.params = view._params()
        counts = sum(cell["count"] for line in view.heat_map() for cell in line["cells"])
        self.assertEqual(counts, 12)
        rows = view.rows(view.batch())
        self.assertEqual(rows[0]["score"], 16)
        self.assertEqual(rows[0]["level"], "Cao")

    def test_idempotent(self):
        apply_demo()
        self.assertEqual(len(self.risks()), 12)
