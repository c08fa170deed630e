"""The demo declaration of conformity of the Sở Khoa học và Công nghệ: published, with
a PDF a reader opens, on the public page; idempotent."""

from eiso.declarations.demo import NUMBER
from eiso.declarations.public import PublicDeclarations
from eiso.testing import apply_demo
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import unittest


class TestDemoDeclaration(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])

    def count(self):
        catalog = api.portal.get_tool("portal_catalog")
        return len(catalog.unrestrictedSearchResults(portal_type="ConformityDeclaration"))

    def test_published_with_a_pdf(self):
        before = self.count()
        apply_demo()
        self.assertEqual(self.count() - before, 1)
        item = api.content.find(portal_type="ConformityDeclaration",
                                path="/plone/so-khcn")[0].getObject()
        self.assertEqual(item.decision_number, NUMBER)
        self.assertEqual(api.content.get_state(item), "published")
        self.assertEqual(item.Creator(), "thuky")
        data = item.files[0].data
        self.assertTrue(data.startswith(b"%PDF-1.4"))
        self.assertTrue(data.rstrip().endswith(b"%%EOF"))
        startxref = int(data.rsplit(b"startxref", 1)[1].split()[0])
        self.assertTrue(data[startxref:].startswith(b"xref"))
        logout()
        rows = PublicDeclarations(self.portal, self.layer["request"]).declarations()
        self.assertIn(NUMBER, [row["number"] for row in rows])
        apply_demo()
        self.assertEqual(self.count() - before, 1)
