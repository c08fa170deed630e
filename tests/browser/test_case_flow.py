"""Seed 002 §2 in a real browser: the secretary drafts and submits a quality policy,
the leader finds it in "Kiểm soát hoạt động ISO", approves it and applies it, and the
agency home page shows it."""

from eiso.testing import EISO_FUNCTIONAL_TESTING
from selenium.webdriver.common.by import By
from tests.browser.helpers import BrowserTestCase
from tests.browser.helpers import requires_browser


MOTTO = "Không ngừng nâng cao chất lượng dịch vụ công"
TITLE = "Chính sách chất lượng năm 2026"


@requires_browser
class TestCaseFlow(BrowserTestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def test_secretary_submits_leader_approves_and_applies(self):
        self.login("a-secretary")
        self.open("/co-quan-a/boi-canh/++add++QualityPolicy")
        form = self.wait_for("form#form")
        self.fill("form.widgets.title", TITLE, within=form)
        self.fill("form.widgets.motto", MOTTO, within=form)
        self.fill("form.widgets.statements",
                  "Thực hiện tốt vai trò quản lý nhà nước\nPhục vụ người dân", within=form)
        self.click_and_wait(form.find_element(By.NAME, "form.buttons.save"))
        self.assertIn(MOTTO, self.text("#content"))
        self.assertIn("Bước 1", self.text("#eiso-timeline"))
        policy_url = self.driver.current_url.removesuffix("/view")

        # "Trình duyệt" goes to the leader with a deadline in working days.
        self.hand_over("Trình duyệt", "Kính trình lãnh đạo")
        timeline = self.text("#eiso-timeline")
        self.assertIn("Bước 2", timeline)
        self.assertIn("Lãnh Đạo A", timeline)
        self.assertFalse(self.find_all("#eiso-case-act"))  # it no longer waits for her
        self.logout()

        # The leader finds it among the cases waiting for him.
        self.login("a-leader")
        self.open("/@@inbox")
        self.assertIn("Chưa xử lý", self.text("#content"))
        self.click_link(TITLE)
        self.assertEqual(self.driver.current_url, policy_url)
        self.hand_over("Duyệt", "Đồng ý ban hành")
        self.assertIn("Đã duyệt", self.text("#eiso-timeline"))
        self.hand_over("Áp dụng")

        # Applied: the agency home shows it to everyone in the agency.
        self.logout()
        self.login("a-staff")
        self.open("/co-quan-a")
        self.assertIn(MOTTO, self.text("#eiso-applied-policy"))
        self.screenshot("agency-home-applied-policy")
