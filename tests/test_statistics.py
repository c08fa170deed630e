"""One-stop-shop statistics (ServiceStatistics): rules, import, REST, page, isolation."""

from eiso.content.fields import create_content
from eiso.content.service_statistics import check_rows
from eiso.content.service_statistics import on_time_rate
from eiso.content.service_statistics import totals_of
from eiso.statistics.importer import COLUMNS
from eiso.statistics.importer import import_file
from eiso.legal.importer import ImportFileError
from eiso.testing import browser
from eiso.testing import denied
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import RestSession
from io import BytesIO
from plone import api
from plone.app.testing import login
from zope.i18n import translate

import base64
import openpyxl
import transaction
import unittest


HEADER = [header for name, header in COLUMNS]
ENGLISH = ["year", "month", "field", "received", "on_time", "late", "pending"]
TAX = "Tài chính – Kế hoạch"
JUSTICE = "Tư pháp"
# Known fixtures: January 9 on time of 10 resolved (90 %), February 18 of 20 resolved...
ROWS = [
    [2025, 1, TAX, 12, 8, 1, 3],
    [2025, 1, JUSTICE, 5, 4, 0, 1],
    [2025, 2, TAX, 20, 15, 2, 3],
    [2025, 2, JUSTICE, 6, 3, 3, 0],
]


def csv_bytes(rows):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()



def vi(message):
    return translate(message, target_language="vi")


