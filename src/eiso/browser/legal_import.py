"""@@import-legal-documents: register a list of legal texts from a CSV or XLSX file."""

from eiso import _
from eiso.browser.legal import SECTION_ID
from eiso.legal.importer import COLUMNS
from eiso.legal.importer import import_file
from eiso.legal.importer import ImportFileError
from eiso.utils import format_date
from io import BytesIO
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zope.i18n import translate

import datetime
import transaction


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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


class LegalDocumentsImportView(BrowserView):
    def __call__(self):
        if self.context.getId() != SECTION_ID:
            raise NotFound(self.context, self.__name__, self.request)
        self.error = None
        self.errors = []
        self.created = []
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            self.handle_post()
        return self.index()

    def _translate(self, message):
        return translate(message, context=self.request)

    def handle_post(self):
        upload = self.request.form.get("file")
        filename = getattr(upload, "filename", None)
        if not filename:
            self.error = self._translate(_("Choose the file to import."))
            return
        try:
            result = import_file(self.context, filename, upload.read())
        except ImportFileError as problem:
            self.error = self._translate(problem.message)
            return
        if result.errors:
            self.errors = [
                {"row": e.row, "column": e.column, "message": self._translate(e.message)}
                for e in result.errors
            ]
            # Nothing was created; make sure nothing half-done is kept either.
            transaction.doom()
            return
        self.created = [
            {
                "number": item.number,
                "title": item.Title(),
                "url": item.absolute_url(),
                "signed": format_date(item.signed_date),
                "state": api.content.get_state(item),
            }
            for item in result.created
        ]
        api.portal.show_message(
            _("${count} legal documents were added to the register.",
              mapping={"count": len(self.created)}),
            self.request,
        )

    def columns(self):
        return [header for name, header in COLUMNS]

    def template_url(self):
        return f"{self.context.absolute_url()}/@@legal-documents-template.xlsx"


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


class ImportTemplate(BrowserView):
    def __call__(self):
        if self.context.getId() != SECTION_ID:
            raise NotFound(self.context, self.__name__, self.request)
        data = template_workbook()
        response = self.request.response
        response.setHeader("Content-Type", XLSX)
        response.setHeader(
            "Content-Disposition", 'attachment; filename="mau-nhap-van-ban.xlsx"'
        )
        response.setHeader("Content-Length", str(len(data)))
        return data
