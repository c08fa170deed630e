"""The register of risks and opportunities in a real browser: from "Bối cảnh" to the
register, its filters (kind, level, department), a cell of the heat map, and the Excel
export of what is shown, downloaded with the user's own session."""

from eiso import _
from eiso.content.risk import create_risk
from eiso.testing import AGENCIES
from eiso.testing import EISO_FUNCTIONAL_TESTING
from io import BytesIO
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from tests.browser.helpers import BrowserTestCase
from tests.browser.helpers import requires_browser
from tests.browser.helpers import vi

import openpyxl
import requests
import transaction


AGENCY_A = AGENCIES["co-quan-a"][0]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# description (the title in the register), kind, department, likelihood, impact
# With the default thresholds: score 1–4 low, 5–11 medium, 12–25 high.
RISKS = {
    "late": ("Hồ sơ TTHC trả kết quả trễ hạn", "risk", "van-phong", 4, 4),  # 16 high
    "outage": ("Mất dữ liệu do sự cố máy chủ", "risk", "phong-cntt", 2, 5),  # 10 medium
    "law": ("Văn bản pháp luật thay đổi chưa cập nhật", "risk", "van-phong", 3, 2),  # 6 medium
    "phishing": ("Tài khoản cán bộ bị lộ mật khẩu", "risk", "phong-cntt", 4, 4),  # 16 high
    "online": ("Triển khai dịch vụ công trực tuyến toàn trình", "opportunity",
               "phong-cntt", 4, 3),  # 12 high
    "sharing": ("Chia sẻ dữ liệu với Trung tâm Phục vụ hành chính công", "opportunity",
                "van-phong", 1, 2),  # 2 low
}
# Agency B's risk sits in the same heat-map cell as two of agency A's.
RISK_B = "Cổng thông tin điện tử bị tấn công"


def title(key):
    return RISKS[key][0]


