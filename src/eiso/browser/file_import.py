"""The pages that import a list of items from a CSV or Excel file into a section.

Legal texts (``van-ban/@@import-legal-documents``) and one-stop-shop statistics
(``thu-tuc/@@service-statistics-import``) share them: the upload form (POST with
the CSRF authenticator), all-or-nothing (any row with a problem: nothing is kept
and every problem is listed with its line and column), the list of what was
created, and the Excel template to fill in. A subclass names its section, its
columns, its importer and how a created item is listed.
"""

from eiso import _
from eiso.legal.importer import ImportFileError
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zope.i18n import translate

import transaction


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_workbook(title, headers, rows):
    """An Excel file of one sheet: bold headers, the rows wrapped at the top of their
    cells, the header row frozen (the section exports: staff profiles, risks)."""
    from io import BytesIO
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    stream = BytesIO()
    book.save(stream)
    return stream.getvalue()


class SectionPage(BrowserView):
    """A page that exists only on one section of an agency (404 elsewhere)."""

    section_id = None

    def check_section(self):
        if self.context.getId() != self.section_id:
            raise NotFound(self.context, self.__name__, self.request)


class FileImportView(SectionPage):
    """Subclasses set ``section_id``, ``columns_spec`` ((name, header), …),
    ``template_name`` and implement ``import_file``, ``describe`` and
    ``success_message``."""

    columns_spec = ()
    template_name = None

    def __call__(self):
        self.check_section()
        self.error = None
        self.errors = []
        self.created = []
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            self.handle_post()
        return self.index()

    def import_file(self, filename, data):
        """The importer's result (``created``, ``errors``); may raise ImportFileError."""
        raise NotImplementedError

    def describe(self, item):
        """A created item as the page lists it (a dict)."""
        raise NotImplementedError

    def success_message(self, count):
        raise NotImplementedError

    def _translate(self, message):
        return translate(message, context=self.request)

    def handle_post(self):
        upload = self.request.form.get("file")
        filename = getattr(upload, "filename", None)
        if not filename:
            self.error = self._translate(_("Choose the file to import."))
            return
        try:
            result = self.import_file(filename, upload.read())
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
        self.created = [self.describe(item) for item in result.created]
        api.portal.show_message(self.success_message(len(self.created)), self.request)

    def columns(self):
        return [header for name, header in self.columns_spec]

    def template_url(self):
        return f"{self.context.absolute_url()}/@@{self.template_name}"


class ImportTemplateView(SectionPage):
    """The Excel file to fill in: subclasses set ``section_id`` and ``filename``
    and implement ``workbook()`` (the file's bytes)."""

    filename = None

    def workbook(self):
        raise NotImplementedError

    def __call__(self):
        self.check_section()
        data = self.workbook()
        response = self.request.response
        response.setHeader("Content-Type", XLSX)
        response.setHeader("Content-Disposition", f'attachment; filename="{self.filename}"')
        response.setHeader("Content-Length", str(len(data)))
        return data
