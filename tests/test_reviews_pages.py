"""Management reviews in the browser and through REST: the notice's add form in
Vietnamese, the status table of the departments (seed 002), the leader's conclusion
form (refusals, nothing half-saved, a nonconformity opened), the guard on concluding
the review, the minutes as a Word file, REST with 400 on refusals, agency B outside."""

from datetime import date
from datetime import timedelta
from eiso.cases.handover import hand_over
from eiso.reviews import create_review
from eiso.testing import browser
from eiso.testing import denied
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from tests.test_reviews import docx_text
from urllib.parse import urlencode

import transaction
import unittest


YEAR = date.today().year
MEETING = date.today() + timedelta(days=20)
DEADLINE = date.today() + timedelta(days=10)


class ReviewPagesTestCase(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["danh-gia"]

    def rest(self, user):
        session = RestSession(self.portal, user)
        self.addCleanup(session.close)
        return session

    def act(self, user, item, transition):
        login(self.portal, user)
        hand_over(item, transition)

    def reporting(self, departments=("van-phong", "phong-cntt")):
        login(self.portal, "a-secretary")
        review = create_review(self.section, year=YEAR, meeting_date=MEETING,
                               report_deadline=DEADLINE, departments=list(departments))
        self.act("a-secretary", review, "submit")
        self.act("a-leader", review, "approve")
        self.act("a-secretary", review, "notify")
        return review

    def submit(self, report):
        login(self.portal, report.responsible_users[0])
        report.performance = "Đảm bảo các yêu cầu cải cách hành chính."
        hand_over(report, "submit")

    def conclude(self, report):
        login(self.portal, "a-leader")
        report.conclusion = "Đạt yêu cầu"
        report.direction = "Tiếp tục thực hiện tốt"
        report.responsibility = "Trưởng phòng"
        report.completion_date = DEADLINE
        hand_over(report, "conclude")


class TestNoticeForm(ReviewPagesTestCase):
    def test_secretary_drafts_the_notice(self):
        page = browser(self.app, "a-secretary")
        page.open(self.section.absolute_url() + "/++add++ManagementReview")
        for label in ("Ngày họp", "Nội dung xem xét (đầu vào theo ISO 9001 mục 9.3.2)",
                      "Các phòng ban báo cáo", "Hạn báo cáo của các phòng ban", "Ghi chú",
                      "c2) Mức độ đạt được các mục tiêu chất lượng"):
            self.assertIn(label, page.contents)
        form = page.getForm(id="form")
        agenda = form.getControl(name="form.widgets.agenda:list")
        self.assertEqual(len(agenda.value), 12)  # every input ticked by default
        form.getControl(name="form.buttons.save").click()
        self.assertIn("++add++ManagementReview", page.url)  # date and departments missing
        form = page.getForm(id="form")
        form.getControl(name="form.widgets.meeting_date").value = MEETING.isoformat()
        form.getControl(name="form.widgets.report_deadline").value = DEADLINE.isoformat()
        form.getControl(name="form.widgets.departments:list").value = ["phong-cntt"]
        form.getControl(name="form.widgets.notes").value = "Các phòng chuẩn bị số liệu"
        form.getControl(name="form.buttons.save").click()
        self.assertIn(f"/danh-gia/thong-bao-xem-xet-cua-lanh-dao-nam-{YEAR}", page.url)
        for text in (f"XXLD-{YEAR}-", MEETING.strftime("%d/%m/%Y"), "Dự thảo",
                     "Các phòng chuẩn bị số liệu", "Phòng Công nghệ thông tin",
                     "Trạng thái báo cáo của các phòng ban", "Thư ký ISO soạn thông báo"):
            self.assertIn(text, page.contents)

    def test_staff_cannot_add_a_review(self):
        page = browser(self.app, "a-staff")
        page.open(self.section.absolute_url() + "/++add++ManagementReview")
        self.assertTrue(denied(page), page.url)
        self.assertNotIn('name="form.buttons.save"', page.contents)


class TestStatusTable(ReviewPagesTestCase):
    def test_status_table_as_seed_002(self):
        review = self.reporting()
        reports = review.reports()
        self.submit(reports["phong-cntt"])
        self.conclude(reports["phong-cntt"])
        self.act("a-secretary", review, "request_conclusion")
        transaction.commit()
        page = browser(self.app, "a-leader")
        page.open(review.absolute_url())
        table = page.contents.split('id="eiso-review-status-table"')[1].split("</table>")[0]
        rows = table.split("<tr")[2:]
        self.assertIn("Văn phòng", rows[0])
        self.assertIn("Chưa báo cáo", rows[0])
        self.assertIn("Chưa kết luận", rows[0])
        self.assertIn("Phòng Công nghệ thông tin", rows[1])
        self.assertIn("Đã báo cáo", rows[1])
        self.assertIn("Đã kết luận", rows[1])
        for header in ("Trạng thái báo cáo", "Trạng thái kết luận"):
            self.assertIn(header, page.contents)
        self.assertIn("Chỉ kết luận được cuộc xem xét khi báo cáo của mọi phòng ban đã được "
                      "kết luận. Chưa kết luận:", page.contents)
        # The transition form refuses "conclude" with the same message.
        page.open(review.absolute_url() + "/@@case-transition?" + urlencode({
            "action": "conclude"}))
        token = page.getControl(name="_authenticator").value
        page.post(review.absolute_url() + "/@@case-transition", urlencode({
            "_authenticator": token, "action": "conclude", "comment": "",
            "form.submitted": "1"}))
        self.assertIn("@@case-transition", page.url)  # the form again, with the message
        self.assertIn("Chưa kết luận: Văn phòng", page.contents)
        transaction.begin()
        self.assertEqual(api.content.get_state(review), "concluding")


class TestConcludeForm(ReviewPagesTestCase):
    def submitted(self):
        review = self.reporting(departments=["phong-cntt"])
        report = review.reports()["phong-cntt"]
        self.submit(report)
        logout()
        transaction.commit()
        return review, report

    def post(self, page, report, **fields):
        page.open(report.absolute_url() + "/@@conclude-report")
        token = page.getControl(name="_authenticator").value
        data = {"_authenticator": token, "form.conclude": "1"}
        data.update(fields)
        page.post(report.absolute_url() + "/@@conclude-report", urlencode(data))

    def test_leader_concludes_a_report(self):
        review, report = self.submitted()
        page = browser(self.app, "a-leader")
        page.open(review.absolute_url())
        self.assertIn("eiso-conclude-link", page.contents)
        page.open(report.absolute_url() + "/@@conclude-report")
        for label in ("Kết luận", "Chỉ đạo của lãnh đạo", "Trách nhiệm triển khai",
                      "Thời hạn hoàn thành", "Hành động khắc phục", "Nội dung báo cáo",
                      "Đảm bảo các yêu cầu cải cách hành chính.",
                      "Mở báo cáo sự không phù hợp cho phòng ban"):
            self.assertIn(label, page.contents)
        # Missing fields: refused, nothing saved.
        self.post(page, report, conclusion="Đạt yêu cầu")
        self.assertIn("Nhập đủ nội dung kết luận trước khi hoàn thành: Chỉ đạo của lãnh đạo, "
                      "Trách nhiệm triển khai, Thời hạn hoàn thành.", page.contents)
        self.assertIn("Đạt yêu cầu", page.contents)  # what was typed stays in the form
        transaction.begin()
        self.assertEqual(api.content.get_state(report), "submitted")
        self.assertIsNone(report.conclusion)
        self.post(page, report, conclusion="Đạt yêu cầu", direction="Tiếp tục",
                  responsibility="Trưởng phòng", completion_date="31/02/2026")
        self.assertIn("Thời hạn hoàn thành không phải ngày hợp lệ", page.contents)
        self.post(page, report, conclusion="Đạt yêu cầu", direction="Tiếp tục thực hiện tốt",
                  responsibility="Trưởng phòng tổ chức triển khai",
                  completion_date=DEADLINE.isoformat(),
                  corrective_action="Bổ sung nhân lực một cửa", open_nonconformity="1")
        self.assertEqual(page.url, review.absolute_url())
        self.assertIn("Đã kết luận báo cáo và mở báo cáo sự không phù hợp", page.contents)
        transaction.begin()
        self.assertEqual(api.content.get_state(report), "concluded")
        self.assertEqual(report.completion_date, DEADLINE)
        ncs = [b._unrestrictedGetObject() for b in api.content.find(
            context=self.agency["kiem-soat"], portal_type="Nonconformity", unrestricted=True)]
        self.assertEqual(len(ncs), 1)
        self.assertEqual(ncs[0].source, "review")
        self.assertEqual(ncs[0].department, "phong-cntt")
        self.assertEqual(ncs[0].source_item.to_object, report)
        page.open(report.absolute_url())
        for text in ("Kết luận của lãnh đạo", "Tiếp tục thực hiện tốt", "Đã kết luận"):
            self.assertIn(text, page.contents)

    def test_save_only_keeps_the_report_waiting(self):
        review, report = self.submitted()
        page = browser(self.app, "a-leader")
        page.open(report.absolute_url() + "/@@conclude-report")
        token = page.getControl(name="_authenticator").value
        page.post(report.absolute_url() + "/@@conclude-report", urlencode({
            "_authenticator": token, "form.save": "1", "conclusion": "Bản nháp kết luận"}))
        self.assertIn("Đã lưu nội dung kết luận; báo cáo chưa được kết luận.", page.contents)
        transaction.begin()
        self.assertEqual(api.content.get_state(report), "submitted")
        self.assertEqual(report.conclusion, "Bản nháp kết luận")
        page.open(report.absolute_url() + "/@@conclude-report")
        self.assertIn("Bản nháp kết luận", page.contents)

    def test_others_cannot_conclude(self):
        review, report = self.submitted()
        for user in ("a-head", "a-secretary", "b-leader"):
            page = browser(self.app, user)
            page.open(report.absolute_url() + "/@@conclude-report")
            self.assertNotIn('id="eiso-conclude-report"', page.contents, user)
        transaction.begin()
        self.assertEqual(api.content.get_state(report), "submitted")

    def test_csrf(self):
        review, report = self.submitted()
        page = browser(self.app, "a-leader")
        page.post(report.absolute_url() + "/@@conclude-report", urlencode({
            "form.conclude": "1", "conclusion": "a", "direction": "b", "responsibility": "c",
            "completion_date": DEADLINE.isoformat()}))
        self.assertNotEqual(page.headers["status"].split()[0], "200")
        transaction.begin()
        self.assertEqual(api.content.get_state(report), "submitted")


class TestRest(ReviewPagesTestCase):
    def test_rest_flow_and_refusals(self):
        review = self.reporting(departments=["phong-cntt"])
        report = review.reports()["phong-cntt"]
        self.submit(report)
        self.act("a-secretary", review, "request_conclusion")
        logout()
        transaction.commit()
        path = "/" + "/".join(report.getPhysicalPath()[2:])
        review_path = "/" + "/".join(review.getPhysicalPath()[2:])
        leader = self.rest("a-leader")
        response = leader.post(path + "/@workflow/conclude", json={})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Nhập đủ nội dung kết luận", response.json()["error"]["message"])
        response = leader.post(review_path + "/@workflow/conclude", json={})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Chưa kết luận: Phòng Công nghệ thông tin",
                      response.json()["error"]["message"])
        response = leader.patch(path, json={
            "conclusion": "Đạt yêu cầu", "direction": "Tiếp tục",
            "responsibility": "Trưởng phòng", "completion_date": DEADLINE.isoformat()})
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(leader.post(path + "/@workflow/conclude", json={}).status_code, 200)
        self.assertEqual(
            leader.post(review_path + "/@workflow/conclude", json={}).status_code, 200)
        data = self.rest("a-secretary").get(review_path).json()
        self.assertEqual(data["review_state"], "recording")
        self.assertEqual(data["report_deadline"], DEADLINE.isoformat())
        self.assertIn("objectives", data["agenda"][3]["token"])
        # Agency B sees nothing.
        self.assertIn(self.rest("b-leader").get(review_path).status_code, (401, 403, 404))
        self.assertIn(self.rest("b-leader").get(path).status_code, (401, 403, 404))

    def test_head_cannot_conclude_through_rest(self):
        review = self.reporting(departments=["phong-cntt"])
        report = review.reports()["phong-cntt"]
        self.submit(report)
        logout()
        transaction.commit()
        path = "/" + "/".join(report.getPhysicalPath()[2:])
        response = self.rest("a-head").patch(path, json={"conclusion": "Tự kết luận"})
        self.assertIn(response.status_code, (400, 401, 403))
        response = self.rest("a-head").post(path + "/@workflow/conclude", json={})
        self.assertIn(response.status_code, (400, 401, 403))
        transaction.begin()
        self.assertEqual(api.content.get_state(report), "submitted")
        self.assertIsNone(report.conclusion)


