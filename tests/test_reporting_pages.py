"""The ISO implementation report as users get it: the page, its Excel and PDF exports
and REST ``@iso-report``, on an agency and on the site root — the same figures
everywhere, exact from the fixtures of test_reporting; who may, role by role; agency
B and anonymous see nothing of A; the province's report and overview show every
agency's figures and no title of their items."""

from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from io import BytesIO
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from tests.test_reporting import build_fixtures
from tests.test_reporting import EXPECTED_A
from tests.test_reporting import SECRET

import transaction
import unittest


PERIOD = "from=2025-01-01&to=2025-06-30"
A_TITLE = "Sở Thông tin và Truyền thông"
B_TITLE = "Ủy ban nhân dân huyện Bố Trạch"


def refused(page):
    return (page.headers["status"].startswith(("401", "403", "404"))
            or "require_login" in page.url or "insufficient-privileges" in page.url
            or "/login" in page.url)


def pdf_text(data):
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    return " ".join(text.split())  # cells wrap over lines


def sheet_rows(data):
    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(data)).active
    assert sheet.title == "Báo cáo ISO", sheet.title
    rows = []
    for row in sheet.iter_rows(values_only=True):
        row = list(row)
        while row and row[-1] is None:  # the sheet is as wide as its widest table
            row.pop()
        rows.append(row)
    return rows


def table_after(rows, title):
    """The header and the rows of the Excel table titled ``title``."""
    start = [row[0] if row else None for row in rows].index(title)
    table = []
    for row in rows[start + 1:]:
        if not row:
            break
        table.append(row)
    return table[0], table[1:]


