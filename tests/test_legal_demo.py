"""The demo's register of legal texts: every state, relations both ways, idempotent."""

from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import unittest


class TestDemoLegalDocuments(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        self.section = self.portal["so-khcn"]["van-ban"]

    def states(self):
        return {
            brain.code: brain.review_state
            for brain in api.content.find(context=self.section, portal_type="LegalDocument")
        }

    def test_register(self):
        self.assertEqual(self.states(), {
            "19/2014/QĐ-TTg": "expired",
            "26/2014/TT-BKHCN": "partly_expired",
            "61/2018/NĐ-CP": "partly_expired",
            "101/QĐ-BKHCN": "in_force",
            "107/2021/NĐ-CP": "in_force",
            "19/2025/QĐ-TTg": "in_force",
        })
        old = self.section["19-2014-qd-ttg"]
        self.assertEqual(old.Creator(), "vanban")
        self.assertEqual(
            [r.from_object.number for r in api.relation.get(target=old, relationship="replaces")],
            ["19/2025/QĐ-TTg"],
        )

    def test_idempotent(self):
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        self.assertEqual(len(self.section.objectIds()), 6)
        self.assertEqual(self.states()["19/2014/QĐ-TTg"], "expired")
