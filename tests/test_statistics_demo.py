"""The demo one-stop-shop statistics of the Sở Khoa học và Công nghệ: twelve months,
valid figures, a couple of months with files resolved late; idempotent."""

from eiso.content.service_statistics import check_rows
from eiso.statistics.demo import last_twelve_months
from eiso.testing import apply_demo
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import datetime
import unittest


class TestDemoStatistics(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])

    def count(self):
        # the first agency's (the demo's second agency has its own: test_demo_second_agency)
        return len(api.content.find(portal_type="ServiceStatistics", path="/plone/so-khcn"))

    def test_twelve_months(self):
        before = self.count()
        apply_demo()
        self.assertEqual(self.count() - before, 12)
        section = self.portal["so-khcn"]["thu-tuc"]
        items = [brain.getObject() for brain in api.content.find(
            context=section, portal_type="ServiceStatistics")]
        self.assertEqual(sorted((i.year, i.month) for i in items), last_twelve_months())
        late_months = [i for i in items if i.totals()["late"]]
        self.assertEqual(len(late_months), 2)
        for item in items:
            self.assertEqual(check_rows(item.rows), [])
            self.assertEqual(len(item.rows), 4)
            self.assertEqual(item.Creator(), "thuky")
            self.assertGreater(item.totals()["received"], 0)
        apply_demo()
        self.assertEqual(self.count() - before, 12)

    def test_last_twelve_months(self):
        self.assertEqual(last_twelve_months(datetime.date(2026, 2, 10))[0], (2025, 2))
        self.assertEqual(last_twelve_months(datetime.date(2026, 2, 10))[-1], (2026, 1))