class ReportTestCase(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.a = self.portal["co-quan-a"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        build_fixtures(self.portal)
        logout()
        transaction.commit()

    def open(self, user, path, password=None):
        page = browser(self.app, user, password) if password else browser(self.app, user)
        page.open(self.portal.absolute_url() + path)
        return page


class TestAgencyReport(ReportTestCase):
    def test_page_shows_the_figures(self):
        page = self.open("a-secretary", f"/co-quan-a/@@iso-report?{PERIOD}")
        self.assertEqual(page.headers["status"].split()[0], "200")
        html = page.contents
        self.assertIn("Báo cáo kết quả thực hiện ISO của Sở Thông tin và Truyền thông", html)
        self.assertIn("Từ ngày 01/01/2025 đến ngày 30/06/2025", html)
        self.assertIn("Xuất Excel", html)
        self.assertIn("Xuất PDF", html)
        section = html.split('id="eiso-report-services"')[1].split("</section>")[0]
        cells = [c.split(">", 1)[1].split("</td>")[0].strip()
                 for c in section.split("<td")[2:]]
        self.assertEqual(cells, ["2", "15", "7", "3", "2", "70,0 %"])
        section = html.split('id="eiso-report-nonconformities"')[1].split("</section>")[0]
        self.assertEqual([c.split(">", 1)[1].split("</td>")[0].strip()
                          for c in section.split("<td")[2:]], ["3", "1", "2"])
        section = html.split('id="eiso-report-assessment"')[1].split("</section>")[0]
        self.assertIn("Khá", section)
        self.assertIn("@@iso-report.xlsx?from=2025-01-01&amp;to=2025-06-30", html)
        self.assertNotIn(SECRET, html)

    def test_default_period_is_the_current_year(self):
        from datetime import date

        page = self.open("a-leader", "/co-quan-a/@@iso-report")
        year = date.today().year
        self.assertIn(f"Từ ngày 01/01/{year} đến ngày 31/12/{year}", page.contents)
        self.assertIn(f'value="{year}-01-01"', page.contents)

    def test_bad_dates_are_refused_in_vietnamese(self):
        page = self.open("a-secretary", "/co-quan-a/@@iso-report?from=2025-13-01")
        self.assertEqual(page.headers["status"].split()[0], "400")
        self.assertIn("Ngày “2025-13-01” không hợp lệ", page.contents)
        self.assertNotIn('id="eiso-report-documents"', page.contents)
        page = self.open("a-secretary", "/co-quan-a/@@iso-report.xlsx?from=2025-06-01&to=2025-01-01")
        self.assertEqual(page.headers["status"].split()[0], "400")
        self.assertIn("Ngày kết thúc kỳ báo cáo ở trước ngày bắt đầu.", page.contents)

    def test_excel_has_the_same_figures(self):
        page = self.open("a-secretary", f"/co-quan-a/@@iso-report.xlsx?{PERIOD}")
        self.assertEqual(page.headers["status"].split()[0], "200")
        self.assertIn("spreadsheetml", page.headers["content-type"])
        self.assertIn("bao-cao-iso-2025-01-01-2025-06-30.xlsx",
                      page.headers["content-disposition"])
        rows = sheet_rows(page.contents)
        self.assertEqual(rows[0][0], "Báo cáo kết quả thực hiện ISO của Sở Thông tin và Truyền thông")
        self.assertEqual(rows[1][0], "Từ ngày 01/01/2025 đến ngày 30/06/2025")
        header, body = table_after(rows, "Tài liệu kiểm soát theo trạng thái")
        self.assertEqual(header[0], "Cơ quan")
        self.assertEqual(header[-1], "Tổng cộng")
        by_state = EXPECTED_A["documents"]["by_state"]
        self.assertEqual(body, [[A_TITLE] + list(by_state.values()) + [4]])
        header, body = table_after(rows, "Giải quyết thủ tục hành chính (một cửa)")
        self.assertEqual(header[1:], ["Số tháng có số liệu", "Tiếp nhận", "Đúng hạn", "Trễ hạn",
                                      "Đang giải quyết", "Tỷ lệ đúng hạn"])
        self.assertEqual(body, [[A_TITLE, 2, 15, 7, 3, 2, 70.0]])
        _header, body = table_after(rows, "Sự không phù hợp")
        self.assertEqual(body, [[A_TITLE, 3, 1, 2]])
        _header, body = table_after(rows, "Ý kiến phản ánh, kiến nghị")
        self.assertEqual(body, [[A_TITLE, 2, 2]])
        _header, body = table_after(rows, "Kết quả chấm điểm công bố gần nhất")
        self.assertEqual(body, [[A_TITLE, 2024, 75, "Khá"]])

    def test_pdf_has_the_same_figures(self):
        page = self.open("a-leader", f"/co-quan-a/@@iso-report.pdf?{PERIOD}")
        self.assertEqual(page.headers["status"].split()[0], "200")
        self.assertEqual(page.headers["content-type"], "application/pdf")
        self.assertTrue(page.contents.startswith(b"%PDF"))
        text = pdf_text(page.contents)
        # Vietnamese glyphs render (extracted back as the same characters).
        self.assertIn("Báo cáo kết quả thực hiện ISO của Sở Thông tin và Truyền thông", text)
        self.assertIn("Từ ngày 01/01/2025 đến ngày 30/06/2025", text)
        self.assertIn("Giải quyết thủ tục hành chính (một cửa)", text)
        self.assertIn(f"{A_TITLE} 1 0 0 0 2 1 4", text)  # documents by state
        self.assertIn(f"{A_TITLE} 2 15 7 3 2 70,0 %", text)  # TTHC
        self.assertIn(f"{A_TITLE} 3 1 2", text)  # nonconformities
        self.assertIn(f"{A_TITLE} 3 2 1 50,0 %", text)  # objectives: 1 of 2 measured
        self.assertIn(f"{A_TITLE} 2024 75 Khá", text)
        self.assertNotIn(SECRET, text)

    def test_rest_returns_the_same_figures(self):
        session = RestSession(self.portal, "a-secretary")
        response = session.get(f"/co-quan-a/@iso-report?{PERIOD}")
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["period"], {"from": "2025-01-01", "to": "2025-06-30"})
        self.assertEqual(data["agency"], {"id": "co-quan-a", "title": A_TITLE})
        for area, expected in EXPECTED_A.items():
            self.assertEqual(data["indicators"][area], expected, area)
        self.assertEqual(data["indicators"]["cases"]["overdue"], 1)
        response = session.get("/co-quan-a/@iso-report?from=01-01-2025")
        self.assertEqual(response.status_code, 400)
        self.assertIn("không hợp lệ", response.json()["error"]["message"])
        response = session.get("/co-quan-a/@iso-report?from=2025-01-01&from=2025-02-01")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["message"],
                         "Hãy nhập một ngày bắt đầu và một ngày kết thúc.")
        session.close()

    def test_who_may_see_it(self):
        for user in ("a-secretary", "a-leader", "a-admin"):
            for view in ("@@iso-report", "@@iso-report.xlsx", "@@iso-report.pdf"):
                page = self.open(user, f"/co-quan-a/{view}?{PERIOD}")
                self.assertEqual(page.headers["status"].split()[0], "200", (user, view))
        page = self.open(SITE_OWNER_NAME, f"/co-quan-a/@@iso-report?{PERIOD}",
                         SITE_OWNER_PASSWORD)
        self.assertEqual(page.headers["status"].split()[0], "200")
        for user in ("a-staff", "a-head", "a-documents", "a-hr", "b-admin", "b-leader",
                     "b-staff", "assessor", None):
            for view in ("@@iso-report", "@@iso-report.xlsx", "@@iso-report.pdf"):
                page = self.open(user, f"/co-quan-a/{view}?{PERIOD}")
                self.assertTrue(refused(page), (user, view, page.headers["status"]))
                self.assertNotIn("70,0 %", page.contents if isinstance(page.contents, str)
                                 else page.contents.decode("utf-8", "replace"))
        for user in ("a-staff", "b-leader", "assessor", None):
            session = RestSession(self.portal, user)
            response = session.get(f"/co-quan-a/@iso-report?{PERIOD}")
            self.assertIn(response.status_code, (401, 403, 404), user)
            self.assertNotIn("indicators", response.text)
            session.close()

    def test_agency_b_sees_only_its_own(self):
        page = self.open("b-leader", f"/co-quan-b/@@iso-report?{PERIOD}")
        self.assertEqual(page.headers["status"].split()[0], "200")
        self.assertIn(B_TITLE, page.contents)
        self.assertNotIn(A_TITLE, page.contents)
        section = page.contents.split('id="eiso-report-services"')[1].split("</section>")[0]
        self.assertIn("75,0 %", section)
        self.assertNotIn("70,0 %", page.contents)


