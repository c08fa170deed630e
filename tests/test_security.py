"""Roles are local roles on the agency; one agency sees nothing of another."""

from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import browser
from eiso.testing import PASSWORD
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

import transaction
import unittest


AGENCY_ROLE_IDS = [
    "Staff", "IsoSecretary", "Leader", "DepartmentHead", "LegalOfficer",
    "DocumentController", "RecordsOfficer", "HROfficer",
]


class TwoAgencies:
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.a = self.portal["co-quan-a"]
        self.b = self.portal["co-quan-b"]


class TestRoles(TwoAgencies, unittest.TestCase):

    def test_roles_are_local_on_the_agency(self):
        expected = {
            "a-secretary": "IsoSecretary", "a-leader": "Leader", "a-head": "DepartmentHead",
            "a-legal": "LegalOfficer", "a-documents": "DocumentController",
            "a-records": "RecordsOfficer", "a-hr": "HROfficer",
        }
        for user_id, role in expected.items():
            local = self.a.get_local_roles_for_userid(user_id)
            self.assertIn(role, local, user_id)
            self.assertIn("Staff", local, user_id)
            # … and not global
            self.assertNotIn(role, api.user.get_roles(username=user_id))

    def test_roles_inherited_inside_the_agency(self):
        roles = api.user.get_roles(username="a-leader", obj=self.a["ho-so"])
        self.assertIn("Leader", roles)
        self.assertIn("Staff", roles)
        self.assertNotIn("Leader", api.user.get_roles(username="a-leader", obj=self.b))

    def test_assessor_is_global(self):
        self.assertIn("Assessor", api.user.get_roles(username="assessor"))

    def test_agency_administrator(self):
        self.assertIn("Site Administrator", self.a.get_local_roles_for_userid("a-admin"))
        login(self.portal, "a-admin")
        self.assertTrue(api.user.has_permission("eiso: Manage agency members", obj=self.a))
        self.assertFalse(api.user.has_permission("eiso: Manage agency members", obj=self.b))
        self.assertFalse(api.user.has_permission("Manage users", obj=self.portal))

    def test_staff_cannot_manage_members(self):
        login(self.portal, "a-leader")
        self.assertFalse(api.user.has_permission("eiso: Manage agency members", obj=self.a))


class TestIsolation(TwoAgencies, unittest.TestCase):

    def assertSees(self, user_id, obj):
        login(self.portal, user_id)
        self.assertTrue(api.user.has_permission("View", obj=obj), f"{user_id} {obj}")

    def assertBlind(self, user_id, obj):
        login(self.portal, user_id)
        self.assertFalse(api.user.has_permission("View", obj=obj), f"{user_id} {obj}")
        self.assertFalse(
            api.user.has_permission("Access contents information", obj=obj), f"{user_id} {obj}"
        )

    def test_every_role_of_a_sees_a_but_nothing_of_b(self):
        for user_id in ("a-admin", "a-secretary", "a-leader", "a-head", "a-legal",
                        "a-documents", "a-records", "a-hr", "a-staff"):
            for obj in (self.a, self.a["to-chuc"], self.a["to-chuc"]["van-phong"], self.a["ho-so"]):
                self.assertSees(user_id, obj)
            for obj in (self.b, self.b["to-chuc"], self.b["to-chuc"]["van-phong"], self.b["ho-so"]):
                self.assertBlind(user_id, obj)

    def test_b_sees_nothing_of_a(self):
        for user_id in ("b-admin", "b-leader", "b-staff"):
            self.assertSees(user_id, self.b)
            self.assertBlind(user_id, self.a)
            self.assertBlind(user_id, self.a["to-chuc"]["phong-cntt"])

    def test_catalog_search_finds_only_own_agency(self):
        login(self.portal, "a-staff")
        paths = {b.getPath() for b in api.content.find(context=self.portal)}
        self.assertTrue(any(p.startswith("/plone/co-quan-a") for p in paths))
        self.assertFalse(any(p.startswith("/plone/co-quan-b") for p in paths))
        login(self.portal, "b-staff")
        paths = {b.getPath() for b in api.content.find(context=self.portal)}
        self.assertFalse(any(p.startswith("/plone/co-quan-a") for p in paths))

    def test_anonymous_sees_no_agency(self):
        logout()
        for obj in (self.a, self.b, self.a["to-chuc"]["van-phong"]):
            self.assertFalse(api.user.has_permission("View", obj=obj))
        self.assertEqual(len(api.content.find(context=self.portal, portal_type="Agency")), 0)

    def test_assessor_and_plain_member_see_no_agency(self):
        api.user.create(email="x@example.vn", username="outsider", password=PASSWORD)
        for user_id in ("assessor", "outsider"):
            self.assertBlind(user_id, self.a)
            self.assertBlind(user_id, self.b)

    def test_staff_cannot_modify_or_delete(self):
        login(self.portal, "a-leader")
        for perm in ("Modify portal content", "Delete objects", "Change local roles"):
            self.assertFalse(api.user.has_permission(perm, obj=self.a), perm)


