"""The demo's register of legal texts: every state, relations both ways, idempotent."""

from eiso.testing import apply_demo
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
        apply_demo()
        self.section = self.portal["so-khcn"]["van-ban"]

    def states(self):
        return {
            brain.code: brain.review_state
            for brain in api.content.find(context=self.section, portal_type="LegalDocument")
        }

    def test_register(self):
        from eiso.demo_qms_data import LEGAL_TEXTS

        from eiso.procedures.demo_data import LEGAL_TEXTS as PROCEDURE_BASES

        states = self.states()
        # the register's chain, and the legal bases of the demo procedure guides
        # (eiso.procedures.demo, which also registers a text replacing one of them)
        for entry in LEGAL_TEXTS + PROCEDURE_BASES:
            self.assertIn(entry[0], states)
        self.assertGreaterEqual(len(states), len(LEGAL_TEXTS) + len(PROCEDURE_BASES))
        self.assertEqual(states["144/2006/QĐ-TTg"], "expired")  # replaced by 19/2014
        self.assertEqual(states["118/2009/QĐ-TTg"], "expired")
        self.assertEqual(states["19/2014/QĐ-TTg"], "in_force")
        self.assertEqual(states["24/2014/NĐ-CP"], "partly_expired")  # amended by 107/2020
        self.assertEqual(states["61/2018/NĐ-CP"], "partly_expired")
        self.assertEqual(states["83/2006/NĐ-CP"], "expired")  # replaced by 158/2018
        self.assertEqual(states["101/QĐ-BKHCN"], "in_force")
        old = self.section["144-2006-qd-ttg"]
        self.assertEqual(old.Creator(), "vanban")
        self.assertEqual(
            [r.from_object.number for r in api.relation.get(target=old, relationship="replaces")],
            ["19/2014/QĐ-TTg"],
        )
        amended = self.section["144-2006-qd-ttg"]
        self.assertEqual(
            [r.from_object.number for r in api.relation.get(target=amended, relationship="amends")],
            ["118/2009/QĐ-TTg"],
        )

    def test_idempotent(self):
        before = len(self.section.objectIds())
        apply_demo()
        self.assertEqual(len(self.section.objectIds()), before)
        self.assertEqual(self.states()["144/2006/QĐ-TTg"], "expired")
