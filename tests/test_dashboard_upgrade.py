"""The 1007 upgrade gives a site of release 1006 what the dashboard's on-time chart
reads (index and metadata of finished cases); uninstalling removes them."""

from datetime import date
from eiso.cases.handover import hand_over
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PROFILE_VERSION
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME

import unittest


COLUMNS = ("case_finished", "case_late")


class TestDashboardUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.setup = api.portal.get_tool("portal_setup")
        self.catalog = api.portal.get_tool("portal_catalog")

    def finished_case(self):
        login(self.portal, "a-secretary")
        policy = api.content.create(
            container=self.portal["co-quan-a"]["boi-canh"], type="QualityPolicy",
            title="Chính sách cũ", year=2026, motto="Chất lượng", statements=["Phục vụ"])
        hand_over(policy, "submit")
        login(self.portal, "a-leader")
        hand_over(policy, "reject")
        return policy

    def test_1006_to_1007_fills_the_finished_cases(self):
        policy = self.finished_case()
        login(self.portal, "a-secretary")
        open_case = api.content.create(
            container=self.portal["co-quan-a"]["boi-canh"], type="QualityPolicy",
            title="Chính sách đang soạn", year=2026, motto="Chất lượng", statements=["Phục vụ"])
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        self.catalog.delIndex("case_finished")
        for column in COLUMNS:
            self.catalog.delColumn(column)
        self.setup.setLastVersionForProfile("eiso:default", "1006")

        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertIn("case_finished", self.catalog.indexes())
        for column in COLUMNS:
            self.assertIn(column, self.catalog.schema())
        found = self.catalog.unrestrictedSearchResults(
            case_finished={"query": date(1900, 1, 1), "range": "min"})
        self.assertEqual([b.UID for b in found], [policy.UID()])
        self.assertEqual(found[0].case_finished, date.today())
        self.assertIs(found[0].case_late, False)
        self.assertNotIn(open_case.UID(), [b.UID for b in found])

    def test_uninstall_removes_the_index_and_columns(self):
        from plone.base.utils import get_installer

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        get_installer(self.portal, self.layer["request"]).uninstall_product("eiso")
        self.assertNotIn("case_finished", self.catalog.indexes())
        for column in COLUMNS:
            self.assertNotIn(column, self.catalog.schema())
