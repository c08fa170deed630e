"""Seed 002 §5 in a real browser: the ISO secretary drafts the management review notice
in "Đánh giá" (every ISO 9.3.2 input ticked) and submits it; the leader approves it;
the secretary notifies the departments; the head of Phòng CNTT fills in the results of
the pre-filled objectives and submits the report; the secretary sends the reports to
the leader, who concludes on the department (refused first without the direction…),
then on the review; the secretary writes the minutes, records the result and
downloads them as a Word file."""

from datetime import date
from datetime import timedelta
from eiso.testing import EISO_FUNCTIONAL_TESTING
from plone import api
from plone.app.testing import logout
from selenium.webdriver.common.by import By
from tests.browser.helpers import BrowserTestCase
from tests.browser.helpers import requires_browser
from tests.test_reviews import add_objectives
from tests.test_reviews import docx_text

import requests
import transaction


MEETING = date.today() + timedelta(days=20)
DEADLINE = date.today() + timedelta(days=10)
OBJECTIVE = "Giải quyết TTHC đúng hạn"


@requires_browser
class TestReviewFlow(BrowserTestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def set_date(self, name, value):
        field = self.driver.find_element(By.NAME, name)
        self.driver.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            field, value.isoformat())

    def status_row(self, department):
        return self.wait_for("#eiso-review-status-table").find_element(
            By.XPATH, f".//tbody/tr[td[normalize-space()='{department}']]")

    def as_user(self, user, path):
        self.logout()
        self.login(user)
        self.open(path)

    def test_management_review_from_notice_to_minutes(self):
        portal = self.layer["portal"]
        add_objectives(portal["co-quan-a"], "phong-cntt", [(OBJECTIVE, 100.0)])
        logout()
        transaction.commit()

        # Bước 1: the ISO secretary drafts the notice.
        self.login("a-secretary")
        self.open("/co-quan-a/danh-gia")
        self.submit(".eiso-actions a[href$='++add++ManagementReview']")
        agenda = self.find_all("input[name='form.widgets.agenda:list']")
        self.assertEqual(len(agenda), 12)
        self.assertTrue(all(box.is_selected() for box in agenda))
        self.set_date("form.widgets.meeting_date", MEETING)
        self.set_date("form.widgets.report_deadline", DEADLINE)
        self.click(self.driver.find_element(
            By.XPATH, "//label[normalize-space()='Phòng Công nghệ thông tin']"
                      "/preceding-sibling::input[@name='form.widgets.departments:list']"
            " | //input[@name='form.widgets.departments:list'][@value='phong-cntt']"))
        self.fill("form.widgets.meeting_place", "Phòng họp 1")
        self.submit("button[name='form.buttons.save']")
        self.assertIn("Thư ký ISO soạn thông báo", self.text("#content"))
        review_path = self.driver.current_url.split("/plone", 1)[1].removesuffix("/view")
        self.hand_over("Trình duyệt")

        # Bước 2: the leader approves.
        self.as_user("a-leader", review_path)
        self.hand_over("Duyệt")

        # Bước 3: the secretary notifies the departments.
        self.as_user("a-secretary", review_path)
        self.hand_over("Gửi thông báo cho các phòng ban")
        self.open(review_path)
        row = self.status_row("Phòng Công nghệ thông tin")
        self.assertIn("Chưa báo cáo", row.text)
        self.assertIn("Chưa kết luận", row.text)

        # The head of the department fills in the report and submits it.
        self.as_user("a-head", review_path)
        self.click_and_wait(self.status_row("Phòng Công nghệ thông tin").find_element(
            By.CSS_SELECTOR, "a.eiso-report-link"))
        report_url = self.driver.current_url
        self.assertIn(OBJECTIVE, self.text("#eiso-report-objectives"))
        self.driver.get(report_url + "/edit")
        self.wait_for_page()
        result = [field for field in self.find_all("input[name$='.widgets.result']")
                  if field.is_displayed()][0]
        result.clear()
        result.send_keys("97")
        self.fill("form.widgets.performance", "Đảm bảo các yêu cầu cải cách hành chính.")
        self.submit("button[name='form.buttons.save']")
        self.hand_over("Gửi báo cáo")

        # The secretary sends the reports to the leader.
        self.as_user("a-secretary", review_path)
        self.assertIn("Đã báo cáo", self.status_row("Phòng Công nghệ thông tin").text)
        self.hand_over("Trình lãnh đạo kết luận")

        # Bước 4: the leader concludes on the department, then on the review.
        self.as_user("a-leader", review_path)
        self.assertIn("Chưa kết luận: Phòng Công nghệ thông tin",
                      self.text("#eiso-review-not-concluded"))
        self.screenshot("management-review-status")
        self.click_and_wait(self.status_row("Phòng Công nghệ thông tin").find_element(
            By.CSS_SELECTOR, "a.eiso-conclude-link"))
        self.assertIn("97", self.text("#eiso-conclude-report-content"))
        self.screenshot("management-review-conclusion-form")
        self.fill("conclusion", "Đảm bảo các yêu cầu cải cách hành chính.")
        self.submit("button[name='form.conclude']")
        self.assertIn("Nhập đủ nội dung kết luận trước khi hoàn thành",
                      " ".join(self.status_messages()))
        self.fill("direction", "Tiếp tục thực hiện tốt để cải cách hành chính")
        self.fill("responsibility", "Trưởng phòng tổ chức triển khai")
        self.set_date("completion_date", DEADLINE)
        self.submit("button[name='form.conclude']")
        self.assertStatusMessage("Đã kết luận báo cáo.")
        self.assertIn("Đã kết luận", self.status_row("Phòng Công nghệ thông tin").text)
        self.hand_over("Kết luận và chỉ đạo")

        # Bước 5: the secretary records the result; the minutes as a Word file.
        self.as_user("a-secretary", review_path + "/edit")
        self.click(self.driver.find_element(
            By.XPATH, "//a[normalize-space()='Kết quả xem xét'] | "
                      "//button[normalize-space()='Kết quả xem xét']"))
        self.fill("form.widgets.minutes", "Hệ thống quản lý chất lượng phù hợp và có hiệu lực.")
        self.submit("button[name='form.buttons.save']")
        self.hand_over("Ghi nhận kết quả")
        self.open(review_path)
        self.assertIn("Hoàn thành", self.text("#eiso-review-details"))
        link = self.wait_for("#eiso-review-minutes-docx")
        response = requests.get(link.get_attribute("href"),
                                cookies={"__ac": self.driver.get_cookie("__ac")["value"]},
                                timeout=30)
        self.assertEqual(response.status_code, 200)
        self.assertIn("wordprocessingml", response.headers["content-type"])
        text = docx_text(response.content)
        for expected in ("BIÊN BẢN XEM XÉT CỦA LÃNH ĐẠO", "Phòng họp 1", OBJECTIVE, "97",
                         "Chỉ đạo của lãnh đạo: Tiếp tục thực hiện tốt để cải cách hành chính",
                         "Hệ thống quản lý chất lượng phù hợp và có hiệu lực."):
            self.assertIn(expected, text)
        transaction.begin()
        [brain] = api.content.find(portal_type="ManagementReview", unrestricted=True)
        self.assertEqual(brain.review_state, "completed")
