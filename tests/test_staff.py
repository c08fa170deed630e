"""Staff profiles (Hồ sơ cán bộ, SPEC §9): who sees a profile, who edits it,
one profile per account, the readers following account, department and head."""

from AccessControl import Unauthorized
from eiso.content.fields import create_content
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import datetime
import unittest


def add_profile(section, user_id, **fields):
    return create_content(section, "StaffProfile", user_id=user_id, **fields)


class StaffTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["nhan-su"]
        self.cntt = self.agency["to-chuc"]["phong-cntt"]
        self.office = self.agency["to-chuc"]["van-phong"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.cntt.head = "a-head"
        notify(ObjectModifiedEvent(self.cntt))
        login(self.portal, "a-hr")
        self.staff = add_profile(self.section, "a-staff", position="Chuyên viên",
                                 department="phong-cntt", birth_date=datetime.date(1990, 5, 2))
        self.records = add_profile(self.section, "a-records", position="Văn thư",
                                   department="van-phong")

    def visible(self, user_id):
        """Titles of the profiles ``user_id`` finds in the catalog."""
        if user_id is None:
            logout()
        else:
            login(self.portal, user_id)
        return sorted(b.Title for b in api.content.find(portal_type="StaffProfile"))


class TestStaffProfiles(StaffTestCase):
    def test_name_defaults_to_the_account(self):
        self.assertEqual(self.staff.Title(), "Nhân Viên A")
        self.assertEqual(self.staff.getId(), "nhan-vien-a")
        own = add_profile(self.section, "a-legal", title="Trần Văn Bản")
        self.assertEqual(own.Title(), "Trần Văn Bản")

    def test_visibility_matrix(self):
        everyone = ["Hồ Sơ A", "Nhân Viên A"]
        expected = {
            "a-hr": everyone,
            "a-leader": everyone,
            "a-admin": everyone,
            "a-staff": ["Nhân Viên A"],  # their own
            "a-records": ["Hồ Sơ A"],
            "a-head": ["Nhân Viên A"],  # head of phong-cntt: its profiles only
            "a-secretary": [],
            "a-documents": [],
            "b-admin": [],
            "b-leader": [],
            "b-staff": [],
            None: [],
        }
        for user_id, titles in expected.items():
            with self.subTest(user=user_id):
                self.assertEqual(self.visible(user_id), titles)
                # visible() logged in as user_id (or out): the object says the same
                self.assertEqual(api.user.has_permission("View", obj=self.staff),
                                 "Nhân Viên A" in titles)
                self.assertEqual(api.user.has_permission("View", obj=self.records),
                                 "Hồ Sơ A" in titles)

    def test_only_hr_edits(self):
        for user_id, can in (("a-hr", True), ("a-admin", True), ("a-staff", False),
                             ("a-head", False), ("a-leader", False), ("b-admin", False)):
            with self.subTest(user=user_id):
                login(self.portal, user_id)
                self.assertEqual(
                    api.user.has_permission("Modify portal content", obj=self.staff), can)

    def test_only_hr_adds(self):
        for user_id, can in (("a-hr", True), ("a-staff", False), ("a-leader", False),
                             ("a-head", False), ("b-admin", False)):
            with self.subTest(user=user_id):
                login(self.portal, user_id)
                self.assertEqual(api.user.has_permission(
                    "eiso: Add StaffProfile", obj=self.section), can)
        login(self.portal, "a-staff")
        with self.assertRaises(Unauthorized):
            add_profile(self.section, "a-legal")

    def test_readers_follow_the_account(self):
        self.staff.user_id = "a-legal"
        notify(ObjectModifiedEvent(self.staff))
        self.assertEqual(self.visible("a-staff"), [])
        self.assertEqual(self.visible("a-legal"), ["Nhân Viên A"])
        self.assertNotIn("Reader", self.staff.get_local_roles_for_userid("a-staff"))

    def test_readers_follow_the_department(self):
        self.staff.department = "van-phong"
        notify(ObjectModifiedEvent(self.staff))
        self.assertEqual(self.visible("a-head"), [])
        login(self.portal, "a-hr")
        self.records.department = "phong-cntt"
        notify(ObjectModifiedEvent(self.records))
        self.assertEqual(self.visible("a-head"), ["Hồ Sơ A"])

    def test_readers_follow_the_head(self):
        login(self.portal, "a-admin")
        self.cntt.head = "a-documents"
        notify(ObjectModifiedEvent(self.cntt))
        self.assertEqual(self.visible("a-head"), [])
        self.assertEqual(self.visible("a-documents"), ["Nhân Viên A"])
        login(self.portal, "a-admin")
        self.office.head = "a-secretary"
        notify(ObjectModifiedEvent(self.office))
        self.assertEqual(self.visible("a-secretary"), ["Hồ Sơ A"])

    def test_readers_lose_a_removed_department(self):
        login(self.portal, "a-admin")
        self.cntt.aq_parent.manage_delObjects([self.cntt.getId()])
        self.assertEqual(self.visible("a-head"), [])
        self.assertNotIn("Reader", self.staff.get_local_roles_for_userid("a-head"))
        self.assertEqual(self.visible("a-staff"), ["Nhân Viên A"])

    def test_the_creator_is_not_a_reader(self):
        # a member of staff who happens to own a profile (made by a manager) sees it
        # only as the workflow and the readers say
        self.assertNotIn("Reader", self.staff.get_local_roles_for_userid("a-hr"))
        self.assertEqual(sorted(self.staff._readers), ["a-head", "a-staff"])

    def test_validation(self):
        from eiso.content.staff_profile import IStaffProfileSchema
        from zope.schema import ValidationError

        today = datetime.date.today()
        for name, value in (("birth_date", today + datetime.timedelta(days=1)),
                            ("birth_date", datetime.date(1900, 1, 1)),
                            ("birth_date", today.replace(year=today.year - 10)),
                            ("phone", "gọi tôi"),
                            ("email", "không-phải-email")):
            with self.subTest(field=name, value=value):
                field = IStaffProfileSchema[name].bind(self.staff)
                with self.assertRaises(ValidationError):
                    field.validate(value)
        IStaffProfileSchema["birth_date"].bind(self.staff).validate(datetime.date(1985, 3, 1))
        IStaffProfileSchema["phone"].bind(self.staff).validate("0232 3822 123")
        IStaffProfileSchema["email"].bind(self.staff).validate("nv@so-khcn.gov.vn")

    def test_one_profile_per_account(self):
        from eiso.staff.validation import other_profile

        self.assertIsNotNone(other_profile(self.section, "a-staff"))
        self.assertIsNone(other_profile(self.staff, "a-staff"))  # itself on edit
        self.assertIsNone(other_profile(self.section, "a-legal"))
        # agency B's account of the same id space is not agency A's concern
        self.assertIsNone(other_profile(self.portal["co-quan-b"]["nhan-su"], "a-staff"))

    def test_section_allows_staff_profiles_only(self):
        login(self.portal, "a-hr")
        self.assertEqual([t.getId() for t in self.section.allowedContentTypes()],
                         ["StaffProfile"])
