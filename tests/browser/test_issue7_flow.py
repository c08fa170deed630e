"""Issue 7 (resources and reporting) in a real browser, on agency A of the fixture:

- the HR officer adds a staff profile for a member through the add form; the member
  reads it, the head of another department does not;
- the ISO secretary imports a month of one-stop-shop statistics from a CSV file and
  finds the month on the statistics page;
- the ISO secretary self-scores the year's assessment on its page and submits it, the
  leader approves it, an assessor of the superior agency scores and publishes it, and
  finds the agency's total and grade on the province overview.
"""

from datetime import date
from eiso.content.fields import create_content
from eiso.roles import ASSESSOR
from eiso.statistics.importer import COLUMNS
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import PASSWORD
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from tests.browser.helpers import BrowserTestCase
from tests.browser.helpers import requires_browser

import csv
import io
import os
import transaction


AGENCY_A = "Sở Thông tin và Truyền thông"
YEAR = date.today().year
CRITERIA = ["A | Xây dựng hệ thống | 40", "B | Đánh giá nội bộ | 35", "C | Cải tiến | 25"]
ASSESSOR_ID = "cham-diem-tinh"


def refused(driver):
    """The page was refused: the login form or "insufficient privileges"."""
    url = driver.current_url
    return "insufficient-privileges" in url or "require_login" in url or "/login" in url


@requires_browser
class TestIssue7ClickPaths(BrowserTestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        portal = self.layer["portal"]
        self.agency = portal["co-quan-a"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        login(portal, TEST_USER_NAME)
        # The head of Phòng CNTT: he reads the profiles of his department only.
        self.agency["to-chuc"]["phong-cntt"].head = "a-head"
        api.portal.set_registry_record("eiso.assessment_criteria", CRITERIA)
        logout()
        transaction.commit()
        super().setUp()

    def as_user(self, user, path, password=PASSWORD):
        self.logout()
        self.login(user, password)
        self.open(path)

    def choose(self, name, value):
        Select(self.wait_for(f"select[name='{name}']")).select_by_value(value)

    def path_of_current_page(self):
        return self.driver.current_url.split("/plone", 1)[1].removesuffix("/view")

    def test_staff_profile_added_by_hr(self):
        self.login("a-hr")
        self.open("/co-quan-a/nhan-su")
        self.submit("#eiso-add-StaffProfile")
        self.choose("form.widgets.user_id:list", "a-staff")
        self.choose("form.widgets.department:list", "van-phong")
        self.fill("form.widgets.position", "Chuyên viên một cửa")
        self.fill("form.widgets.phone", "0912 345 678")
        self.submit("button[name='form.buttons.save']")
        self.assertIn("Nhân Viên A", self.text("#content"))
        self.assertIn("Chuyên viên một cửa", self.text("#content"))
        profile = self.path_of_current_page()
        self.assertTrue(profile.startswith("/co-quan-a/nhan-su/"), profile)

        # The person reads the profile…
        self.as_user("a-staff", profile)
        self.assertIn("Chuyên viên một cửa", self.text("#content"))
        self.assertIn("0912 345 678", self.text("#content"))
        # … the head of another department does not, nor finds it in the section.
        self.as_user("a-head", profile)
        self.assertTrue(refused(self.driver), self.driver.current_url)
        self.assertNotIn("Chuyên viên một cửa", self.driver.page_source)
        self.open("/co-quan-a/nhan-su")
        self.assertNotIn("Nhân Viên A", self.text("#content"))

    def test_statistics_imported_from_csv(self):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([header for _name, header in COLUMNS])
        writer.writerow([YEAR, 1, "Tư pháp", 40, 35, 2, 3])
        writer.writerow([YEAR, 1, "Tài chính – Kế hoạch", 10, 10, 0, 0])
        path = os.path.join(self.profile_dir, "so-lieu-mot-cua.csv")
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            handle.write(out.getvalue())

        self.login("a-secretary")
        self.open("/co-quan-a/thu-tuc/@@service-statistics-import")
        self.wait_for("#eiso-import-file").send_keys(path)
        self.submit("button[name='form.import']")
        created = self.text("#eiso-import-created")
        self.assertIn(f"1/{YEAR}", created)
        self.click_link("Xem số liệu")
        self.assertIn("@@service-statistics", self.driver.current_url)
        table = self.wait_for("#eiso-statistics-months")
        [row] = table.find_elements(By.CSS_SELECTOR, "tbody tr:not(.fw-bold)")
        cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        self.assertEqual(cells[:2], ["1", "50"])
        self.assertIn("Tư pháp", self.text("#content"))

    def test_assessment_from_self_score_to_province_overview(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        login(portal, TEST_USER_NAME)
        api.user.create(email="cham-diem@example.vn", username=ASSESSOR_ID, password=PASSWORD,
                        properties={"fullname": "Cán Bộ Chấm Điểm Tỉnh"})
        api.user.grant_roles(username=ASSESSOR_ID, roles=[ASSESSOR])
        with api.env.adopt_user(username="a-secretary"):
            item = create_content(self.agency["danh-gia"], "Assessment", year=YEAR)
        path = "/co-quan-a/danh-gia/" + item.getId()
        logout()
        transaction.commit()

        # Bước 1: the ISO secretary self-scores on the page and submits.
        self.login("a-secretary")
        self.open(path)
        for code, score in (("A", "35"), ("B", "30,5"), ("C", "20")):
            self.fill(f"self_score.{code}", score)
        self.fill("evidence.A", "Quyết định 12/QĐ-STTTT ban hành HTQLCL")
        self.submit("button[name='form.buttons.save']")
        self.assertStatusMessage("Đã lưu điểm.")
        self.assertEqual(self.text("#eiso-assessment-self-total"), "85,5")
        self.hand_over("Trình kết quả tự chấm")

        # Bước 2: the leader approves and sends it to the superior agency.
        self.as_user("a-leader", path)
        self.assertEqual(self.text("#eiso-assessment-self-total"), "85,5")
        self.hand_over("Phê duyệt và gửi cấp trên")

        # The superior agency's assessor scores, finishes and publishes.
        self.as_user(ASSESSOR_ID, path)
        for code, score in (("A", "36"), ("B", "28"), ("C", "20")):
            self.fill(f"assessor_score.{code}", score)
        self.fill("assessor_comment.B", "Chưa đánh giá hiệu lực hành động khắc phục.")
        self.submit("button[name='form.buttons.save']")
        self.assertStatusMessage("Đã lưu điểm.")
        self.assertEqual(self.text("#eiso-assessment-assessor-total"), "84")
        self.hand_over("Hoàn thành chấm điểm")
        self.open(path)
        self.hand_over("Công bố kết quả")

        # The province overview: agency A's published total and grade.
        self.open("/@@province-overview")
        row = self.wait_for("#eiso-overview-table").find_element(
            By.XPATH, f".//tbody/tr[td[normalize-space()='{AGENCY_A}']]")
        self.assertIn(f"{YEAR}: 84 – Khá", row.text)
        chart = self.text("#eiso-overview-chart")
        self.assertIn(AGENCY_A, chart)
        self.assertIn("84", chart)
        # The assessor still cannot open the agency's other sections.
        self.open("/co-quan-a/tai-lieu")
        self.assertTrue(refused(self.driver), self.driver.current_url)

        # Published: the secretary reads the assessor's scores, no longer editable.
        self.as_user("a-secretary", path)
        self.assertEqual(self.text("#eiso-assessment-assessor-total"), "84")
        self.assertFalse(self.find_all("button[name='form.buttons.save']"))
