"""@@service-statistics-import and @@service-statistics on the ``thu-tuc`` section."""

from eiso import _
from eiso.browser.file_import import FileImportView
from eiso.browser.file_import import ImportTemplateView
from eiso.browser.file_import import SectionPage
from eiso.content.service_statistics import on_time_rate
from eiso.content.service_statistics import PORTAL_TYPE
from eiso.content.service_statistics import SECTION_ID
from eiso.content.service_statistics import totals_of
from eiso.statistics.importer import COLUMNS
from eiso.statistics.importer import import_file
from eiso.statistics.importer import template_workbook
from plone import api

import datetime


class _SectionView(SectionPage):
    section_id = SECTION_ID


class StatisticsImportView(FileImportView):
    section_id = SECTION_ID
    columns_spec = COLUMNS
    template_name = "service-statistics-template.xlsx"

    def import_file(self, filename, data):
        return import_file(self.context, filename, data)

    def describe(self, item):
        return {"title": item.Title(), "url": item.absolute_url()}

    def success_message(self, count):
        return _("${count} months of statistics were recorded.", mapping={"count": count})


class ImportTemplate(ImportTemplateView):
    """The Excel file to fill in and import: headers and example rows."""

    section_id = SECTION_ID
    filename = "mau-so-lieu-tthc.xlsx"

    def workbook(self):
        return template_workbook(self.context)


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
