"""The agency members page and service: create, move, give roles, disable accounts."""

from eiso.members import AgencyMembers
from eiso.members import MemberError
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PASSWORD
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from zope.i18n import translate

import transaction
import unittest


GOOD = {
    "user_id": "nguyenvana",
    "fullname": "Nguyễn Văn A",
    "email": "nguyenvana@example.vn",
    "password": "matkhau2026",
    "department": "phong-cntt",
    "roles": ["Leader"],
}


def vi(message):
    return translate(message, target_language="vi")


class TestAgencyMembers(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        self.members = AgencyMembers(self.agency)
        login(self.portal, "a-admin")

    def test_list(self):
        listed = {m["id"]: m for m in self.members.list()}
        self.assertEqual(
            sorted(listed),
            sorted(["a-admin", "a-secretary", "a-leader", "a-head", "a-legal",
                    "a-documents", "a-records", "a-hr", "a-staff"]),
        )
        self.assertEqual(listed["a-head"]["department"], "phong-cntt")
        self.assertEqual(listed["a-head"]["department_title"], "Phòng Công nghệ thông tin")
        self.assertEqual(listed["a-head"]["roles"], ["Staff", "DepartmentHead"])
        self.assertEqual(listed["a-head"]["fullname"], "Trưởng Phòng A")
        self.assertFalse(listed["a-head"]["disabled"])

    def test_add(self):
        info = self.members.add(**GOOD)
        self.assertEqual(info["roles"], ["Staff", "Leader"])
        self.assertEqual(info["department"], "phong-cntt")
        user = api.user.get(userid="nguyenvana")
        self.assertEqual(user.getProperty("fullname"), "Nguyễn Văn A")
        self.assertEqual(user.getProperty("email"), "nguyenvana@example.vn")
        self.assertIn("Leader", self.agency.get_local_roles_for_userid("nguyenvana"))
        self.assertIn("nguyenvana", self.agency["to-chuc"]["phong-cntt"].members)
        self.assertTrue(self.portal.acl_users.authenticate("nguyenvana", "matkhau2026", self.layer["request"]))
        # the new account sees its agency and only it
        login(self.portal, "nguyenvana")
        self.assertTrue(api.user.has_permission("View", obj=self.agency))
        self.assertFalse(api.user.has_permission("View", obj=self.portal["co-quan-b"]))

    def assertRejected(self, field, expected_vi, **changes):
        data = dict(GOOD, **changes)
        users_before = len(api.user.get_users())
        with self.assertRaises(MemberError) as raised:
            self.members.add(**data)
        self.assertEqual(raised.exception.field, field)
        self.assertIn(expected_vi, vi(raised.exception.message))
        # nothing changed
        self.assertEqual(len(api.user.get_users()), users_before)
        self.assertEqual(self.agency.get_local_roles_for_userid(data["user_id"] or "x"), ())
        for department in self.members.departments():
            self.assertNotIn(data["user_id"], department.members)

    def test_duplicate_user_id(self):
        self.members.add(**GOOD)
        with self.assertRaises(MemberError) as raised:
            self.members.add(**dict(GOOD, email="other@example.vn"))
        self.assertEqual(raised.exception.field, "user_id")
        self.assertIn("đã được sử dụng", vi(raised.exception.message))

    def test_user_id_of_other_agency_is_taken(self):
        with self.assertRaises(MemberError) as raised:
            self.members.add(**dict(GOOD, user_id="b-staff"))
        self.assertIn("Tên đăng nhập b-staff đã được sử dụng", vi(raised.exception.message))
        self.assertNotIn("Staff", self.agency.get_local_roles_for_userid("b-staff"))

    def test_bad_user_id(self):
        self.assertRejected("user_id", "Vui lòng nhập tên đăng nhập", user_id="")
        self.assertRejected("user_id", "chữ thường không dấu", user_id="Nguyễn Văn A")
        self.assertRejected("user_id", "3 đến 50 ký tự", user_id="ab")

    def test_missing_fullname(self):
        self.assertRejected("fullname", "Vui lòng nhập họ và tên", fullname="  ")

    def test_invalid_email(self):
        for email in ("", "nguyenvana", "a@b", "a b@example.vn"):
            self.assertRejected("email", "thư điện tử hợp lệ", email=email)

    def test_weak_password(self):
        self.assertRejected("password", "Vui lòng nhập mật khẩu", password="")
        self.assertRejected("password", "ít nhất 8 ký tự", password="ab12")
        self.assertRejected("password", "cả chữ và số", password="matkhaumoi")
        self.assertRejected("password", "cả chữ và số", password="12345678")
        self.assertRejected("password", "không được chứa tên đăng nhập", password="nguyenvana1")

    def test_unknown_department(self):
        self.assertRejected("department", "Không có phòng ban: phong-ma", department="phong-ma")
        # a department of another agency is unknown here too
        self.assertRejected("department", "Không có phòng ban", department="khong-co")

    def test_unknown_role(self):
        self.assertRejected("roles", "Không có vai trò: Manager", roles=["Manager"])
        self.assertRejected("roles", "Không có vai trò: Assessor", roles=["Assessor"])

    def test_update_department_and_roles(self):
        info = self.members.update("a-staff", department="van-phong", roles=["RecordsOfficer"])
        self.assertEqual(info["department"], "van-phong")
        self.assertEqual(info["roles"], ["Staff", "RecordsOfficer"])
        organisation = self.agency["to-chuc"]
        self.assertIn("a-staff", organisation["van-phong"].members)
        self.assertNotIn("a-staff", organisation["phong-cntt"].members)
        info = self.members.update("a-staff", roles=[])
        self.assertEqual(info["roles"], ["Staff"])
        info = self.members.update("a-staff", department="")
        self.assertIsNone(info["department"])

    def test_update_rejects_bad_input_and_changes_nothing(self):
        for kwargs, field in (
            ({"department": "phong-ma", "roles": ["Leader"]}, "department"),
            ({"roles": ["Leader", "Manager"], "department": "van-phong"}, "roles"),
            ({"email": "sai", "roles": ["Leader"]}, "email"),
        ):
            with self.assertRaises(MemberError) as raised:
                self.members.update("a-staff", **kwargs)
            self.assertEqual(raised.exception.field, field)
            self.assertEqual(self.members.info("a-staff")["roles"], ["Staff"])
            self.assertEqual(self.members.info("a-staff")["department"], "phong-cntt")

    def test_cannot_touch_accounts_of_another_agency(self):
        with self.assertRaises(MemberError):
            self.members.update("b-staff", roles=["Leader"])
        with self.assertRaises(MemberError):
            self.members.disable("b-staff")
        self.assertEqual(self.portal["co-quan-b"].get_local_roles_for_userid("b-staff"), ("Staff",))

    def test_disable_and_enable(self):
        request = self.layer["request"]
        self.assertTrue(self.portal.acl_users.authenticate("a-leader", PASSWORD, request))
        info = self.members.disable("a-leader")
        self.assertTrue(info["disabled"])
        self.assertEqual(info["roles"], ["Staff", "Leader"])  # remembered
        self.assertEqual(self.agency.get_local_roles_for_userid("a-leader"), ())
        self.assertFalse(self.portal.acl_users.authenticate("a-leader", PASSWORD, request))
        self.assertIn("a-leader", [m["id"] for m in self.members.list()])
        login(self.portal, "a-leader")
        self.assertFalse(api.user.has_permission("View", obj=self.agency))
        login(self.portal, "a-admin")

        with self.assertRaises(MemberError) as raised:
            self.members.enable("a-leader", "short")
        self.assertIn("ít nhất 8 ký tự", vi(raised.exception.message))
        info = self.members.enable("a-leader", "moimoi2026")
        self.assertFalse(info["disabled"])
        self.assertIn("Leader", self.agency.get_local_roles_for_userid("a-leader"))
        self.assertTrue(self.portal.acl_users.authenticate("a-leader", "moimoi2026", request))


class TestMembersPage(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.url = self.portal.absolute_url() + "/co-quan-a/@@agency-members"

    def open_page(self, user="a-admin"):
        page = browser(self.app, user)
        page.open(self.url)
        return page

    def fill(self, page, **values):
        data = dict(GOOD, **values)
        form = page.getForm(id="eiso-add-member")
        form.getControl(name="user_id").value = data["user_id"]
        form.getControl(name="fullname").value = data["fullname"]
        form.getControl(name="email").value = data["email"]
        form.getControl(name="password").value = data["password"]
        form.getControl(name="department").value = [data["department"]]
        form.getControl(name="roles:list").value = data["roles"]
        form.getControl(name="action").value = "create"
        return form

    def test_page_lists_accounts_with_departments_and_roles(self):
        page = self.open_page()
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("Thành viên và vai trò", page.contents)
        self.assertIn("Trưởng Phòng A", page.contents)
        self.assertIn("Phòng Công nghệ thông tin", page.contents)
        self.assertIn("Thư ký ISO", page.contents)
        self.assertNotIn("Nhân Viên B", page.contents)

    def test_only_administrators(self):
        for user in ("a-leader", "a-staff", "b-admin", "assessor"):
            page = browser(self.app, user)
            page.open(self.url)
            self.assertNotIn("eiso-add-member", page.contents, user)
        anonymous = browser(self.app)
        anonymous.open(self.url)
        self.assertNotIn("eiso-add-member", anonymous.contents)
        manager = browser(self.app, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        manager.open(self.url)
        self.assertIn("eiso-add-member", manager.contents)

    def test_agency_home_links_members_page_for_administrators(self):
        page = browser(self.app, "a-admin")
        page.open(self.portal.absolute_url() + "/co-quan-a")
        self.assertIn("@@agency-members", page.contents)
        page = browser(self.app, "a-leader")
        page.open(self.portal.absolute_url() + "/co-quan-a")
        self.assertNotIn("@@agency-members", page.contents)

    def test_create_account(self):
        page = self.open_page()
        self.fill(page).submit()
        self.assertIn("Đã tạo tài khoản Nguyễn Văn A", page.contents)
        self.assertIn('id="eiso-member-nguyenvana"', page.contents)
        transaction.begin()
        self.assertIn("Leader", self.portal["co-quan-a"].get_local_roles_for_userid("nguyenvana"))

    def test_bad_input_shows_vietnamese_message_and_changes_nothing(self):
        cases = (
            ({"user_id": "a-staff"}, "Tên đăng nhập a-staff đã được sử dụng"),
            ({"email": "khong-hop-le"}, "Vui lòng nhập địa chỉ thư điện tử hợp lệ"),
            ({"password": "123"}, "Mật khẩu phải có ít nhất 8 ký tự"),
        )
        for values, message in cases:
            page = self.open_page()
            self.fill(page, **values).submit()
            self.assertIn(message, page.contents)
            # what was typed is kept, except the password
            self.assertIn("Nguyễn Văn A", page.contents)
        transaction.begin()
        self.assertIsNone(api.user.get(userid="nguyenvana"))

    def test_unknown_department_posted(self):
        page = self.open_page()
        # a forged value that is not in the list
        token = page.getForm(id="eiso-add-member").getControl(name="_authenticator").value
        page.post(self.url, "&".join([
            "_authenticator=" + token, "action=create", "user_id=nguyenvana",
            "fullname=Nguyen", "email=a%40example.vn", "password=matkhau2026",
            "department=phong-ma",
        ]))
        self.assertIn("Không có phòng ban: phong-ma", page.contents)
        transaction.begin()
        self.assertIsNone(api.user.get(userid="nguyenvana"))

    def test_post_without_csrf_token_is_refused(self):
        page = self.open_page()
        page.post(self.url, "action=create&user_id=nguyenvana&fullname=A&email=a%40example.vn"
                            "&password=matkhau2026")
        self.assertTrue(page.headers["status"].startswith("403"), page.headers["status"])
        transaction.begin()
        self.assertIsNone(api.user.get(userid="nguyenvana"))

    def test_change_roles_and_department_then_disable(self):
        page = self.open_page()
        self.assertIn('id="eiso-member-form-a-staff"', page.contents)
        # The row's controls live outside its <form> (form="…" attribute), which
        # the test browser cannot follow: post what the real browser posts.
        token = page.getForm(id="eiso-add-member").getControl(name="_authenticator").value
        page.post(self.url, "&".join([
            "_authenticator=" + token, "action=update", "user_id=a-staff",
            "department=van-phong", "roles:list=RecordsOfficer",
        ]))
        self.assertIn("Đã lưu thay đổi của tài khoản Nhân Viên A", page.contents)
        page.post(self.url, f"_authenticator={token}&action=disable&user_id=a-staff")
        self.assertIn("Đã vô hiệu hóa tài khoản Nhân Viên A", page.contents)
        transaction.begin()
        info = AgencyMembers(self.portal["co-quan-a"]).info("a-staff")
        self.assertEqual(info["department"], "van-phong")
        self.assertEqual(info["roles"], ["Staff", "RecordsOfficer"])
        self.assertTrue(info["disabled"])
        # the disabled account cannot log in any more
        blocked = browser(self.app, "a-staff")
        blocked.open(self.portal.absolute_url() + "/co-quan-a")
        self.assertNotIn("Phòng Công nghệ thông tin", blocked.contents)

    def test_cannot_disable_yourself(self):
        page = self.open_page()
        token = page.getForm(id="eiso-add-member").getControl(name="_authenticator").value
        page.post(self.url, f"_authenticator={token}&action=disable&user_id=a-admin")
        self.assertIn("Bạn không thể vô hiệu hóa tài khoản của chính mình", page.contents)


class TestMembersService(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.api = RestSession(self.portal, "a-admin")

    def tearDown(self):
        self.api.close()

    def test_get(self):
        response = self.api.get("/co-quan-a/@agency-members")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["items_total"], 9)
        head = [m for m in data["items"] if m["id"] == "a-head"][0]
        self.assertEqual(head["roles"], ["Staff", "DepartmentHead"])
        self.assertEqual(head["department"], "phong-cntt")
        self.assertEqual([d["id"] for d in data["departments"]], ["van-phong", "phong-cntt"])
        one = self.api.get("/co-quan-a/@agency-members/a-head").json()
        self.assertEqual(one["fullname"], "Trưởng Phòng A")

    def test_post_creates_account(self):
        response = self.api.post("/co-quan-a/@agency-members", json=GOOD)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["roles"], ["Staff", "Leader"])
        transaction.begin()
        self.assertIsNotNone(api.user.get(userid="nguyenvana"))

    def test_post_bad_input(self):
        response = self.api.post("/co-quan-a/@agency-members", json=dict(GOOD, email="sai"))
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["field"], "email")
        self.assertEqual(error["message"], "Vui lòng nhập địa chỉ thư điện tử hợp lệ.")
        transaction.begin()
        self.assertIsNone(api.user.get(userid="nguyenvana"))

    def test_patch_and_disable(self):
        response = self.api.patch(
            "/co-quan-a/@agency-members/a-staff",
            json={"department": "van-phong", "roles": ["HROfficer"]},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["roles"], ["Staff", "HROfficer"])
        response = self.api.patch("/co-quan-a/@agency-members/a-staff", json={"disabled": True})
        self.assertTrue(response.json()["disabled"])
        response = self.api.patch(
            "/co-quan-a/@agency-members/a-staff", json={"disabled": False, "password": "moi2026moi"}
        )
        self.assertFalse(response.json()["disabled"])
        self.assertEqual(response.json()["roles"], ["Staff", "HROfficer"])

    def test_patch_unknown_or_foreign_user(self):
        self.assertEqual(self.api.patch("/co-quan-a/@agency-members/b-staff", json={"roles": []}).status_code, 404)
        self.assertEqual(self.api.patch("/co-quan-a/@agency-members/khong-co", json={}).status_code, 404)

    def test_permissions(self):
        for user in ("a-leader", "b-admin"):
            session = RestSession(self.portal, user)
            self.assertIn(session.get("/co-quan-a/@agency-members").status_code, (401, 403))
            self.assertIn(session.post("/co-quan-a/@agency-members", json=GOOD).status_code, (401, 403))
            session.close()
        manager = RestSession(self.portal, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        self.assertEqual(manager.get("/co-quan-a/@agency-members").status_code, 200)
        manager.close()
