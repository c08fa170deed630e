"""The case timeline ("Quá trình xử lý"), its files, the audit trail ("Nhật ký") and its
CSV exports, and REST ``@case-history`` (SPEC §4, seed 002)."""

from datetime import date
from datetime import timedelta
from eiso.cases.handover import hand_over
from eiso.cases.steps import CaseSteps
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from eiso.utils import format_date
from eiso.workingdays import add_working_days
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.namedfile.file import NamedBlobFile

import csv
import io
import lxml.html
import transaction
import unittest


MINUTES = b"%PDF-1.4 bien ban hop xem xet"
HEADER = [
    "Thời gian (ISO 8601)", "Thời gian", "Tên đăng nhập", "Họ và tên", "Thao tác",
    "Nội dung", "Ý kiến", "Mã hồ sơ", "Tiêu đề", "Đường dẫn",
]


def text(element):
    return " ".join(element.text_content().split())


class TimelineTestCase(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.policy = self.create_policy()
        self.as_user("a-secretary", hand_over, self.policy, "submit", comment="Kính trình lãnh đạo",
                     files=[NamedBlobFile(data=MINUTES, filename="bien-ban.pdf")])
        self.url = self.policy.absolute_url()
        self.path = "/co-quan-a/boi-canh/" + self.policy.getId()
        transaction.commit()
        self.sessions = []

    def tearDown(self):
        for session in self.sessions:
            session.close()

    def create_policy(self, title="Chính sách chất lượng 2026"):
        login(self.portal, "a-secretary")
        policy = api.content.create(
            container=self.portal["co-quan-a"]["boi-canh"], type="QualityPolicy", title=title,
            year=2026, motto="Không ngừng nâng cao chất lượng",
            statements=["Thực hiện tốt vai trò quản lý nhà nước"],
        )
        logout()
        return policy

    def as_user(self, user, function, *args, **kwargs):
        login(self.portal, user)
        try:
            return function(*args, **kwargs)
        finally:
            logout()

    def approve(self):
        self.as_user("a-leader", hand_over, self.policy, "approve", comment="Đồng ý ban hành")
        transaction.commit()

    def set_deadline(self, number, deadline):
        list(CaseSteps(self.policy))[number - 1]["deadline"] = deadline
        transaction.commit()

    def open(self, user, url):
        page = browser(self.app, user)
        page.open(url)
        return page

    def steps(self, user="a-secretary"):
        page = self.open(user, self.url)
        self.assertEqual(page.headers["status"], "200 OK")
        tree = lxml.html.fromstring(page.contents)
        return page, {
            int(li.get("id").rsplit("-", 1)[1]): li
            for li in tree.xpath('//section[@id="eiso-timeline"]//li[contains(@class, "eiso-step ")]')
        }

    def session(self, user):
        session = RestSession(self.portal, user)
        self.sessions.append(session)
        return session

    def download(self, user, path, **params):
        return self.session(user).get(path, params=params, headers={"Accept": "*/*"},
                                      allow_redirects=False)

    def parse_csv(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "text/csv; charset=utf-8")
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0], HEADER)
        return rows[1:]