class TestRules(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_rate_and_totals(self):
        self.assertEqual(on_time_rate(9, 1), 90.0)
        self.assertEqual(on_time_rate(2, 1), 66.7)
        self.assertIsNone(on_time_rate(0, 0))
        rows = [{"field": TAX, "received": 12, "on_time": 8, "late": 1, "pending": 3},
                {"field": JUSTICE, "received": 5, "on_time": 4, "late": 0, "pending": 1}]
        self.assertEqual(totals_of(rows), {"received": 17, "on_time": 12, "late": 1,
                                           "pending": 4, "rate": 92.3})

    def test_rows_checked_by_row(self):
        problems = check_rows([
            {"field": TAX, "received": 1, "on_time": 1, "late": 0, "pending": 0},
            {"field": TAX, "received": 1, "on_time": 0, "late": 0, "pending": 0},
            {"field": None, "received": -1, "on_time": 0, "late": 0, "pending": 0},
        ])
        self.assertEqual([vi(p) for p in problems], [
            "Dòng 2: lĩnh vực “Tài chính – Kế hoạch” trùng với dòng 1.",
            "Dòng 3: chưa chọn lĩnh vực.",
            "Dòng 3: “Tiếp nhận” phải là số nguyên từ 0 đến 1.000.000.",
        ])


class TestImport(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["thu-tuc"]
        login(self.portal, "a-secretary")

    def errors(self, rows, filename="so-lieu.csv"):
        data = csv_bytes(rows) if filename.endswith(".csv") else xlsx_bytes(rows)
        result = import_file(self.section, filename, data)
        self.assertEqual(result.created, [])
        self.assertEqual(self.section.objectIds(), [])
        return [(e.row, e.column, vi(e.message)) for e in result.errors]

    def test_csv_creates_one_item_per_month(self):
        result = import_file(self.section, "so-lieu.csv", csv_bytes([HEADER] + ROWS))
        self.assertEqual(result.errors, [])
        self.assertEqual(sorted(self.section.objectIds()), ["2025-01", "2025-02"])
        january = self.section["2025-01"]
        self.assertEqual(january.Title(), "Số liệu giải quyết TTHC tháng 1/2025")
        self.assertEqual(january.totals(), {"received": 17, "on_time": 12, "late": 1,
                                            "pending": 4, "rate": 92.3})
        self.assertEqual(self.section["2025-02"].totals()["rate"], 78.3)

    def test_xlsx_with_english_headers(self):
        result = import_file(self.section, "so-lieu.xlsx", xlsx_bytes([ENGLISH] + ROWS[:2]))
        self.assertEqual(result.errors, [])
        self.assertEqual(self.section["2025-01"].rows[1],
                         {"field": JUSTICE, "received": 5, "on_time": 4, "late": 0, "pending": 1})

    def test_each_kind_of_bad_row(self):
        rows = [HEADER,
                [2025, 13, TAX, 1, 1, 0, 0],
                ["năm ngoái", 1, TAX, 1, 1, 0, 0],
                [2025, 1, "Thiên văn", 1, 1, 0, 0],
                [2025, 1, "", 1, 1, 0, 0],
                [2025, 1, TAX, -2, 1, 0, 0],
                [2025, 1, JUSTICE, 1, "2,5", 0, 0],
                [2025, 1, JUSTICE, 1, 1, 1000001, 0],
                [2025, 2, TAX, 1, 1, 0, 0],
                [2025, 2, TAX, 1, 1, 0, 0]]
        self.assertEqual(self.errors(rows), [
            (2, "Tháng", "Giá trị phải từ 1 đến 12."),
            (3, "Năm", "“năm ngoái” không phải là số nguyên."),
            (4, "Lĩnh vực", "Lĩnh vực “Thiên văn” không có trong danh mục lĩnh vực."),
            (5, "Lĩnh vực", "Chưa có lĩnh vực."),
            (6, "Tiếp nhận", "Giá trị phải từ 0 đến 1.000.000."),
            (7, "Đúng hạn", "“2,5” không phải là số nguyên."),
            (8, "Trễ hạn", "Giá trị phải từ 0 đến 1.000.000."),
            (8, "Lĩnh vực", "Lĩnh vực “Tư pháp” của tháng 1/2025 trùng với dòng 7."),
            (10, "Lĩnh vực", "Lĩnh vực “Tài chính – Kế hoạch” của tháng 2/2025 trùng với dòng 9."),
        ])

    def test_bad_rows_in_xlsx(self):
        self.assertEqual(self.errors([HEADER, [2025, 1, TAX, 1.5, 1, 0, 0]], "so-lieu.xlsx"),
                         [(2, "Tiếp nhận", "“1.5” không phải là số nguyên.")])

    def test_duplicate_period_refused(self):
        import_file(self.section, "so-lieu.csv", csv_bytes([HEADER] + ROWS[:2]))
        result = import_file(self.section, "so-lieu.csv", csv_bytes([HEADER] + ROWS))
        self.assertEqual([(e.row, e.column, vi(e.message)) for e in result.errors], [
            (2, "Tháng", "Số liệu tháng 1/2025 đã có: hãy sửa số liệu đó."),
        ])
        self.assertEqual(self.section.objectIds(), ["2025-01"])

    def test_file_errors(self):
        for filename, data, message in (
            ("so-lieu.txt", b"x", "Hãy chọn tệp CSV (.csv) hoặc Excel (.xlsx)."),
            ("so-lieu.csv", csv_bytes([["Năm", "Tháng"]]), None),
            ("so-lieu.csv", csv_bytes([HEADER]), "Tệp không có dòng số liệu nào dưới dòng tiêu đề."),
        ):
            with self.assertRaises(ImportFileError) as raised:
                import_file(self.section, filename, data)
            if message:
                self.assertEqual(vi(raised.exception.message), message)
        self.assertEqual(self.section.objectIds(), [])

    def test_form_invariant_refuses_duplicate_period(self):
        from z3c.form.validator import Data
        from eiso.content.service_statistics import IServiceStatisticsSchema

        create_content(self.section, "ServiceStatistics", name="2025-01", year=2025, month=1,
                       rows=[])
        errors = []
        data = Data(IServiceStatisticsSchema, {"year": 2025, "month": 1, "rows": []}, self.section)
        try:
            IServiceStatisticsSchema.validateInvariants(data, errors)
        except Exception:
            pass
        self.assertEqual([vi(e.args[0]) for e in errors],
                         ["Số liệu tháng 1/2025 đã có: hãy sửa số liệu đó."])
        # Editing the item itself is no duplicate.
        errors = []
        data = Data(IServiceStatisticsSchema, {"year": 2025, "month": 1, "rows": []},
                    self.section["2025-01"])
        IServiceStatisticsSchema.validateInvariants(data, errors)  # raises nothing
        self.assertEqual(errors, [])


class TestPages(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["thu-tuc"]
        self.url = self.section.absolute_url()

    def fill(self):
        with api.env.adopt_user(username="a-secretary"):
            result = import_file(self.section, "so-lieu.csv", csv_bytes([HEADER] + ROWS))
        self.assertEqual(result.errors, [])
        transaction.commit()

    def upload(self, page, filename, data):
        page.open(self.url + "/@@service-statistics-import")
        page.getControl(name="file").add_file(data, "text/csv", filename)
        page.getControl(name="form.import").click()
        self.assertEqual(page.headers["status"], "200 OK")

    def test_secretary_imports_through_the_form(self):
        page = browser(self.app, "a-secretary")
        self.upload(page, "so-lieu.xlsx", xlsx_bytes([HEADER] + ROWS))
        self.assertIn("Đã ghi nhận số liệu 2 tháng.", page.contents)
        page.getLink("Xem số liệu").click()
        self.assertIn("@@service-statistics-import", page.contents)  # the secretary's button
        transaction.begin()
        self.assertEqual(sorted(self.section.objectIds()), ["2025-01", "2025-02"])

    def test_template_download_fills_and_imports(self):
        page = browser(self.app, "a-secretary")
        page.open(self.url + "/@@service-statistics-import")
        page.getLink(id="eiso-import-template").click()
        self.assertIn("attachment", page.headers["Content-Disposition"])
        sheet = openpyxl.load_workbook(BytesIO(page.contents)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        self.assertEqual(rows[0], ["Năm", "Tháng", "Lĩnh vực", "Tiếp nhận", "Đúng hạn",
                                   "Trễ hạn", "Đang giải quyết"])
        self.assertGreaterEqual(len(rows), 2)
        # The user types the figures into the example rows and imports the file.
        rows[1][:2] = [2025, 3]
        rows[1][3:] = [10, 7, 1, 2]
        self.upload(page, "mau.xlsx", xlsx_bytes([rows[0], rows[1]]))
        self.assertIn("Đã ghi nhận số liệu 1 tháng.", page.contents)
        transaction.begin()
        self.assertEqual(self.section["2025-03"].rows[0]["received"], 10)
        for user_id in ("a-staff", "b-admin"):
            page = browser(self.app, user_id)
            page.open(self.url + "/@@service-statistics-template.xlsx")
            self.assertTrue(denied(page), user_id)

    def test_bad_rows_listed_nothing_created(self):
        page = browser(self.app, "a-secretary")
        self.upload(page, "so-lieu.csv", csv_bytes([HEADER, ROWS[0], [2025, 1, TAX, 1, 1, 0, 0]]))
        errors = page.contents.split('id="eiso-import-errors"')[1].split("</section>")[0]
        self.assertIn("<td>3</td>", errors)
        self.assertIn("trùng với dòng 2", errors)
        transaction.begin()
        self.assertEqual(self.section.objectIds(), [])

    def test_import_needs_the_authenticator_and_the_permission(self):
        page = browser(self.app, "a-secretary")
        page.post(self.url + "/@@service-statistics-import", "form.import=1")
        self.assertEqual(page.headers["status"].split()[0], "403")
        for user_id in ("a-staff", "b-admin"):
            page = browser(self.app, user_id)
            page.open(self.url + "/@@service-statistics-import")
            self.assertNotIn('name="form.import"', page.contents, user_id)
            self.assertTrue(denied(page), user_id)

    def test_page_shows_the_figures(self):
        self.fill()
        page = browser(self.app, "a-staff")
        page.open(self.url + "/@@service-statistics?year=2025")
        self.assertEqual(page.headers["status"], "200 OK")
        table = page.contents.split('id="eiso-statistics-months"')[1].split("</table>")[0]
        cells = [cell.split("<")[0].split(">")[-1] for cell in table.split("<td")[1:]]
        cells = [c.strip() for c in table.replace("</a>", "").split("<td") if c][1:]
        text = " ".join(part.split(">", 1)[1].split("<")[0].strip() for part in cells)
        self.assertIn("17 12 1 4 92,3 %", text)
        self.assertIn("26 18 5 3 78,3 %", text)
        self.assertIn("43 30 6 7 83,3 %", text)
        fields = page.contents.split('id="eiso-statistics-chart-fields"')[1].split("</section>")[0]
        self.assertIn("Tài chính – Kế hoạch", fields)
        self.assertIn("88,5 %", fields)  # 23 of 26
        self.assertIn("70,0 %", fields)  # 7 of 10
        self.assertIn("width: 88.5%", fields)
        page.open(self.url)
        self.assertIn("@@service-statistics", page.getLink(id="eiso-service-statistics-link").url)
        page.open(self.url + "/@@service-statistics?year=2025")
        # No import button for the staff.
        self.assertNotIn("@@service-statistics-import", page.contents)

    def test_other_agency_sees_nothing(self):
        self.fill()
        page = browser(self.app, "b-admin")
        page.open(self.url + "/@@service-statistics?year=2025")
        self.assertNotIn("92,3 %", page.contents)
        self.assertTrue(denied(page))
        page.open(self.url + "/2025-01")
        self.assertTrue(denied(page))
        self.assertNotIn("Tài chính – Kế hoạch", page.contents)
        with api.env.adopt_user(username="b-admin"):
            self.assertEqual(len(api.content.find(portal_type="ServiceStatistics")), 0)
        with api.env.adopt_user(username="a-staff"):
            self.assertEqual(len(api.content.find(portal_type="ServiceStatistics")), 2)
        session = RestSession(self.portal, "b-admin")
        self.assertEqual(session.get("/co-quan-a/thu-tuc/2025-01").status_code, 401)
        session.close()


class TestRest(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["thu-tuc"]
        self.session = RestSession(self.portal, "a-secretary")

    def tearDown(self):
        self.session.close()

    def row(self, **changes):
        row = {"field": TAX, "received": 12, "on_time": 8, "late": 1, "pending": 3}
        row.update(changes)
        return row

    def test_create_with_rows(self):
        response = self.session.post("/co-quan-a/thu-tuc", json={
            "@type": "ServiceStatistics", "year": 2025, "month": 3, "rows": [self.row()]})
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["id"], "2025-03")
        transaction.begin()
        item = self.section[response.json()["id"]]
        self.assertEqual(item.totals()["rate"], 88.9)

    def test_bad_rows_and_duplicates_are_400(self):
        for rows, message in (
            ([self.row(), self.row()], "Dòng 2: lĩnh vực “Tài chính – Kế hoạch” trùng với dòng 1."),
            ([self.row(late=-1)], None),
            ([self.row(field="Thiên văn")], None),
        ):
            response = self.session.post("/co-quan-a/thu-tuc", json={
                "@type": "ServiceStatistics", "year": 2025, "month": 3, "rows": rows})
            self.assertEqual(response.status_code, 400, rows)
            if message:
                self.assertIn(message, response.json()["message"])
        response = self.session.post("/co-quan-a/thu-tuc", json={
            "@type": "ServiceStatistics", "year": 2025, "month": 3, "rows": [self.row()]})
        self.assertEqual(response.status_code, 201)
        response = self.session.post("/co-quan-a/thu-tuc", json={
            "@type": "ServiceStatistics", "year": 2025, "month": 3, "rows": [self.row()]})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Số liệu tháng 3/2025 đã có: hãy sửa số liệu đó.", response.json()["message"])
        transaction.begin()
        self.assertEqual(len(self.section.objectIds()), 1)

    def test_import_service(self):
        payload = {"filename": "so-lieu.xlsx",
                   "data": base64.b64encode(xlsx_bytes([HEADER] + ROWS)).decode()}
        response = self.session.post("/co-quan-a/thu-tuc/@service-statistics-import", json=payload)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual([(i["year"], i["month"]) for i in response.json()["items"]],
                         [(2025, 1), (2025, 2)])
        # The same file again: every month is taken.
        response = self.session.post("/co-quan-a/thu-tuc/@service-statistics-import", json=payload)
        self.assertEqual(response.status_code, 400)
        answer = response.json()
        self.assertEqual(answer["message"],
                         "Chưa nhập số liệu nào: hãy sửa các dòng dưới đây rồi nhập lại tệp.")
        self.assertEqual([e["row"] for e in answer["errors"]], [2, 4])
        response = self.session.post("/co-quan-a/thu-tuc/@service-statistics-import",
                                     json={"filename": "a.csv", "data": "không phải base64"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["message"], "Dữ liệu của tệp không đúng dạng base64.")
        response = self.session.post("/co-quan-a/thu-tuc/@service-statistics-import", json={})
        self.assertEqual(response.status_code, 400)
        staff = RestSession(self.portal, "a-staff")
        response = staff.post("/co-quan-a/thu-tuc/@service-statistics-import", json=payload)
        self.assertIn(response.status_code, (401, 403))
        staff.close()
        transaction.begin()
        self.assertEqual(sorted(self.section.objectIds()), ["2025-01", "2025-02"])
