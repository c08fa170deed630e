"""Internal audit programmes through the web: the add form and its Vietnamese
messages, the calendar page and the listing role by role, REST."""

from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from urllib.parse import urlencode

import transaction
import unittest


COLUMNS = ("month", "auditors", "clauses", "note")


def applied_programme(portal, year=2026):
    section = portal["co-quan-a"]["danh-gia"]
    login(portal, "a-secretary")
    programme = api.content.create(
        container=section, type="AuditProgramme", title=f"Chương trình đánh giá năm {year}",
        year=year, scope="Toàn bộ các phòng của Sở",
        schedule=[{"department": "phong-cntt", "month": 5, "auditors": "Thư Ký A",
                   "clauses": "8.1, 8.5", "note": ""}])
    for user, transition in (("a-secretary", "submit"), ("a-leader", "approve"),
                             ("a-leader", "apply")):
        login(portal, user)
        api.content.transition(obj=programme, transition=transition)
    return programme


class TestAddForm(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["danh-gia"]
        self.url = self.section.absolute_url() + "/++add++AuditProgramme"

    def post(self, page, rows, title="Chương trình đánh giá nội bộ năm 2026"):
        page.open(self.url)
        fields = [
            ("_authenticator", page.getControl(name="_authenticator").value),
            ("form.widgets.title", title),
            ("form.widgets.year", "2026"),
            ("form.widgets.criteria", "ISO 9001:2015"),
            ("form.buttons.save", "Lưu"),
            ("form.widgets.schedule.count", str(len(rows))),
        ]
        for number, row in enumerate(rows):
            prefix = f"form.widgets.schedule.{number}"
            fields.append((f"{prefix}-empty-marker", "1"))
            fields.append((f"{prefix}.widgets.department-empty-marker", "1"))
            if row.get("department"):
                fields.append((f"{prefix}.widgets.department:list", row["department"]))
            for name in COLUMNS:
                fields.append((f"{prefix}.widgets.{name}", str(row.get(name, ""))))
        page.post(self.url, urlencode(fields))

    def programmes(self):
        transaction.begin()
        return api.content.find(context=self.section, portal_type="AuditProgramme",
                                unrestricted=True)

    def test_form_defaults_labels_and_messages(self):
        page = browser(self.app, "a-secretary")
        page.open(self.url)
        self.assertEqual(page.headers["status"], "200 OK")
        for label in ("Chương trình đánh giá nội bộ", "Phạm vi đánh giá", "Chuẩn mực đánh giá",
                      "Lịch đánh giá", "Phòng ban được đánh giá", "Tháng", "Đoàn đánh giá",
                      "Điều khoản ISO", "Phòng Công nghệ thông tin"):
            self.assertIn(label, page.contents)
        self.assertIn("Chương trình đánh giá nội bộ năm ", page.getControl(
            name="form.widgets.title").value)
        self.assertIn("ISO 9001:2015", page.getControl(name="form.widgets.criteria").value)
        for rows, message in (
            ([{"department": "van-phong", "month": 13}],
             "Lịch đánh giá, dòng 1: tháng phải từ 1 đến 12 (đã nhập 13)."),
            ([{"department": "van-phong", "month": 2}, {"month": 4, "auditors": "Thư Ký A"}],
             "Lịch đánh giá, dòng 2: chọn phòng ban được đánh giá."),
            ([{"department": "phong-cntt", "month": 5}, {"department": "phong-cntt", "month": 5}],
             "Lịch đánh giá, dòng 2: phòng ban này đã được đánh giá trong tháng 5 (dòng 1)."),
        ):
            self.post(page, rows)
            self.assertEqual(page.headers["status"], "200 OK", page.contents[-3000:])
            self.assertIn(message, page.contents)
            self.assertNotIn("Traceback", page.contents)
        self.assertEqual(len(self.programmes()), 0)
        self.post(page, [{"department": "van-phong", "month": 3, "auditors": "Thư Ký A",
                          "clauses": "7.5"},
                         {"department": "phong-cntt", "month": 3, "auditors": "Thư Ký A"}])
        brains = self.programmes()
        self.assertEqual(len(brains), 1)
        programme = brains[0].getObject()
        self.assertEqual([(r["department"], r["month"]) for r in programme.schedule],
                         [("van-phong", 3), ("phong-cntt", 3)])
        self.assertTrue(page.url.startswith(programme.absolute_url()), page.url)
        self.assertIn("eiso-audit-calendar", page.contents)
        self.assertEqual(page.contents.count("eiso-audit-marked"), 2)

    def test_edit_form_offers_the_agencys_departments(self):
        login(self.portal, "a-secretary")
        programme = api.content.create(
            container=self.section, type="AuditProgramme", title="Dự thảo", year=2026,
            schedule=[{"department": "van-phong", "month": 2, "auditors": "", "clauses": "",
                       "note": ""}])
        transaction.commit()
        page = browser(self.app, "a-secretary")
        page.open(programme.absolute_url() + "/edit")
        select = page.getControl(name="form.widgets.schedule.0.widgets.department:list")
        self.assertEqual(select.value, ["van-phong"])
        self.assertIn("phong-cntt", select.options)
        select.value = ["phong-cntt"]
        page.getControl(name="form.buttons.save").click()
        transaction.begin()
        self.assertEqual(programme.schedule[0]["department"], "phong-cntt")
        self.assertEqual(programme.schedule[0]["month"], 2)

    def test_staff_and_other_agency_may_not_add(self):
        for user in ("a-staff", "b-leader"):
            page = browser(self.app, user)
            page.open(self.url)
            contents = page.contents
            if isinstance(contents, bytes):
                contents = contents.decode("utf-8", "replace")
            self.assertNotIn("form.buttons.save", contents, user)
            self.assertNotIn("Lịch đánh giá", contents, user)


class TestPages(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.programme = applied_programme(self.portal)
        transaction.commit()
        self.url = self.programme.absolute_url()

    def test_staff_reads_the_applied_programme(self):
        page = browser(self.app, "a-staff")
        page.open(self.url)
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("Đang áp dụng", page.contents)
        self.assertIn('title="Phòng Công nghệ thông tin, tháng 5 — Đoàn đánh giá: Thư Ký A'
                      ' — Điều khoản ISO: 8.1, 8.5"', page.contents)
        self.assertIn("Quá trình xử lý", page.contents)  # the case timeline
        self.assertIn("Toàn bộ các phòng của Sở", page.contents)
        page.open(self.url + "/@@print")
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("Tháng 5", page.contents)
        page.open(self.portal["co-quan-a"]["danh-gia"].absolute_url())
        self.assertIn("Chương trình đánh giá năm 2026", page.contents)
        self.assertNotIn("++add++AuditProgramme", page.contents)

    def test_other_agency_sees_nothing(self):
        page = browser(self.app, "b-leader")
        for path in ("", "/@@print"):
            page.open(self.url + path)
            self.assertRegex(page.url, "require_login|insufficient-privileges")
            self.assertNotIn("Thư Ký A", page.contents)
        page.open(self.portal["co-quan-b"]["danh-gia"].absolute_url())
        self.assertNotIn("Chương trình đánh giá năm 2026", page.contents)


class TestRest(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.session = RestSession(self.portal, "a-secretary")
        self.addCleanup(self.session.close)

    def test_create_read_and_refuse(self):
        data = {"@type": "AuditProgramme", "title": "Chương trình đánh giá nội bộ năm 2027",
                "year": 2027, "scope": "Toàn Sở",
                "schedule": [{"department": "van-phong", "month": 4, "auditors": "Thư Ký A",
                              "clauses": "7.5, 9.1"},
                             {"department": "phong-cntt", "month": 11}]}
        response = self.session.post("/co-quan-a/danh-gia", json=data)
        self.assertEqual(response.status_code, 201, response.text)
        url = "/co-quan-a/danh-gia/chuong-trinh-danh-gia-noi-bo-nam-2027"
        item = self.session.get(url).json()
        self.assertEqual(item["year"], 2027)
        self.assertEqual(item["review_state"], "draft")
        self.assertEqual(item["schedule"][0]["clauses"], "7.5, 9.1")
        self.assertEqual(item["schedule"][1]["month"], 11)
        for rows, message in (
            ([{"department": "van-phong", "month": 13}], "tháng phải từ 1 đến 12"),
            ([{"month": 2}], "chọn phòng ban được đánh giá"),
            ([{"department": "van-phong", "month": 4}, {"department": "van-phong", "month": 4}],
             "đã được đánh giá trong tháng 4 (dòng 1)"),
        ):
            response = self.session.post("/co-quan-a/danh-gia", json=dict(data, schedule=rows))
            self.assertEqual(response.status_code, 400, response.text)
            self.assertIn(message, str(response.json()["message"]))
        response = self.session.patch(url, json={"schedule": [{"department": "van-phong",
                                                               "month": 0}]})
        self.assertEqual(response.status_code, 400, response.text)
        other = RestSession(self.portal, "b-leader")
        self.addCleanup(other.close)
        self.assertIn(other.get(url).status_code, (401, 403, 404))