class TestTimeline(TimelineTestCase):
    def test_steps_with_handlers_deadlines_actions_comments_and_files(self):
        self.approve()
        page, steps = self.steps()
        self.assertIn("Quá trình xử lý", page.contents)
        summary = text(lxml.html.fromstring(page.contents).find_class("eiso-case-summary")[0])
        self.assertIn("Mã hồ sơ: CS-2026-001", summary)
        self.assertIn("Trạng thái: Đã duyệt", summary)
        self.assertEqual(sorted(steps), [1, 2, 3])
        first, second, third = (text(steps[n]) for n in (1, 2, 3))
        deadline = format_date(add_working_days(date.today(), 3))

        self.assertIn("Bước 1: Soạn thảo, trình duyệt", first)
        self.assertIn("Phòng ban xử lý Văn phòng", first)
        self.assertIn("Người xử lý Thư Ký A", first)
        self.assertIn("Hạn cuối xử lý —", first)
        self.assertIn("Ngày xử lý xong " + format_date(date.today()), first)
        self.assertIn("Xử lý Trình duyệt", first)
        self.assertIn("Ý kiến Kính trình lãnh đạo", first)
        self.assertIn("Tập tin bien-ban.pdf", first)
        self.assertNotIn("Người xử lý thực tế", first)
        link = steps[1].xpath('.//a[@class="eiso-case-file"]')[0]
        self.assertEqual(link.get("href"), self.url + "/@@case-file?step=1&index=0")

        self.assertIn("Bước 2: Lãnh đạo phê duyệt", second)
        self.assertIn("Người xử lý Lãnh Đạo A", second)
        self.assertIn("Hạn cuối xử lý " + deadline, second)
        self.assertIn("Xử lý Duyệt", second)
        self.assertIn("Ý kiến Đồng ý ban hành", second)

        self.assertIn("Bước 3: Ban hành, áp dụng", third)
        self.assertIn("Người xử lý Thư Ký A", third)
        self.assertNotIn("Ngày xử lý xong", third)

        for number in (1, 2):
            self.assertIn("eiso-step-done-on-time", steps[number].get("class"))
            self.assertIn("Đã xử lý - Đúng hạn", text(steps[number]))
        # three working days left, reminders start two working days before
        self.assertIn("eiso-step-on-time", steps[3].get("class"))
        self.assertIn("Chưa xử lý - Trong hạn", third)
        legend = text(lxml.html.fromstring(page.contents).find_class("eiso-legend")[0])
        for title in ("Chưa xử lý - Quá hạn", "Chưa xử lý - Sắp đến hạn", "Chưa xử lý - Trong hạn",
                      "Đã xử lý - Đúng hạn", "Đã xử lý - Quá hạn"):
            self.assertIn(title, legend)
        self.assertIn(self.url + "/@@audit-trail", page.contents)

    def test_colours_follow_the_deadlines(self):
        today = date.today()
        self.set_deadline(1, today - timedelta(days=10))  # finished today: late
        self.set_deadline(2, today - timedelta(days=1))  # still waiting: overdue
        page, steps = self.steps()
        self.assertIn("eiso-step-done-late", steps[1].get("class"))
        self.assertIn("Đã xử lý - Quá hạn", text(steps[1]))
        self.assertIn("eiso-step-overdue", steps[2].get("class"))
        self.assertIn("border-danger", steps[2].get("class"))
        self.assertIn("Chưa xử lý - Quá hạn", text(steps[2]))

        self.set_deadline(2, today)
        page, steps = self.steps()
        self.assertIn("eiso-step-due-soon", steps[2].get("class"))
        self.assertIn("Chưa xử lý - Sắp đến hạn", text(steps[2]))

        api.portal.set_registry_record("eiso.reminder_days", 0)
        self.set_deadline(2, add_working_days(today, 1))
        page, steps = self.steps()
        self.assertIn("eiso-step-on-time", steps[2].get("class"))

    def test_notes_and_the_actual_actor(self):
        self.as_user("a-leader", hand_over, self.policy, None, comment="Cần xem lại mục 2",
                     files=[NamedBlobFile(data=b"du thao", filename="du-thao.docx")])
        transaction.commit()
        page, steps = self.steps()
        second = text(steps[2])
        self.assertIn("Ghi chú/ý kiến thêm", second)
        self.assertIn("Lãnh Đạo A: Cần xem lại mục 2", second)
        link = steps[2].xpath('.//li[@class="eiso-note mb-1"]//a')[0]
        self.assertEqual(link.text, "du-thao.docx")
        self.assertEqual(link.get("href"), self.url + "/@@case-file?step=2&index=0")
        response = self.download("a-secretary", self.path + "/@@case-file", step=2, index=0)
        self.assertEqual(response.content, b"du thao")
        # the site administrator approves in the leader's place
        self.as_user("a-admin", hand_over, self.policy, "approve")
        transaction.commit()
        page, steps = self.steps()
        self.assertIn("Người xử lý thực tế Quản Trị A", text(steps[2]))

    def test_the_handle_button_for_those_who_may_act(self):
        page = self.open("a-leader", self.url)
        button = lxml.html.fromstring(page.contents).get_element_by_id("eiso-case-act")
        self.assertEqual(button.text, "Xử lý")
        self.assertEqual(button.get("href"), self.url + "/@@case-transition")
        self.approve()
        self.as_user("a-secretary", hand_over, self.policy, "apply")
        transaction.commit()
        page = self.open("a-staff", self.url)
        self.assertIn("Quá trình xử lý", page.contents)
        self.assertNotIn('id="eiso-case-act"', page.contents)

    def test_not_on_other_views(self):
        page = self.open("a-secretary", self.url + "/@@audit-trail")
        self.assertNotIn('id="eiso-timeline"', page.contents)