class TestProvinceReport(ReportTestCase):
    def test_assessor_sees_every_agency_and_the_total(self):
        page = self.open("assessor", f"/@@iso-report?{PERIOD}")
        self.assertEqual(page.headers["status"].split()[0], "200")
        html = page.contents
        self.assertIn("Báo cáo kết quả thực hiện ISO toàn tỉnh", html)
        section = html.split('id="eiso-report-services"')[1].split("</section>")[0]
        rows = section.split("<tbody>")[1].split("</tr>")[:-1]
        self.assertEqual(len(rows), 3)
        self.assertIn(A_TITLE, rows[0])
        self.assertIn("70,0 %", rows[0])
        self.assertIn(B_TITLE, rows[1])
        self.assertIn("75,0 %", rows[1])
        self.assertIn("Toàn tỉnh", rows[2])
        self.assertIn("71,4 %", rows[2])  # 10 on time of 14 resolved
        # Nothing of the agencies but their titles and figures: no item title, no link.
        self.assertNotIn(SECRET, html)
        self.assertNotIn(self.a.absolute_url() + "/", html.split('id="eiso-report-period"')[1])

    def test_exports_and_rest(self):
        page = self.open("assessor", f"/@@iso-report.xlsx?{PERIOD}")
        self.assertIn("bao-cao-iso-toan-tinh-2025-01-01-2025-06-30.xlsx",
                      page.headers["content-disposition"])
        rows = sheet_rows(page.contents)
        _header, body = table_after(rows, "Ý kiến phản ánh, kiến nghị")
        self.assertEqual(body, [[A_TITLE, 2, 2], [B_TITLE, 1, 0], ["Toàn tỉnh", 3, 2]])
        _header, body = table_after(rows, "Kết quả chấm điểm công bố gần nhất")
        self.assertEqual(body, [[A_TITLE, 2024, 75, "Khá"], [B_TITLE, "—", "—", "—"]])
        self.assertNotIn(SECRET, str(rows))
        page = self.open("assessor", f"/@@iso-report.pdf?{PERIOD}")
        text = pdf_text(page.contents)
        self.assertIn(A_TITLE, text)
        self.assertIn(B_TITLE, text)
        self.assertIn(f"{A_TITLE} 2 2 {B_TITLE} 1 0 Toàn tỉnh 3 2", text)  # feedback
        self.assertNotIn(SECRET, text)
        session = RestSession(self.portal, "assessor")
        data = session.get(f"/@iso-report?{PERIOD}").json()
        session.close()
        self.assertEqual([row["id"] for row in data["agencies"]], ["co-quan-a", "co-quan-b"])
        self.assertEqual(data["agencies"][0]["indicators"]["services"],
                         EXPECTED_A["services"])
        self.assertEqual(data["total"]["feedback"], {"received": 3, "handled": 2})
        self.assertNotIn(SECRET, str(data))

    def test_who_may_see_it(self):
        page = self.open(SITE_OWNER_NAME, f"/@@iso-report?{PERIOD}", SITE_OWNER_PASSWORD)
        self.assertEqual(page.headers["status"].split()[0], "200")
        for user in ("a-admin", "a-secretary", "a-leader", "b-leader", "b-staff", None):
            for view in ("@@iso-report", "@@iso-report.xlsx", "@@iso-report.pdf"):
                page = self.open(user, f"/{view}?{PERIOD}")
                self.assertTrue(refused(page), (user, view, page.headers["status"]))
            session = RestSession(self.portal, user)
            response = session.get(f"/@iso-report?{PERIOD}")
            self.assertIn(response.status_code, (401, 403), user)
            session.close()

    def test_overview_shows_the_year_figures(self):
        page = self.open("assessor", "/@@province-overview?year=2025")
        table = page.contents.split('id="eiso-overview-table"')[1].split("</table>")[0]
        row_a = table.split(A_TITLE)[1].split("</tr>")[0]
        rate = row_a.split("eiso-overview-services-rate")[1].split(">", 1)[1].split("<")[0]
        feedback = row_a.split("eiso-overview-feedback-year")[1].split(">", 1)[1].split("<")[0]
        # The whole of 2025: Jan, Jun, Jul statistics (107 on time of 110); feedback
        # received 01/01, 03/03, 01/07 and closed 15/01, 30/06.
        self.assertEqual(rate.strip(), "97,3 %")
        self.assertEqual(feedback.strip(), "3 / 2")
        row_b = table.split(B_TITLE)[1].split("</tr>")[0]
        self.assertIn("75,0 %", row_b)
        self.assertNotIn(SECRET, page.contents)


class TestLinks(ReportTestCase):
    def test_agency_home_links_the_report_for_those_who_may(self):
        for user, shown in (("a-secretary", True), ("a-leader", True), ("a-staff", False),
                            ("a-head", False)):
            page = self.open(user, "/co-quan-a")
            self.assertEqual('id="eiso-iso-report-link"' in page.contents, shown, user)

    def test_province_overview_links_the_province_report(self):
        page = self.open("assessor", "/@@province-overview?year=2025")
        self.assertIn("/@@iso-report?from=2025-01-01&amp;to=2025-12-31", page.contents)
        self.assertIn("Báo cáo kết quả thực hiện ISO", page.contents)
