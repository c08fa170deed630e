"""A controlled document in a real browser (issue 4): the document controller drafts it
with its Word file and submits it, the ISO secretary sends it to the leader, the leader
approves it from the list of internal documents ("Duyệt"), it takes effect at once, and
a member of staff finds it by typing words of its file without diacritics."""

from eiso.demo_qms import make_docx
from eiso.testing import EISO_FUNCTIONAL_TESTING
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select
from tests.browser.helpers import BrowserTestCase
from tests.browser.helpers import requires_browser

import tempfile
from pathlib import Path


CODE = "QT-VP-09"
TITLE = "Quy trình tiếp nhận ý kiến phản ánh của tổ chức, công dân"
BODY = ("Bộ phận một cửa tiếp nhận ý kiến phản ánh, kiến nghị; chuyên viên thụ lý "
        "đề xuất hướng xử lý; lãnh đạo Sở ủy quyền trả lời trong thời hạn 10 ngày.")


@requires_browser
class TestDocumentFlow(BrowserTestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def test_draft_submit_approve_and_find_without_diacritics(self):
        folder = Path(tempfile.mkdtemp())
        upload = folder / "QT-VP-09.docx"
        upload.write_bytes(make_docx(TITLE, BODY))

        # The document controller drafts it with its Word file.
        self.login("a-documents")
        self.open("/co-quan-a/tai-lieu/++add++ControlledDocument")
        form = self.wait_for("form#form")
        self.fill("form.widgets.code", CODE, within=form)
        self.fill("form.widgets.title", TITLE, within=form)
        Select(form.find_element(By.ID, "form-widgets-level")).select_by_value("II")
        Select(form.find_element(By.ID, "form-widgets-document_kind")).select_by_value("quy-trinh")
        Select(form.find_element(By.ID, "form-widgets-department")).select_by_value("van-phong")
        form.find_element(By.CSS_SELECTOR, "input[type='file'][name='form.widgets.file']") \
            .send_keys(str(upload))
        self.click_and_wait(form.find_element(By.NAME, "form.buttons.save"))
        self.assertIn(TITLE, self.text("#content"))
        self.assertIn("Bước 1", self.text("#eiso-timeline"))
        document_url = self.driver.current_url.removesuffix("/view")

        # "Trình xem xét": to the ISO secretary.
        self.hand_over("Trình xem xét", "Kính gửi Thư ký ISO xem xét")
        self.assertIn("Thư Ký A", self.text("#eiso-timeline"))
        self.logout()

        # Staff do not see a document under review by the secretary yet… the secretary
        # reviews it and sends it to the leader ("Trình duyệt").
        self.login("a-secretary")
        self.driver.get(document_url)
        self.wait_for_page()
        self.hand_over("Trình duyệt", "Đã xem xét, kính trình lãnh đạo")
        self.assertIn("Lãnh Đạo A", self.text("#eiso-timeline"))
        self.logout()

        # The leader approves it from the list of internal documents.
        self.login("a-leader")
        self.open("/co-quan-a/tai-lieu")
        row = self.wait_for("table").find_element(
            By.XPATH, f".//tr[td[normalize-space()='{CODE}']]")
        self.click_and_wait(row.find_element(By.CSS_SELECTOR, "a.eiso-approve"))
        self.choose_action_and_save("Duyệt", "Đồng ý ban hành")
        self.assertIn("/tai-lieu", self.driver.current_url)  # back to the list
        row = self.wait_for("table").find_element(
            By.XPATH, f".//tr[td[normalize-space()='{CODE}']]")
        self.assertIn("Đang hiệu lực", row.text)
        self.assertFalse(row.find_elements(By.CSS_SELECTOR, "a.eiso-approve"))
        self.logout()

        # A member of staff types words of the file without diacritics in the search box.
        self.login("a-staff")
        self.open("/co-quan-a")
        box = self.wait_for("#searchGadget", clickable=True)
        box.send_keys("uy quyen tra loi trong thoi han")
        page = self.driver.find_element(By.TAG_NAME, "html")
        box.send_keys(Keys.ENTER)
        self.wait.until(lambda d: not page.id == d.find_element(By.TAG_NAME, "html").id)
        self.wait_for_page()
        results = self.text(".eiso-search-results")
        self.assertIn(TITLE, results)
        self.assertIn(CODE, results)
        self.assertIn("tệp đính kèm", results)  # found in its Word file
        self.screenshot("search-document-without-diacritics")
        self.click_link(TITLE)
        self.assertEqual(self.driver.current_url.removesuffix("/view"), document_url)