class TestCaseFile(TimelineTestCase):
    def test_download(self):
        response = self.download("a-leader", self.path + "/@@case-file", step=1, index=0)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, MINUTES)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment; filename*=UTF-8''bien-ban.pdf",
                      response.headers["Content-Disposition"])

    def test_bad_numbers_are_not_found(self):
        for params in ({"step": 1, "index": 1}, {"step": 9, "index": 0}, {"step": 1, "index": -1},
                       {"step": "mot", "index": 0}, {}):
            page = browser(self.app, "a-leader")
            page.addHeader("Accept", "text/html")
            query = "&".join(f"{k}={v}" for k, v in params.items())
            page.open(f"{self.url}/@@case-file?{query}")
            self.assertEqual(page.headers["status"], "404 Not Found", params)
            self.assertNotIn("Traceback", page.contents)

    def test_only_for_those_who_see_the_item(self):
        for user in ("b-leader", "a-staff", None):
            response = self.download(user, self.path + "/@@case-file", step=1, index=0)
            self.assertNotEqual(response.content, MINUTES, user)
            self.assertIn(response.status_code, (302, 401, 403, 404), user)


class TestAuditTrail(TimelineTestCase):
    def test_page_lists_the_entries(self):
        self.approve()
        page = self.open("a-secretary", self.url + "/@@audit-trail")
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("Nhật ký", page.contents)
        table = lxml.html.fromstring(page.contents).get_element_by_id("eiso-audit-trail")
        rows = [[text(cell) for cell in row.xpath("td")] for row in table.xpath("tbody/tr")]
        self.assertEqual([row[2] for row in rows], ["Tạo mới", "Chuyển bước", "Chuyển bước"])
        self.assertEqual(rows[0][1], "Thư Ký A (a-secretary)")
        self.assertEqual(rows[2][1], "Lãnh Đạo A (a-leader)")
        self.assertIn("Trình duyệt: chuyển Lãnh Đạo A", rows[1][3])
        self.assertEqual(rows[1][4], "Kính trình lãnh đạo")
        self.assertEqual(rows[2][4], "Đồng ý ban hành")
        self.assertEqual(rows[1][0][:10], format_date(date.today()))
        self.assertIn(self.url + "/@@audit-trail.csv", page.contents)

    def test_other_kinds(self):
        self.as_user("a-leader", hand_over, self.policy, None, comment="Ý kiến thêm")
        self.as_user("a-leader", hand_over, self.policy, None, handlers=["a-leader"],
                     due_date=add_working_days(date.today(), 5))
        transaction.commit()
        page = self.open("a-leader", self.url + "/@@audit-trail")
        self.assertIn("Ghi ý kiến", page.contents)
        self.assertIn("Đổi người xử lý", page.contents)

    def test_pages_of_fifty(self):
        for number in range(60):
            self.as_user("a-leader", hand_over, self.policy, None, comment=f"Ý kiến số {number}")
        transaction.commit()
        page = self.open("a-leader", self.url + "/@@audit-trail")
        self.assertIn("Ý kiến số 47", page.contents)
        self.assertNotIn("Ý kiến số 48", page.contents)
        page.open(self.url + "/@@audit-trail?b_start:int=50")
        self.assertIn("Ý kiến số 48", page.contents)

    def test_item_csv(self):
        self.approve()
        response = self.download("a-secretary", self.path + "/@@audit-trail.csv")
        self.assertEqual(response.headers["Content-Disposition"],
                         'attachment; filename="nhat-ky-CS-2026-001.csv"')
        rows = self.parse_csv(response)
        self.assertEqual([row[4] for row in rows], ["Tạo mới", "Chuyển bước", "Chuyển bước"])
        created, submitted, approved = rows
        self.assertEqual(submitted[2:4], ["a-secretary", "Thư Ký A"])
        self.assertEqual(approved[2:4], ["a-leader", "Lãnh Đạo A"])
        self.assertIn("Trình duyệt: chuyển Lãnh Đạo A", submitted[5])
        self.assertEqual(submitted[6], "Kính trình lãnh đạo")
        self.assertEqual(submitted[7:], ["CS-2026-001", "Chính sách chất lượng 2026", self.url])
        self.assertEqual(submitted[0][:10], date.today().isoformat())
        self.assertEqual(submitted[1][:10], format_date(date.today()))

    def test_csv_never_holds_a_formula(self):
        self.as_user("a-leader", hand_over, self.policy, None, comment="=HYPERLINK(\"x\")")
        transaction.commit()
        rows = self.parse_csv(self.download("a-leader", self.path + "/@@audit-trail.csv"))
        self.assertEqual(rows[-1][6], "'=HYPERLINK(\"x\")")

    def test_only_for_those_who_see_the_item(self):
        for user in ("b-leader", "a-staff"):
            for view in ("@@audit-trail", "@@audit-trail.csv"):
                response = self.download(user, f"{self.path}/{view}")
                self.assertNotIn(response.status_code, (200,), (user, view))
                self.assertNotIn("Kính trình", response.text)


