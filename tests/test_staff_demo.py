"""The demo staff profiles of the Sở Khoa học và Công nghệ."""

from eiso.staff.demo import PROFILES
from eiso.testing import apply_demo
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import unittest


class TestDemoStaffProfiles(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        apply_demo()
        self.section = self.portal["so-khcn"]["nhan-su"]

    def profiles(self):
        return {brain.getObject().user_id: brain for brain in api.content.find(
            context=self.section, portal_type="StaffProfile")}

    def test_one_profile_per_demo_account(self):
        profiles = self.profiles()
        self.assertEqual(set(profiles), set(PROFILES))
        for user_id, brain in profiles.items():
            profile = brain.getObject()
            with self.subTest(user=user_id):
                self.assertEqual(profile.Title(), api.user.get(userid=user_id).getProperty("fullname"))
                self.assertTrue(profile.degrees)
                self.assertTrue(profile.certificates)
                self.assertEqual(profile.Creator(), "nhansu")
        # the secretary has her ISO internal auditor certificate scanned
        from eiso.search.transforms import pdf_text

        files = profiles["thuky"].getObject().files
        self.assertEqual(len(files), 1)
        self.assertIn("ISO 9001:2015", pdf_text(files[0].data))
        # made again: nothing more
        before = len(self.section.objectIds())
        apply_demo()
        self.assertEqual(len(self.section.objectIds()), before)

    def test_who_sees_the_demo_profiles(self):
        def visible(user_id):
            login(self.portal, user_id)
            return set(self.profiles())

        self.assertEqual(visible("nhansu"), set(PROFILES))
        self.assertEqual(visible("nhanvien"), {"nhanvien"})
        self.assertEqual(visible("truongphong"), {"truongphong"})  # head of his department
        self.assertEqual(visible("quantri"), set(PROFILES))  # Site Administrator
        self.assertEqual(visible("hoso"), set())
