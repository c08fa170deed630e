"""@@service-statistics-import and @@service-statistics on the ``thu-tuc`` section."""

from eiso import _
from eiso.content.service_statistics import on_time_rate
from eiso.content.service_statistics import PORTAL_TYPE
from eiso.content.service_statistics import SECTION_ID
from eiso.content.service_statistics import totals_of
from eiso.statistics.importer import COLUMNS
from eiso.statistics.importer import import_file
from eiso.statistics.importer import template_workbook
from eiso.legal.importer import ImportFileError
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zope.i18n import translate

import datetime
import transaction


class _SectionView(BrowserView):
    def check_section(self):
        if self.context.getId() != SECTION_ID:
            raise NotFound(self.context, self.__name__, self.request)


class StatisticsImportView(_SectionView):
    def __call__(self):
        self.check_section()
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
            transaction.doom()
            return
        self.created = [{"title": item.Title(), "url": item.absolute_url()}
                        for item in result.created]
        api.portal.show_message(
            _("${count} months of statistics were recorded.",
              mapping={"count": len(self.created)}), self.request)

    def columns(self):
        return [header for name, header in COLUMNS]

    def template_url(self):
        return f"{self.context.absolute_url()}/@@service-statistics-template.xlsx"


class ImportTemplate(_SectionView):
    """The Excel file to fill in and import: headers and example rows."""

    def __call__(self):
        self.check_section()
        data = template_workbook(self.context)
        response = self.request.response
        response.setHeader(
            "Content-Type",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response.setHeader(
            "Content-Disposition", 'attachment; filename="mau-so-lieu-tthc.xlsx"')
        response.setHeader("Content-Length", str(len(data)))
        return data


def bar_width(rate):
    return 0 if rate is None else max(0, min(100, rate))


def format_rate(rate):
    return "–" if rate is None else f"{rate:.1f} %".replace(".", ",")


class StatisticsView(_SectionView):
    """The year's figures: a table by month and the on-time rate by month and field."""

    def __call__(self):
        self.check_section()
        self.items = self._items()
        self.years = sorted({item.year for item in self._all()}, reverse=True)
        return self.index()

    def _all(self):
        if not hasattr(self, "_all_items"):
            self._all_items = [
                brain.getObject() for brain in api.content.find(
                    context=self.context, portal_type=PORTAL_TYPE)
            ]
        return self._all_items

    def year(self):
        value = self.request.form.get("year")
        try:
            return int(value)
        except (TypeError, ValueError):
            years = sorted({item.year for item in self._all()})
            return years[-1] if years else datetime.date.today().year

    def _items(self):
        year = self.year()
        return sorted((item for item in self._all() if item.year == year),
                      key=lambda item: item.month)

    def months(self):
        rows = []
        for item in self.items:
            totals = item.totals()
            rows.append(dict(totals, month=item.month, url=item.absolute_url(),
                             rate_text=format_rate(totals["rate"]),
                             width=bar_width(totals["rate"])))
        return rows

    def year_totals(self):
        rows = [row for item in self.items for row in item.rows or ()]
        totals = totals_of(rows)
        totals["rate_text"] = format_rate(totals["rate"])
        return totals

    def fields(self):
        by_field = {}
        for item in self.items:
            for row in item.rows or ():
                by_field.setdefault(row["field"], []).append(row)
        result = []
        for field, rows in sorted(by_field.items()):
            totals = totals_of(rows)
            result.append(dict(totals, field=field, rate_text=format_rate(totals["rate"]),
                               width=bar_width(totals["rate"])))
        return result

    def can_import(self):
        return api.user.has_permission("eiso: Add ServiceStatistics", obj=self.context)


__all__ = ["ImportTemplate", "StatisticsImportView", "StatisticsView", "on_time_rate"]
