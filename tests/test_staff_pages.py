"""Staff profiles through the pages, REST, the Excel export and the file
downloads, role by role: what each one sees and what the HR officer edits."""

from eiso.content.fields import create_content
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from plone.app.testing import login
from plone.app.testing import logout
from plone.namedfile.file import NamedBlobFile
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import io
import transaction
import unittest


PDF = b"%PDF-1.4\n% chung chi ISO\n"


class TestStaffPages(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.app = self.layer["app"]
        agency = self.portal["co-quan-a"]
        self.section = agency["nhan-su"]
        login(self.portal, "a-admin")
        department = agency["to-chuc"]["phong-cntt"]
        department.head = "a-head"
        notify(ObjectModifiedEvent(department))
        login(self.portal, "a-hr")
        self.profile = create_content(
            self.section, "StaffProfile", user_id="a-staff", position="Chuyên viên",
            department="phong-cntt", email="nv@example.vn",
            degrees=[{"name": "Kỹ sư Công nghệ thông tin", "issuer": "Đại học Bách khoa Hà Nội",
                      "year": 2012, "number": "B-123", "note": None}],
            certificates=[{"name": "Đánh giá viên nội bộ ISO 9001:2015", "issuer": "Quacert",
                           "year": 2023, "number": "CC-45", "note": None}],
            files=[NamedBlobFile(data=PDF, filename="chung-chi-iso.pdf",
                                 contentType="application/pdf")])
        self.other = create_content(self.section, "StaffProfile", user_id="a-records",
                                    position="Văn thư", department="van-phong")
        logout()
        transaction.commit()
        self.url = self.profile.absolute_url()
        self.path = "/co-quan-a/nhan-su/" + self.profile.getId()

    @staticmethod
    def table(html):
        """The listing's table (the toolbar shows the viewer's own name)."""
        if 'id="eiso-staff"' not in html:
            return ""
        return html.split('id="eiso-staff"', 1)[1].split("</table>", 1)[0]

    def rest(self, user):
        session = RestSession(self.portal, user)
        self.addCleanup(session.close)
        return session

    # who sees what: page, file, listing, export, REST, @search
    MATRIX = {
        "a-hr": True, "a-leader": True, "a-staff": True, "a-head": True,
        "a-secretary": False, "a-records": False, "b-admin": False, "b-staff": False, None: False,
    }

    def test_profile_page_and_file(self):
        for user, sees in self.MATRIX.items():
            with self.subTest(user=user):
                page = browser(self.app, user)
                page.open(self.url)
                if sees:
                    self.assertEqual(page.headers["status"], "200 OK")
                    self.assertIn("Kỹ sư Công nghệ thông tin", page.contents)
                    self.assertIn("Đánh giá viên nội bộ ISO 9001:2015", page.contents)
                    self.assertIn("chung-chi-iso.pdf", page.contents)
                else:
                    self.assertNotIn("Kỹ sư Công nghệ thông tin", page.contents)
                page.open(self.url + "/@@staff-file/0")
                if sees:
                    self.assertEqual(page.contents.encode() if isinstance(page.contents, str)
                                     else page.contents, PDF)
                else:
                    self.assertNotIn(b"chung chi ISO", page.contents if isinstance(
                        page.contents, bytes) else page.contents.encode())

    def test_listing_and_export(self):
        from openpyxl import load_workbook

        for user, sees in self.MATRIX.items():
            if user in ("b-admin", "b-staff", None):
                continue  # the section itself is closed to them (test_security)
            with self.subTest(user=user):
                page = browser(self.app, user)
                page.open(self.section.absolute_url())
                self.assertEqual(page.headers["status"], "200 OK")
                table = self.table(page.contents)
                self.assertEqual("Nhân Viên A" in table, sees)
                self.assertEqual("Hồ Sơ A" in table, user in ("a-hr", "a-leader", "a-records"))
                page.open(self.section.absolute_url() + "/@@staff-profiles.xlsx")
                sheet = load_workbook(io.BytesIO(page.contents)).active
                names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
                self.assertEqual("Nhân Viên A" in names, sees)
                self.assertEqual("Hồ Sơ A" in names, user in ("a-hr", "a-leader", "a-records"))
        for user in ("b-admin", None):
            page = browser(self.app, user)
            page.open(self.section.absolute_url() + "/@@staff-profiles.xlsx")
            self.assertNotIn("spreadsheetml", page.headers.get("Content-Type", ""))
            self.assertNotIn("Nhân Viên A", page.contents)

    def test_listing_filters(self):
        page = browser(self.app, "a-hr")
        page.open(self.section.absolute_url() + "?department=van-phong")
        self.assertIn("Hồ Sơ A", self.table(page.contents))
        self.assertNotIn("Nhân Viên A", self.table(page.contents))
        page.open(self.section.absolute_url() + "?position=Chuy%C3%AAn+vi%C3%AAn")
        self.assertIn("Nhân Viên A", self.table(page.contents))
        self.assertNotIn("Hồ Sơ A", self.table(page.contents))
        # the latest degree and the certificates columns
        self.assertIn("Kỹ sư Công nghệ thông tin", self.table(page.contents))
        self.assertIn("Đánh giá viên nội bộ ISO 9001:2015", self.table(page.contents))
        page.open(self.section.absolute_url() + "?text=Nh%C3%A2n+Vi%C3%AAn")
        self.assertIn("Nhân Viên A", self.table(page.contents))
        self.assertNotIn("Hồ Sơ A", self.table(page.contents))
        page.open(self.section.absolute_url() + "/@@staff-profiles.xlsx?department=van-phong")
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(page.contents)).active
        self.assertEqual([row[1] for row in sheet.iter_rows(min_row=2, values_only=True)],
                         ["Hồ Sơ A"])

    def test_rest_and_search(self):
        for user, sees in self.MATRIX.items():
            with self.subTest(user=user):
                session = self.rest(user)
                response = session.get(self.path)
                self.assertEqual(response.status_code == 200, sees, response.status_code)
                if sees:
                    data = response.json()
                    self.assertEqual(data["user_id"]["token"] if isinstance(data["user_id"], dict)
                                     else data["user_id"], "a-staff")
                    self.assertEqual(data["files"][0]["filename"], "chung-chi-iso.pdf")
                found = session.get("/@search", params={"portal_type": "StaffProfile",
                                                        "SearchableText": "Nhân Viên"}).json()
                titles = [item["title"] for item in found.get("items", ())]
                self.assertEqual("Nhân Viên A" in titles, sees)

    def test_only_hr_edits_through_rest(self):
        for user in ("a-staff", "a-head", "a-leader", "b-admin"):
            with self.subTest(user=user):
                response = self.rest(user).patch(self.path, json={"phone": "0912345678"})
                self.assertIn(response.status_code, (401, 403, 404))
        hr = self.rest("a-hr")
        response = hr.patch(self.path, json={"phone": "0912 345 678"})
        self.assertEqual(response.status_code, 204, response.text)
        response = hr.patch(self.path, json={"email": "không hợp lệ"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("thư điện tử", response.json()["message"])
        response = hr.patch(self.path, json={"user_id": "a-records"})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("đã có hồ sơ cán bộ", response.json()["message"])
        response = hr.post("/co-quan-a/nhan-su", json={
            "@type": "StaffProfile", "user_id": "a-staff"})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("đã có hồ sơ cán bộ", response.json()["message"])
        transaction.begin()
        self.assertEqual(self.profile.phone, "0912 345 678")
        self.assertEqual(self.profile.user_id, "a-staff")
        self.assertEqual(len(self.section.objectIds()), 2)

    def test_hr_adds_through_the_form_and_the_person_cannot_edit(self):
        page = browser(self.app, "a-hr")
        page.open(self.section.absolute_url())
        page.getLink(id="eiso-add-StaffProfile").click()
        page.getControl(name="form.widgets.user_id:list").value = ["a-staff"]
        page.getControl(name="form.buttons.save").click()
        self.assertIn("đã có hồ sơ cán bộ", page.contents)
        page.getControl(name="form.widgets.user_id:list").value = ["a-legal"]
        page.getControl(name="form.widgets.position").value = "Pháp chế viên"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Văn Bản A", page.contents)
        transaction.begin()
        self.assertEqual(len(self.section.objectIds()), 3)
        person = browser(self.app, "a-staff")
        person.open(self.url + "/edit")
        self.assertNotIn("form.buttons.save", person.contents)
        self.assertNotIn("Chỉnh sửa", person.contents.split("content-core")[0][-2000:])

    def test_hr_edits_through_the_form_and_the_scan_is_kept(self):
        page = browser(self.app, "a-hr")
        page.open(self.url + "/edit")
        page.getControl(name="form.widgets.phone").value = "0243 826 1234"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("0243 826 1234", page.contents)
        transaction.begin()
        self.assertEqual(self.profile.phone, "0243 826 1234")
        self.assertEqual([f.filename for f in self.profile.files], ["chung-chi-iso.pdf"])
        self.assertEqual(self.profile.files[0].data, PDF)
        # a bad phone number: a Vietnamese message, nothing stored
        page.open(self.url + "/edit")
        page.getControl(name="form.widgets.phone").value = "gọi tôi"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Nhập số điện thoại", page.contents)
        transaction.begin()
        self.assertEqual(self.profile.phone, "0243 826 1234")
        # corrected on the same page: saved, the scan still there
        page.getControl(name="form.widgets.phone").value = "0243 826 9999"
        page.getControl(name="form.buttons.save").click()
        transaction.begin()
        self.assertEqual(self.profile.phone, "0243 826 9999")
        self.assertEqual([f.data for f in self.profile.files], [PDF])