@requires_browser
class TestRiskRegister(BrowserTestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        login(portal, TEST_USER_NAME)
        for description, kind, department, likelihood, impact in RISKS.values():
            create_risk(portal["co-quan-a"]["boi-canh"], description=description, kind=kind,
                        department=department, likelihood=likelihood, impact=impact,
                        year=2026)
        create_risk(portal["co-quan-b"]["boi-canh"], description=RISK_B, kind="risk",
                    department="van-phong", likelihood=4, impact=4, year=2026)
        logout()
        setRoles(portal, TEST_USER_ID, ["Member"])
        transaction.commit()
        super().setUp()

    # -- steps -----------------------------------------------------------------

    def open_register(self):
        """Agency home → "Bối cảnh và lãnh đạo" → "Sổ đăng ký rủi ro và cơ hội"."""
        self.open()
        self.click_link(AGENCY_A)
        self.click_and_wait(
            self.wait_for("#eiso-section-boi-canh h3 a", clickable=True))
        link = self.wait_for("#eiso-risk-register-link", clickable=True)
        self.assertEqual(link.text, vi(_("Register of risks and opportunities")))
        self.click_and_wait(link)
        self.assertEqual(self.text("h1"), vi(_("Register of risks and opportunities")))

    def filter(self, **choices):
        """Choose in the filters' drop-downs (by option value, "" for all), then "Lọc"."""
        form = self.wait_for("form#eiso-risk-filters")
        for name, value in choices.items():
            Select(form.find_element(By.NAME, name)).select_by_value(value)
        button = form.find_element(
            By.XPATH, f".//button[normalize-space()='{vi(_('Filter'))}']")
        self.click_and_wait(button)

    def shown(self):
        """The titles of the register's rows, in their order."""
        if not self.find_all("#eiso-risk-table"):
            return []
        return [link.text for link in self.find_all("#eiso-risk-table tbody tr td:nth-child(3) a")]

    def assertShown(self, *keys):
        self.assertEqual(sorted(self.shown()), sorted(title(key) for key in keys))

    def heat_cell(self, likelihood, impact):
        return self.wait_for(
            f"#eiso-risk-heat-map td[data-likelihood='{likelihood}'][data-impact='{impact}']")

    def download(self, url):
        """GET ``url`` with the browser's session cookie, as the download would."""
        cookies = {cookie["name"]: cookie["value"] for cookie in self.driver.get_cookies()}
        return requests.get(url, cookies=cookies, timeout=30)

    def exported_titles(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], XLSX)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        sheet = openpyxl.load_workbook(BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        header = list(rows[0])
        self.assertEqual(header[:3], [vi(_("No.")), vi(_("Code")), vi(_("Risk or opportunity"))])
        description = header.index(vi(_("Description")))
        self.assertEqual([row[0] for row in rows[1:]], list(range(1, len(rows))))
        return sorted(row[description] for row in rows[1:])

    # -- the story -------------------------------------------------------------

    def test_filters_heat_map_and_export(self):
        self.login("a-secretary")
        self.open_register()
        self.assertShown(*RISKS)
        self.assertNotIn(RISK_B, self.text("#content"))
        # Highest score first.
        scores = [int(td.text) for td in self.find_all("#eiso-risk-table tbody td:nth-child(6)")]
        self.assertEqual(scores, sorted(scores, reverse=True))

        # Kind.
        self.filter(kind="risk")
        self.assertShown("late", "outage", "law", "phishing")
        self.assertEqual(
            {td.text for td in self.find_all("#eiso-risk-table tbody td:nth-child(2)")},
            {vi(_("Risk"))})
        self.filter(kind="opportunity")
        self.assertShown("online", "sharing")

        # Level, then level and department together; the choices stay selected.
        self.filter(kind="", level="high")
        self.assertShown("late", "phishing", "online")
        levels = {td.text for td in self.find_all("#eiso-risk-table tbody td:nth-child(7)")}
        self.assertEqual(levels, {vi(_("High level"))})
        self.filter(level="medium")
        self.assertShown("outage", "law")
        self.filter(level="low")
        self.assertShown("sharing")
        self.filter(level="high", department="phong-cntt")
        self.assertShown("phishing", "online")
        form = self.wait_for("form#eiso-risk-filters")
        self.assertEqual(
            Select(form.find_element(By.NAME, "level")).first_selected_option.get_attribute(
                "value"), "high")
        self.filter(kind="opportunity", level="low")
        self.assertEqual(self.shown(), [])
        self.assertIn(vi(_("No risk or opportunity matches these filters.")),
                      self.text("#content"))

        # "Bỏ lọc": everything again.
        self.click_link(vi(_("Clear filters")))
        self.assertShown(*RISKS)

        # The heat map counts the filtered risks per cell; a cell shows exactly its risks.
        self.assertEqual(self.heat_cell(4, 4).text, "2")
        self.assertEqual(self.heat_cell(4, 3).text, "1")
        self.assertEqual(self.heat_cell(5, 5).text, "·")
        self.assertIn("eiso-risk-high", self.heat_cell(4, 4).get_attribute("class"))
        self.assertIn("eiso-risk-low", self.heat_cell(1, 2).get_attribute("class"))
        self.click_and_wait(self.heat_cell(4, 4).find_element(By.TAG_NAME, "a"))
        self.assertShown("late", "phishing")
        self.assertIn("eiso-risk-selected", self.heat_cell(4, 4).get_attribute("class"))
        self.assertIn(vi(_("Showing the cell likelihood ${likelihood}, impact ${impact}.",
                           mapping={"likelihood": "4", "impact": "4"})),
                      self.text("#eiso-risk-heat-map"))
        self.screenshot("risk-register-heat-map-cell")

        # Filtering keeps the cell: the risks of the cell in phong-cntt.
        self.filter(department="phong-cntt")
        self.assertShown("phishing")

        # The Excel export holds what the page shows.
        export = self.wait_for("#eiso-risk-export", clickable=True)
        self.assertEqual(export.text, vi(_("Export to Excel")))
        self.assertEqual(self.exported_titles(self.download(export.get_attribute("href"))),
                         [title("phishing")])

        # "Xem tất cả ô": the whole map again, still for phong-cntt.
        self.click_link(vi(_("Show every cell")))
        self.assertShown("outage", "phishing", "online")
        self.filter(department="", kind="risk")
        self.assertShown("late", "outage", "law", "phishing")
        export = self.wait_for("#eiso-risk-export", clickable=True)
        self.assertEqual(self.exported_titles(self.download(export.get_attribute("href"))),
                         sorted(title(key) for key in ("late", "outage", "law", "phishing")))

        # Without the session, no register to download.
        anonymous = requests.get(export.get_attribute("href"), timeout=30,
                                 allow_redirects=False)
        self.assertNotEqual(anonymous.headers.get("Content-Type"), XLSX)

    def test_agency_b_sees_only_its_own_risk(self):
        self.login("b-leader")
        self.open("/co-quan-b/boi-canh")
        self.click_and_wait(self.wait_for("#eiso-risk-register-link", clickable=True))
        self.assertEqual(self.shown(), [RISK_B])
        self.assertEqual(self.heat_cell(4, 4).text, "1")
        export = self.wait_for("#eiso-risk-export", clickable=True)
        self.assertEqual(self.exported_titles(self.download(export.get_attribute("href"))),
                         [RISK_B])