class TestMinutes(ReviewPagesTestCase):
    def test_minutes_downloaded(self):
        review = self.reporting(departments=["phong-cntt"])
        report = review.reports()["phong-cntt"]
        self.submit(report)
        self.act("a-secretary", review, "request_conclusion")
        self.conclude(report)
        self.act("a-leader", review, "conclude")
        review.minutes = "Hệ thống quản lý chất lượng phù hợp và có hiệu lực."
        logout()
        transaction.commit()
        page = browser(self.app, "a-secretary")
        page.open(review.absolute_url())
        self.assertIn("Tải biên bản (Word)", page.contents)
        page.open(review.absolute_url() + "/@@review-minutes.docx")
        self.assertIn("wordprocessingml", page.headers["content-type"])
        text = docx_text(page.contents if isinstance(page.contents, bytes)
                         else page.contents.encode("latin-1"))
        for expected in ("BIÊN BẢN XEM XÉT CỦA LÃNH ĐẠO", "Phòng Công nghệ thông tin",
                         "Kết luận: Đạt yêu cầu",
                         "Hệ thống quản lý chất lượng phù hợp và có hiệu lực."):
            self.assertIn(expected, text)
        page = browser(self.app, "b-leader")
        page.open(review.absolute_url() + "/@@review-minutes.docx")
        self.assertNotIn("wordprocessingml", page.headers.get("content-type", ""))