class TestSharing(unittest.TestCase):
    """The agency roles appear on the Sharing tab and in @sharing."""

    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]

    def browser(self, user, password=PASSWORD):
        return browser(self.app, user, password)

    def test_sharing_tab_lists_agency_roles(self):
        browser = self.browser("a-admin")
        browser.open(self.portal.absolute_url() + "/co-quan-a/@@sharing")
        for title in ("Thư ký ISO", "Lãnh đạo", "Trưởng phòng", "Cán bộ quản lý hồ sơ"):
            self.assertIn(title, browser.contents)

    def test_rest_sharing_shows_and_sets_roles(self):
        browser = self.browser(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        browser.addHeader("Accept", "application/json")
        browser.open(self.portal.absolute_url() + "/co-quan-a/@sharing")
        import json

        data = json.loads(browser.contents)
        role_ids = [r["id"] for r in data["available_roles"]]
        for role in AGENCY_ROLE_IDS:
            self.assertIn(role, role_ids)
        entry = [e for e in data["entries"] if e["id"] == "a-leader"][0]
        self.assertTrue(entry["roles"]["Leader"])

        # Grant a role through @sharing: it is a local role on the agency.
        session = RestSession(self.portal, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        response = session.post(
            "/co-quan-a/@sharing",
            json={"entries": [{"id": "a-staff", "type": "user",
                               "roles": {"Staff": True, "RecordsOfficer": True}}]},
        )
        self.assertEqual(response.status_code, 204, response.text)
        transaction.begin()
        self.assertIn(
            "RecordsOfficer", self.portal["co-quan-a"].get_local_roles_for_userid("a-staff")
        )
        session.close()

    def test_anonymous_gets_login_not_agency(self):
        anonymous = browser(self.app)
        anonymous.open(self.portal.absolute_url())
        self.assertNotIn("Sở Thông tin và Truyền thông", anonymous.contents)
        self.assertIn("/login", anonymous.contents)
        anonymous.open(self.portal.absolute_url() + "/co-quan-a")
        self.assertIn("login", anonymous.url)
        self.assertNotIn("Phòng Công nghệ thông tin", anonymous.contents)

    def test_other_agency_is_forbidden(self):
        b_staff = self.browser("b-staff")
        b_staff.open(self.portal.absolute_url() + "/co-quan-a")
        self.assertNotIn("Phòng Công nghệ thông tin", b_staff.contents)
        self.assertNotIn("Sở Thông tin và Truyền thông", b_staff.contents)
        self.assertTrue(
            b_staff.headers["status"].startswith(("401", "403"))
            or "insufficient-privileges" in b_staff.url
            or "require_login" in b_staff.url,
            b_staff.headers["status"],
        )