class TestAgencyAuditTrail(TimelineTestCase):
    agency_path = "/co-quan-a/@@audit-trail.csv"

    def setUp(self):
        super().setUp()
        self.other = self.create_policy(title="Chính sách chất lượng bổ sung")
        transaction.commit()

    def test_every_case_of_the_agency(self):
        response = self.download("a-leader", self.agency_path)
        self.assertEqual(response.headers["Content-Disposition"],
                         'attachment; filename="nhat-ky-STTTT.csv"')
        rows = self.parse_csv(response)
        self.assertEqual(sorted({row[7] for row in rows}), ["CS-2026-001", "CS-2026-002"])
        self.assertEqual(len(rows), 3)
        self.assertEqual(rows, sorted(rows, key=lambda row: row[0]))
        self.assertTrue(all(row[9].startswith(self.portal.absolute_url() + "/co-quan-a/") for row in rows))

    def test_period(self):
        today, day = date.today(), timedelta(days=1)
        cases = (
            ({"start": today.isoformat(), "end": today.isoformat()}, 3),
            ({"start": today.isoformat()}, 3),
            ({"end": (today - day).isoformat()}, 0),
            ({"start": (today + day).isoformat()}, 0),
        )
        for params, count in cases:
            response = self.download("a-secretary", self.agency_path, **params)
            self.assertEqual(len(self.parse_csv(response)), count, params)
        response = self.download("a-secretary", self.agency_path, start=today.isoformat(),
                                 end=today.isoformat())
        self.assertIn(f"nhat-ky-STTTT-{today.isoformat()}-{today.isoformat()}.csv",
                      response.headers["Content-Disposition"])

    def test_bad_dates(self):
        response = self.download("a-leader", self.agency_path, start="31/01/2026")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.headers["Content-Type"], "text/plain; charset=utf-8")
        self.assertEqual(response.text, "Ngày “31/01/2026” không hợp lệ: hãy nhập theo dạng "
                                        "năm-tháng-ngày, ví dụ 2026-01-31.")
        response = self.download("a-leader", self.agency_path, start="2026-02-01", end="2026-01-01")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.text, "Ngày bắt đầu không được sau ngày kết thúc.")

    def test_page_with_the_form(self):
        page = self.open("a-secretary", self.portal.absolute_url() + "/co-quan-a/@@audit-trail")
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("Nhật ký xử lý hồ sơ", page.contents)
        self.assertIn("Số hồ sơ bạn được xem: 2", " ".join(page.contents.split()).replace(
            "<strong>", "").replace("</strong>", ""))
        form = page.getForm(id="eiso-audit-export")
        form.getControl(name="start").value = "2026-13-01"
        form.getControl(name="export").click()
        self.assertIn("Ngày “2026-13-01” không hợp lệ", page.contents)
        form = page.getForm(id="eiso-audit-export")
        form.getControl(name="start").value = date.today().isoformat()
        form.getControl(name="end").value = ""
        form.getControl(name="export").click()
        self.assertIn(f"@@audit-trail.csv?start={date.today().isoformat()}", page.url)
        self.assertIn("nhat-ky-STTTT", page.headers["Content-Disposition"])

    def test_staff_and_other_agencies_get_no_export(self):
        for user in ("a-staff", "b-leader", None):
            for view in ("@@audit-trail", "@@audit-trail.csv"):
                response = self.download(user, f"/co-quan-a/{view}")
                self.assertIn(response.status_code, (302, 401, 403), (user, view))
                self.assertNotIn("Content-Disposition", response.headers, (user, view))
        # b-leader exports agency B, where nothing of agency A shows
        response = self.download("b-leader", "/co-quan-b/@@audit-trail.csv")
        self.assertEqual(self.parse_csv(response), [])

    def test_permission_roles(self):
        roles = {
            role["name"] for role in self.portal.rolesOfPermission("eiso: Export audit trail")
            if role["selected"]
        }
        self.assertEqual(roles, {"Manager", "Site Administrator", "Leader", "IsoSecretary",
                                 "Auditor", "Assessor"})


