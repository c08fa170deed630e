"""The demo's procedure guides: five of a Sở KH&CN, four in force, one flagged for review."""

from eiso.inbox import Inbox
from eiso.inbox import InboxParams
from eiso.procedures import review
from eiso.testing import apply_demo
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME

import unittest


class TestDemoProcedureGuides(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_demo_guides(self):
        portal = self.layer["portal"]
        apply_demo()
        setRoles(portal, TEST_USER_ID, ["Manager"])
        agency = portal["so-khcn"]
        section = agency["thu-tuc"]
        guides = {brain.code: brain.getObject() for brain in api.content.find(
            context=section, portal_type="ProcedureGuide")}
        self.assertEqual(len(guides), 5)
        states = {code: api.content.get_state(guide) for code, guide in guides.items()}
        self.assertEqual(sorted(states.values()), ["applied"] * 4 + ["draft"])
        xray = next(g for g in guides.values() if "X-quang" in g.Title())
        self.assertEqual(xray.steps[1]["responsible"], "Phòng Quản lý Công nghệ")
        self.assertEqual([t.to_object.number for t in xray.legal_basis],
                         ["18/2008/QH12", "07/2010/NĐ-CP"])
        self.assertEqual(api.content.get_state(xray.legal_basis[1].to_object), "expired")
        self.assertEqual([g for g in guides.values() if review.needs_review(g)], [xray])
        for user_id in ("truongphong", "thuky"):
            login(portal, user_id)
            inbox = Inbox(agency, user_id, self.layer["request"])
            urls = [brain.getURL() for brain in inbox.results(InboxParams())]
            self.assertIn(xray.absolute_url(), urls, user_id)
        for guide in guides.values():
            self.assertTrue(guide.dossier_components and guide.steps and guide.forms)
            self.assertTrue(guide.legal_basis)
        # Idempotent.
        setRoles(portal, TEST_USER_ID, ["Manager"])
        login(portal, TEST_USER_NAME)
        counts = {name: len(agency[name].objectIds()) for name in ("thu-tuc", "van-ban")}
        apply_demo()
        self.assertEqual({name: len(agency[name].objectIds()) for name in counts}, counts)
