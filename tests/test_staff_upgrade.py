"""The 1007 upgrade brings staff profiles to a site of release 1006; uninstalling
removes their type, workflow and indexes."""

from eiso.content.fields import create_content
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import UpgradeTestCase
from plone import api
from plone.app.testing import login

import unittest


TYPE = "StaffProfile"
WORKFLOW = "eiso_staff_profile_workflow"
PERMISSION = "eiso: Add StaffProfile"
INDEXES = ("staff_user", "staff_position")


class TestStaffUpgrade(UpgradeTestCase, unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def make_it_a_1006_site(self):
        self.set_back_to("1006", types=[TYPE], workflows=[WORKFLOW], indexes=INDEXES,
                         columns=["staff_position"], permissions=[PERMISSION])

    def test_1006_to_1007_installs_staff_profiles(self):
        self.make_it_a_1006_site()
        self.upgrade()
        self.assertTypeWithWorkflow(TYPE, WORKFLOW)
        self.assertIn("HROfficer", self.granted(PERMISSION))
        for index in INDEXES:
            self.assertIn(index, self.catalog.indexes())
        self.assertIn("staff_position", self.catalog.schema())
        # the area works on the upgraded site: the HR officer adds, the person sees
        login(self.portal, "a-hr")
        create_content(self.portal["co-quan-a"]["nhan-su"], TYPE, user_id="a-staff",
                       position="Chuyên viên", department="phong-cntt")
        login(self.portal, "a-staff")
        found = api.content.find(portal_type=TYPE, staff_position="Chuyên viên")
        self.assertEqual([b.Title for b in found], ["Nhân Viên A"])
        login(self.portal, "a-secretary")
        self.assertEqual(len(api.content.find(portal_type=TYPE)), 0)

    def test_uninstall_removes_the_type(self):
        self.uninstall()
        self.assertNotIn(TYPE, self.types)
        self.assertNotIn(WORKFLOW, self.workflows)
        for index in INDEXES:
            self.assertNotIn(index, self.catalog.indexes())
        self.assertNotIn("staff_position", self.catalog.schema())
