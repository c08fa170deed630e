"""The 1002 upgrade installs the records area on a site of release 1001."""

from eiso.content.record import IRecordsSection
from eiso.testing import PROFILE_VERSION
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from zope.interface import noLongerProvides

import unittest


TYPES = ("Record", "BorrowRequest", "DisposalProposal")
WORKFLOWS = ("eiso_record_workflow", "eiso_borrow_workflow", "eiso_disposal_workflow")
INDEXES = ("disposal_due", "record_uids", "record_kind")
PERMISSIONS = ("eiso: Add Record", "eiso: Add BorrowRequest", "eiso: Add DisposalProposal",
               "eiso: Destroy records", "eiso: Edit disposal proposal")


class TestRecordsUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def make_it_a_1001_site(self):
        catalog = api.portal.get_tool("portal_catalog")
        for index in INDEXES:
            catalog.delIndex(index)
        for column in ("record_kind", "retention_years", "storage_location", "disposal_due"):
            catalog.delColumn(column)
        workflow = api.portal.get_tool("portal_workflow")
        workflow.setChainForPortalTypes(TYPES, ())
        workflow.manage_delObjects(list(WORKFLOWS))
        api.portal.get_tool("portal_types").manage_delObjects(list(TYPES))
        for permission in PERMISSIONS:
            self.portal.manage_permission(permission, ["Manager"], True)
        for agency in ("co-quan-a", "co-quan-b"):
            noLongerProvides(self.portal[agency]["ho-so"], IRecordsSection)
        self.setup.setLastVersionForProfile("eiso:default", "1001")

    def test_1001_to_1002_installs_the_records_area(self):
        self.make_it_a_1001_site()
        self.assertNotIn("Record", api.portal.get_tool("portal_types"))
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        types = api.portal.get_tool("portal_types")
        workflow = api.portal.get_tool("portal_workflow")
        for portal_type, workflow_id in zip(TYPES, WORKFLOWS):
            self.assertIn(portal_type, types)
            self.assertEqual(workflow.getChainForPortalType(portal_type), (workflow_id,))
        catalog = api.portal.get_tool("portal_catalog")
        for index in INDEXES:
            self.assertIn(index, catalog.indexes())
        self.assertIn("disposal_due", catalog.schema())
        holders = [r["name"] for r in self.portal.rolesOfPermission("eiso: Destroy records")
                   if r["selected"]]
        self.assertEqual(holders, [])  # no role of the site holds it
        add_record = [r["name"] for r in self.portal.rolesOfPermission("eiso: Add Record")
                      if r["selected"]]
        self.assertIn("RecordsOfficer", add_record)
        self.assertNotIn("Staff", add_record)
        section = self.portal["co-quan-a"]["ho-so"]
        self.assertTrue(IRecordsSection.providedBy(section))
        # the area works on the upgraded site
        record = api.content.create(container=section, type="Record", code="HS-01",
                                    title="Hồ sơ sau nâng cấp", record_kind="iso", year=2010,
                                    retention_years=5)
        self.assertEqual(api.content.get_state(record), "active")
        self.assertTrue(api.content.find(
            UID=record.UID(), disposal_due={"query": record.disposal_due, "range": "max"}))
