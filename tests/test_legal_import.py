"""Importing a list of legal documents from CSV or XLSX: all rows or none."""

from datetime import date
from datetime import datetime
from eiso.content.legal_document import create_legal_document
from eiso.legal.importer import COLUMNS
from eiso.legal.importer import import_file
from eiso.legal.importer import ImportFileError
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from io import BytesIO
from plone import api
from plone.app.testing import login
from zope.i18n import translate

import openpyxl
import transaction
import unittest


HEADER = [header for name, header in COLUMNS]
ROWS = [
    ["19/2014/QĐ-TTg", "Áp dụng HTQLCL TCVN ISO 9001:2008 vào cơ quan hành chính",
     "Quyết định", "Thủ tướng Chính phủ", "05/03/2014", "20/04/2014",
     "Hệ thống quản lý chất lượng (ISO)", "", ""],
    ["26/2014/TT-BKHCN", "Hướng dẫn thi hành Quyết định 19/2014/QĐ-TTg",
     "thông tư", "Bộ Khoa học và Công nghệ", "10/10/2014", "01/12/2014", "", "", ""],
    ["101/QĐ-BKHCN", "Mô hình khung HTQLCL theo TCVN ISO 9001:2015",
     "Quyết định", "Bộ Khoa học và Công nghệ", "21/01/2019", "21/01/2019", "",
     "26/2014/TT-BKHCN", "19/2014/QĐ-TTg"],
]


def csv_bytes(rows, delimiter=",", bom=True):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(row)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def vi(message):
    return translate(message, target_language="vi")


