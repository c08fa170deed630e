"""``@@iso-report`` (page), ``@@iso-report.xlsx`` and ``@@iso-report.pdf`` on an agency
(``eiso: View ISO report``: its leaders, ISO secretaries and administrators) and on the
site root (``eiso: View province ISO report``: the superior agency's Assessors and the
portal's administrators), for the period ``?from=YYYY-MM-DD&to=YYYY-MM-DD``.

The province's report lists every agency by an unrestricted catalog search and shows
only the figures of :func:`eiso.reporting.indicators.agency_indicators` and the
agencies' titles — no item of an agency, no link into one.
"""

from datetime import date
from eiso import _
from eiso.reporting import exports
from eiso.reporting.report import parse_period
from eiso.reporting.report import PeriodError
from eiso.reporting.report import Report
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlencode
from zope.i18n import translate


def all_agencies():
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type="Agency", sort_on="sortable_title")
    return [brain._unrestrictedGetObject() for brain in brains]


class _ReportBase(BrowserView):
    province = False
    filename = "bao-cao-iso"

    def t(self, message):
        return translate(message, context=self.request)

    def agencies(self):
        return [self.context]

    def heading(self):
        if self.province:
            return self.t(_("ISO implementation report of the province"))
        return self.t(_("ISO implementation report of ${agency}",
                        mapping={"agency": self.context.Title()}))

    def load(self):
        """The report of the asked period, or None with ``self.error`` (status 400)."""
        self.error = None
        self.report = None
        try:
            date_from, date_to = parse_period(self.request.form)
        except PeriodError as problem:
            self.error = self.t(problem.message)
            self.request.response.setStatus(400)
            return None
        self.report = Report(self.request, self.agencies(), date_from, date_to,
                             province=self.province)
        return self.report

    def query(self):
        return urlencode({"from": self.report.date_from.isoformat(),
                          "to": self.report.date_to.isoformat()})

    def url(self, view):
        return f"{self.context.absolute_url()}/@@{view}?{self.query()}"

    def form_values(self):
        if self.report is not None:
            return self.report.date_from.isoformat(), self.report.date_to.isoformat()
        this_year = date.today().year
        return f"{this_year}-01-01", f"{this_year}-12-31"

    def download(self, data, content_type, extension):
        response = self.request.response
        response.setHeader("Content-Type", content_type)
        response.setHeader(
            "Content-Disposition",
            f'attachment; filename="{self.filename}-{self.report.date_from.isoformat()}'
            f'-{self.report.date_to.isoformat()}.{extension}"')
        response.setHeader("Content-Length", str(len(data)))
        return data

    def printed_on(self):
        return date.today().strftime("%d/%m/%Y")

    def refused(self):
        self.request.response.setHeader("Content-Type", "text/plain; charset=utf-8")
        return self.error


class AgencyReport(_ReportBase):
    """The page: the period form, one table per area, the export buttons."""

    def __call__(self):
        self.load()
        return self.index()


class AgencyReportExcel(_ReportBase):
    def __call__(self):
        if self.load() is None:
            return self.refused()
        return self.download(exports.workbook(self.report, self.heading()),
                             exports.XLSX, "xlsx")


class AgencyReportPDF(_ReportBase):
    print_template = ViewPageTemplateFile("templates/iso_report_print.pt")

    def __call__(self):
        if self.load() is None:
            return self.refused()
        return self.download(exports.pdf(self.print_template()), exports.PDF, "pdf")


class _Province:
    province = True
    filename = "bao-cao-iso-toan-tinh"

    def agencies(self):
        return all_agencies()


class ProvinceReport(_Province, AgencyReport):
    pass


class ProvinceReportExcel(_Province, AgencyReportExcel):
    pass


class ProvinceReportPDF(_Province, AgencyReportPDF):
    pass