class TestCaseHistoryService(TimelineTestCase):
    def test_steps_and_audit(self):
        self.approve()
        response = self.session("a-secretary").get(self.path + "/@case-history")
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["code"], "CS-2026-001")
        self.assertEqual(data["review_state"], "approved")
        self.assertEqual(data["review_state_title"], "Đã duyệt")
        self.assertFalse(data["finished"])
        first, second, third = data["steps"]
        self.assertEqual(first["title"], "Soạn thảo, trình duyệt")
        self.assertEqual(first["handlers"], [{"id": "a-secretary", "fullname": "Thư Ký A"}])
        self.assertEqual(first["department"], {"id": "van-phong", "title": "Văn phòng"})
        self.assertEqual(first["action"], {"id": "submit", "title": "Trình duyệt"})
        self.assertEqual(first["actor"], {"id": "a-secretary", "fullname": "Thư Ký A"})
        self.assertEqual(first["comment"], "Kính trình lãnh đạo")
        self.assertEqual(first["files"][0]["filename"], "bien-ban.pdf")
        self.assertEqual(first["files"][0]["download"], self.url + "/@@case-file?step=1&index=0")
        self.assertEqual(first["status"]["title"], "Đã xử lý - Đúng hạn")
        self.assertEqual(second["deadline"], add_working_days(date.today(), 3).isoformat())
        self.assertTrue(second["finished"].startswith(date.today().isoformat()))
        self.assertIsNone(third["finished"])
        self.assertIsNone(third["action"])
        self.assertEqual(third["status"]["id"], "on-time")
        self.assertEqual([e["kind"]["title"] for e in data["audit"]],
                         ["Tạo mới", "Chuyển bước", "Chuyển bước"])
        self.assertEqual(data["audit"][2]["user"], {"id": "a-leader", "fullname": "Lãnh Đạo A"})
        self.assertEqual(data["audit"][2]["details"], "Đồng ý ban hành")
        self.assertTrue(data["audit"][0]["time"].startswith(date.today().isoformat()))

    def test_only_for_those_who_see_the_item(self):
        for user in ("b-leader", "a-staff", None):
            response = self.session(user).get(self.path + "/@case-history")
            self.assertIn(response.status_code, (401, 403, 404), user)