class TestImport(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["van-ban"]
        login(self.portal, "a-legal")

    def numbers(self):
        return sorted(item.number for item in self.section.objectValues())

    def errors(self, rows, **kw):
        result = import_file(self.section, "van-ban.csv", csv_bytes([HEADER] + rows, **kw))
        self.assertEqual(result.created, [])
        self.assertEqual(self.numbers(), [], "nothing is created when a row is wrong")
        return [(e.row, e.column, vi(e.message)) for e in result.errors]

    def check_created(self, result):
        self.assertEqual(result.errors, [])
        self.assertEqual(
            [item.number for item in result.created],
            ["19/2014/QĐ-TTg", "26/2014/TT-BKHCN", "101/QĐ-BKHCN"],
        )
        old, circular, new = result.created
        self.assertEqual(old.legal_kind, "Quyết định")
        self.assertEqual(circular.legal_kind, "Thông tư")  # spelt as configured
        self.assertEqual(old.signed_date, date(2014, 3, 5))
        self.assertEqual(old.effective_date, date(2014, 4, 20))
        self.assertEqual(old.summary, ROWS[0][1])
        self.assertEqual(old.field, "Hệ thống quản lý chất lượng (ISO)")
        self.assertEqual(old.issuer, "Thủ tướng Chính phủ")
        self.assertEqual([r.to_object for r in new.replaces], [old])
        self.assertEqual([r.to_object for r in new.amends], [circular])
        self.assertEqual(api.content.get_state(old), "expired")
        self.assertEqual(api.content.get_state(circular), "partly_expired")
        self.assertEqual(api.content.get_state(new), "in_force")
        self.assertEqual(
            [r.from_object for r in api.relation.get(target=old, relationship="replaces")], [new]
        )
        self.assertEqual(api.content.find(code="101/QĐ-BKHCN")[0].review_state, "in_force")

    def test_csv_with_bom_and_commas(self):
        self.check_created(import_file(self.section, "van-ban.csv", csv_bytes([HEADER] + ROWS)))

    def test_csv_without_bom_with_semicolons(self):
        data = csv_bytes([HEADER] + ROWS, delimiter=";", bom=False)
        self.check_created(import_file(self.section, "VAN-BAN.CSV", data))

    def test_xlsx_with_excel_dates(self):
        rows = [list(row) for row in ROWS]
        rows[0][4] = datetime(2014, 3, 5)
        rows[0][5] = date(2014, 4, 20)
        data = xlsx_bytes([["STT"] + HEADER] + [[n] + row for n, row in enumerate(rows, 1)])
        self.check_created(import_file(self.section, "van-ban.xlsx", data))

    def test_references_to_the_register(self):
        old = create_legal_document(self.section, number="19/2014/QĐ-TTg", legal_kind="Quyết định")
        row = ["101/QĐ-BKHCN", "", "Quyết định", "", "", "", "", "", "19/2014/qđ-ttg"]
        result = import_file(self.section, "a.csv", csv_bytes([HEADER, row]))
        self.assertEqual(result.errors, [])
        self.assertEqual(api.content.get_state(old), "expired")
        self.assertEqual(
            old.workflow_history["eiso_legal_workflow"][-1]["comments"],
            "Bị thay thế bởi 101/QĐ-BKHCN",
        )

    def test_missing_number(self):
        self.assertEqual(
            self.errors([ROWS[0], ["", "Không số", "Quyết định", "", "", "", "", "", ""]]),
            [(3, "Số ký hiệu", "Chưa nhập số ký hiệu.")],
        )

    def test_bad_dates(self):
        row = list(ROWS[0])
        row[4] = "31/02/2014"
        row2 = list(ROWS[1])
        row2[4], row2[5] = "10/10/2014", "01/10/2014"
        self.assertEqual(self.errors([row, row2]), [
            (2, "Ngày ban hành",
             "“31/02/2014” không phải là ngày: hãy ghi theo dạng dd/mm/yyyy, ví dụ 20/04/2014."),
            (3, "Ngày hiệu lực", "Ngày hiệu lực không được trước ngày ban hành."),
        ])

    def test_unknown_kind_and_field(self):
        row = list(ROWS[0])
        row[2] = "Sắc lệnh"
        row[6] = "Thiên văn"
        errors = self.errors([row])
        self.assertEqual([(r, c) for r, c, m in errors], [(2, "Loại văn bản"), (2, "Lĩnh vực")])
        self.assertTrue(errors[0][2].startswith("Loại văn bản “Sắc lệnh” không có trong danh mục: "))
        self.assertEqual(errors[1][2], "Lĩnh vực “Thiên văn” không có trong danh mục lĩnh vực.")

    def test_missing_kind(self):
        row = list(ROWS[0])
        row[2] = ""
        self.assertEqual(self.errors([row]), [(2, "Loại văn bản", "Chưa nhập loại văn bản.")])

    def test_duplicate_in_file(self):
        row = list(ROWS[1])
        row[0] = " 19/2014/qđ-ttg "
        self.assertEqual(self.errors([ROWS[0], row]), [
            (3, "Số ký hiệu", "Số ký hiệu 19/2014/qđ-ttg trùng với dòng 2."),
        ])

    def test_duplicate_in_register(self):
        create_legal_document(self.section, number="19/2014/QĐ-TTg", legal_kind="Quyết định")
        result = import_file(self.section, "a.csv", csv_bytes([HEADER, ROWS[0], ROWS[1]]))
        self.assertEqual(
            [(e.row, e.column, vi(e.message)) for e in result.errors],
            [(2, "Số ký hiệu", "Số ký hiệu 19/2014/QĐ-TTg đã có trong sổ văn bản.")],
        )
        self.assertEqual(self.numbers(), ["19/2014/QĐ-TTg"])

    def test_unknown_reference(self):
        row = list(ROWS[2])
        row[7] = "26/2014/TT-BKHCN; 99/2099/NĐ-CP"
        self.assertEqual(self.errors([ROWS[0], ROWS[1], row]), [
            (4, "Sửa đổi (số ký hiệu)",
             "Không có văn bản số 99/2099/NĐ-CP trong tệp hoặc trong sổ văn bản."),
        ])

    def test_file_problems(self):
        for filename, data, message in (
            ("van-ban.pdf", b"%PDF", "Hãy chọn tệp CSV (.csv) hoặc Excel (.xlsx)."),
            ("van-ban.csv", b"", "Tệp rỗng."),
            ("van-ban.csv", "Số ký hiệu,Loại văn bản\n1/QĐ,Quyết định\n".encode("utf-16"),
             "Tệp CSV không dùng bảng mã UTF-8: hãy lưu lại dưới dạng “CSV UTF-8”."),
            ("van-ban.xlsx", b"not a workbook", "Không đọc được tệp Excel (.xlsx)."),
            ("van-ban.csv", csv_bytes([HEADER]),
             "Tệp không có dòng văn bản nào dưới dòng tiêu đề."),
            ("van-ban.csv", csv_bytes([["Số ký hiệu", "Trích yếu"], ["1/QĐ", "X"]]),
             "Dòng 1 phải là dòng tiêu đề cột; còn thiếu: Loại văn bản."),
            ("van-ban.csv", csv_bytes([HEADER + ["Người ký"], ROWS[0] + ["A"]]),
             "Dòng 1: không nhận dạng được cột “Người ký”. Các cột gồm: "
             + ", ".join(HEADER) + "."),
        ):
            with self.subTest(message=message):
                with self.assertRaises(ImportFileError) as raised:
                    import_file(self.section, filename, data)
                self.assertEqual(vi(raised.exception.message), message)
        self.assertEqual(self.numbers(), [])


class TestImportPage(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.url = self.portal["co-quan-a"]["van-ban"].absolute_url()

    def upload(self, page, filename, data):
        page.open(self.url + "/@@import-legal-documents")
        page.getControl(name="file").add_file(data, "text/csv", filename)
        page.getControl(name="form.import").click()
        self.assertEqual(page.headers["status"], "200 OK")

    def test_legal_officer_imports(self):
        page = browser(self.app, "a-legal")
        page.open(self.url)
        self.assertIn("@@import-legal-documents", page.contents)
        self.upload(page, "van-ban.csv", csv_bytes([HEADER] + ROWS))
        self.assertIn("3 văn bản đã được thêm vào sổ.", page.contents)
        self.assertIn("Quyết định 101/QĐ-BKHCN", page.contents)
        transaction.begin()
        self.assertEqual(len(self.portal["co-quan-a"]["van-ban"].objectIds()), 3)
        page.open(self.url)
        self.assertIn("Hết hiệu lực một phần", page.contents)
        self.assertIn("26/2014/TT-BKHCN", page.contents)

    def test_errors_listed_nothing_created(self):
        page = browser(self.app, "a-legal")
        bad = list(ROWS[1])
        bad[4] = "10/13/2014"
        self.upload(page, "van-ban.csv", csv_bytes([HEADER, ROWS[0], bad]))
        errors = page.contents.split('id="eiso-import-errors"')[1].split("</section>")[0]
        self.assertIn("Chưa nhập văn bản nào", errors)
        self.assertIn("<td>3</td>", errors)
        self.assertIn("Ngày ban hành", errors)
        self.assertIn("“10/13/2014” không phải là ngày", errors)
        transaction.begin()
        self.assertEqual(self.portal["co-quan-a"]["van-ban"].objectIds(), [])

    def test_file_error_shown(self):
        page = browser(self.app, "a-legal")
        self.upload(page, "van-ban.txt", b"abc")
        self.assertIn("Hãy chọn tệp CSV (.csv) hoặc Excel (.xlsx).", page.contents)

    def test_template(self):
        page = browser(self.app, "a-legal")
        page.open(self.url + "/@@import-legal-documents")
        page.getLink(id="eiso-import-template").click()
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("spreadsheetml", page.headers["content-type"])
        data = page.contents
        data = data if isinstance(data, bytes) else data.encode("latin-1")
        rows = list(openpyxl.load_workbook(BytesIO(data)).active.iter_rows(values_only=True))
        self.assertEqual(list(rows[0]), HEADER)
        self.assertEqual(rows[1][0], "19/2014/QĐ-TTg")
        # The template imports as it is: its example row is a valid text.
        self.upload(page, "mau-nhap-van-ban.xlsx", data)
        self.assertIn("1 văn bản đã được thêm vào sổ.", page.contents)
        transaction.begin()
        item = self.portal["co-quan-a"]["van-ban"]["19-2014-qd-ttg"]
        self.assertEqual(item.signed_date, date(2014, 3, 5))

    def test_staff_and_other_agencies_cannot_import(self):
        for user_id in ("a-staff", "b-admin"):
            page = browser(self.app, user_id)
            page.open(self.url + "/@@import-legal-documents")
            self.assertIn("insufficient-privileges", page.url, user_id)
            self.assertNotIn('name="form.import"', page.contents)
        page = browser(self.app, "a-staff")
        page.open(self.url)
        self.assertNotIn("@@import-legal-documents", page.contents)

    def test_post_needs_the_authenticator(self):
        page = browser(self.app, "a-legal")
        page.post(self.url + "/@@import-legal-documents", "form.import=1")
        self.assertEqual(page.headers["status"].split()[0], "403")
