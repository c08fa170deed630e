"""@@import-legal-documents: register a list of legal texts from a CSV or XLSX file."""

from eiso import _
from eiso.browser.file_import import FileImportView
from eiso.browser.file_import import ImportTemplateView
from eiso.browser.legal import SECTION_ID
from eiso.legal.importer import COLUMNS
from eiso.legal.importer import import_file
from eiso.utils import format_date
from io import BytesIO
from plone import api

import datetime

# An example row of the template.
EXAMPLE = (
    "19/2014/QĐ-TTg",
    "Về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia "
    "TCVN ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống "
    "hành chính nhà nước",
    "Quyết định",
    "Thủ tướng Chính phủ",
    datetime.date(2014, 3, 5),
    datetime.date(2014, 4, 20),
    "Hệ thống quản lý chất lượng (ISO)",
    "",
    "",
)


class LegalDocumentsImportView(FileImportView):
    section_id = SECTION_ID
    columns_spec = COLUMNS
    template_name = "legal-documents-template.xlsx"

    def import_file(self, filename, data):
        return import_file(self.context, filename, data)

    def describe(self, item):
        return {
            "number": item.number,
            "title": item.Title(),
            "url": item.absolute_url(),
            "signed": format_date(item.signed_date),
            "state": api.content.get_state(item),
        }

    def success_message(self, count):
        return _("${count} legal documents were added to the register.",
                 mapping={"count": count})


def template_workbook():
    """The import template: the Vietnamese header row and one example row."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Văn bản"
    sheet.append([header for name, header in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(list(EXAMPLE))
    for cell in sheet[2][4:6]:
        cell.number_format = "DD/MM/YYYY"
    for letter, width in zip("ABCDEFGHI", (18, 60, 16, 28, 14, 14, 30, 24, 24)):
        sheet.column_dimensions[letter].width = width
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


class ImportTemplate(ImportTemplateView):
    section_id = SECTION_ID
    filename = "mau-nhap-van-ban.xlsx"

    def workbook(self):
        return template_workbook()