class TestListing(ReviewPagesTestCase):
    def test_danh_gia_lists_reviews_not_their_reports(self):
        review = self.reporting()
        logout()
        transaction.commit()
        page = browser(self.app, "a-leader")
        page.open(self.section.absolute_url() + "?portal_type=ManagementReview")
        self.assertIn(review.Title(), page.contents)
        self.assertIn(review.code, page.contents)
        for report in review.reports().values():
            self.assertNotIn(report.code, page.contents)
        page = browser(self.app, "b-leader")
        page.open(self.agency.absolute_url() + "/danh-gia")
        self.assertNotIn(review.code, page.contents)

    def test_inbox_of_the_head_shows_the_report(self):
        review = self.reporting(departments=["phong-cntt"])
        report = review.reports()["phong-cntt"]
        logout()
        transaction.commit()
        data = self.rest("a-head").get("/@inbox").json()
        self.assertIn(report.code, str(data))
        data = self.rest("a-secretary").get("/@inbox").json()
        self.assertIn(review.code, str(data))


class TestRestCreate(ReviewPagesTestCase):
    def test_secretary_creates_and_head_reports_through_rest(self):
        secretary = self.rest("a-secretary")
        response = secretary.post("/co-quan-a/danh-gia", json={
            "@type": "ManagementReview", "meeting_date": MEETING.isoformat(),
            "report_deadline": DEADLINE.isoformat(), "departments": ["phong-cntt"]})
        self.assertEqual(response.status_code, 201, response.text)
        data = response.json()
        self.assertEqual(len(data["agenda"]), 12)
        path = data["@id"].split("/plone", 1)[1]
        response = secretary.post("/co-quan-a/danh-gia", json={
            "@type": "ManagementReview", "report_deadline": DEADLINE.isoformat(),
            "departments": ["phong-cntt"]})
        self.assertEqual(response.status_code, 400)  # no meeting date
        self.assertEqual(self.rest("a-staff").post("/co-quan-a/danh-gia", json={
            "@type": "ManagementReview", "meeting_date": MEETING.isoformat(),
            "report_deadline": DEADLINE.isoformat(),
            "departments": ["phong-cntt"]}).status_code, 403)
        secretary.post(path + "/@workflow/submit", json={})
        self.rest("a-leader").post(path + "/@workflow/approve", json={})
        self.assertEqual(secretary.post(path + "/@workflow/notify", json={}).status_code, 200)
        head = self.rest("a-head")
        response = head.patch(path + "/phong-cntt", json={
            "objectives": [{"objective": "Giải quyết TTHC đúng hạn", "target": 100,
                            "result": 98, "cause": "Chờ ý kiến liên ngành"}],
            "performance": "Hoàn thành nhiệm vụ được giao"})
        self.assertEqual(response.status_code, 204, response.text)
        response = head.patch(path + "/phong-cntt", json={
            "objectives": [{"objective": "X", "target": 100, "result": 120}]})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            head.post(path + "/phong-cntt/@workflow/submit", json={}).status_code, 200)
        transaction.begin()
        report = self.section.restrictedTraverse(path.split("/danh-gia/")[1])["phong-cntt"]
        self.assertEqual(report.objectives[0]["result"], 98.0)
        self.assertEqual(api.content.get_state(report), "submitted")
