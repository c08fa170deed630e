"""Audit trail ("Nhật ký"): who did what, when (SPEC §4).

On a case item: the page ``@@audit-trail`` and the spreadsheet
``@@audit-trail.csv``; on an agency: ``@@audit-trail`` (a period to choose)
and ``@@audit-trail.csv`` with the entries of every case the user may see.
The CSV is UTF-8 with a byte order mark, so Excel shows Vietnamese.
"""

from datetime import datetime
from eiso import _
from eiso.behaviors.assignment import ICase
from eiso.browser.listing import BatchedListing
from eiso.browser.timeline import CaseHistory
from eiso.utils import format_date
from plone import api
from Products.Five.browser import BrowserView
from urllib.parse import urlencode
from zope.i18n import translate

import csv
import io
import re


HEADER = (
    _("Time (ISO 8601)"), _("Time"), _("User name"), _("Full name"), _("Operation"),
    _("Content"), _("Comment"), _("Case code"), _("Title"), _("Link"),
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class PeriodError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def parse_period(form):
    """(start, end) dates from ``start``/``end`` (yyyy-mm-dd, empty: open); PeriodError."""
    period = []
    for name in ("start", "end"):
        value = (form.get(name) or "").strip()
        if not value:
            period.append(None)
            continue
        try:
            period.append(datetime.strptime(value, "%Y-%m-%d").date())
        except ValueError:
            raise PeriodError(_(
                "The date “${value}” is not valid: write it as year-month-day, e.g. 2026-01-31.",
                mapping={"value": value[:20]}))
    start, end = period
    if start and end and start > end:
        raise PeriodError(_("The start date must not be after the end date."))
    return start, end


def _cell(value):
    """Text as written, but never a spreadsheet formula."""
    value = str(value or "")
    return "'" + value if value.startswith(FORMULA_START) else value


def audit_rows(item, request, start=None, end=None):
    """CSV rows (without header) of ``item``'s audit entries within [start, end]."""
    code = getattr(item, "code", None) or ""
    title, url = item.Title(), item.absolute_url()
    rows = []
    for entry in CaseHistory(item, request).audit():
        day = entry["time"].asdatetime().date()
        if (start and day < start) or (end and day > end):
            continue
        rows.append((
            entry["time"].ISO8601(), format_date(entry["time"], with_time=True), entry["user"],
            _cell(entry["fullname"]), entry["kind_title"], _cell(entry["summary"]),
            _cell(entry["details"]), code, _cell(title), url,
        ))
    return rows


def csv_download(request, filename, rows):
    """Send ``rows`` under a translated header as an attachment ``filename``."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([translate(title, context=request) for title in HEADER])
    writer.writerows(rows)
    response = request.response
    response.setHeader("Content-Type", "text/csv; charset=utf-8")
    response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
    return out.getvalue().encode("utf-8")


def _slug(value):
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", value).strip("-.") or "ho-so"


class CaseAuditTrailView(BatchedListing, BrowserView):
    """``@@audit-trail`` of a case: its entries, oldest first, a page at a time."""

    page_size = 50
    format_date = staticmethod(format_date)

    def items(self):
        return CaseHistory(self.context, self.request).audit()

    def code(self):
        return getattr(self.context, "code", None) or ""


class CaseAuditTrailCSV(BrowserView):
    """``@@audit-trail.csv`` of a case."""

    def __call__(self):
        name = _slug(getattr(self.context, "code", None) or self.context.getId())
        return csv_download(self.request, f"nhat-ky-{name}.csv",
                            audit_rows(self.context, self.request))


class AgencyAuditTrailCSV(BrowserView):
    """``@@audit-trail.csv?start=yyyy-mm-dd&end=yyyy-mm-dd`` of an agency: the entries of
    every case of the agency the user may see, oldest first."""

    def __call__(self):
        try:
            start, end = parse_period(self.request.form)
        except PeriodError as error:
            self.request.response.setStatus(400)
            self.request.response.setHeader("Content-Type", "text/plain; charset=utf-8")
            return translate(error.message, context=self.request)
        rows = []
        for brain in api.content.find(context=self.context, object_provides=ICase):
            rows.extend(audit_rows(brain.getObject(), self.request, start, end))
        rows.sort(key=lambda row: row[0])
        name = _slug(getattr(self.context, "code", None) or self.context.getId())
        period = "".join(f"-{day.isoformat()}" if day else "" for day in (start, end))
        return csv_download(self.request, f"nhat-ky-{name}{period}.csv", rows)


class AgencyAuditTrailView(BrowserView):
    """``@@audit-trail`` of an agency: choose a period, download the CSV."""

    def __call__(self):
        self.error = None
        form = self.request.form
        if "export" in form:
            try:
                start, end = parse_period(form)
            except PeriodError as error:
                self.error = error.message
            else:
                query = {key: day.isoformat() for key, day in (("start", start), ("end", end)) if day}
                self.request.response.redirect(self.csv_url(query))
                return ""
        return self.index()

    def csv_url(self, query=None):
        url = f"{self.context.absolute_url()}/@@audit-trail.csv"
        return f"{url}?{urlencode(query)}" if query else url

    def value(self, name):
        return (self.request.form.get(name) or "").strip()

    def case_count(self):
        return len(api.content.find(context=self.context, object_provides=ICase))
