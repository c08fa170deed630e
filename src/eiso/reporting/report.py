"""The ISO implementation report of one agency or of the province: its period, its
figures (:mod:`eiso.reporting.indicators`) and the tables the page, the Excel and PDF
exports and REST all show — one table per area, one row per agency (and a total
row in the province's report)."""

from datetime import date
from eiso import _
from eiso.assessments.workflow import format_score
from eiso.content.assessment import GRADES
from eiso.reporting.indicators import agency_indicators
from eiso.reporting.indicators import DOCUMENT_STATES
from eiso.reporting.indicators import total_indicators
from plone import api
from zope.i18n import translate


FIRST_YEAR = 2000
LAST_YEAR = 2100


class PeriodError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _day(value):
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise PeriodError(_(
            "The date “${value}” is not valid: write it as YYYY-MM-DD (e.g. 2026-01-31).",
            mapping={"value": value}))
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PeriodError(_("The year of a date must be from 2000 to 2100."))
    return day


def parse_period(form, today=None):
    """(date_from, date_to) from the ``from``/``to`` parameters (YYYY-MM-DD).

    Without them: the current year; with one only, the other is the first or the
    last day of its year. A malformed date or a period ending before it starts is
    a :class:`PeriodError` with a message for the user.
    """
    today = today or date.today()
    raw_from = form.get("from") or ""
    raw_to = form.get("to") or ""
    if not isinstance(raw_from, str) or not isinstance(raw_to, str):
        raise PeriodError(_("Give one start date and one end date."))
    date_from = _day(raw_from.strip()) if raw_from.strip() else None
    date_to = _day(raw_to.strip()) if raw_to.strip() else None
    if date_from is None:
        date_from = date((date_to or today).year, 1, 1)
    if date_to is None:
        date_to = date(date_from.year, 12, 31)
    if date_to < date_from:
        raise PeriodError(_("The end of the period is before its start."))
    return date_from, date_to


def state_titles(request):
    workflow = api.portal.get_tool("portal_workflow")["eiso_document_workflow"]
    return {state: translate(workflow.states[state].title, domain="plone", context=request)
            for state in DOCUMENT_STATES}


COUNT, RATE, SCORE, GRADE = "count", "rate", "score", "grade"


def areas(request):
    """(key, title, [(path in the indicators, column title, kind)]) of each table."""
    states = state_titles(request)
    return (
        ("documents", _("Controlled documents by state"),
         [(("documents", "by_state", state), states[state], COUNT)
          for state in DOCUMENT_STATES]
         + [(("documents", "total"), _("Total"), COUNT)]),
        ("cases", _("Cases (ISO activities)"), [
            (("cases", "open"), _("Open now"), COUNT),
            (("cases", "overdue"), _("Overdue at the end of the period"), COUNT)]),
        ("audits", _("Internal audits"), [
            (("audits", "done"), _("Closed in the period"), COUNT)]),
        ("nonconformities", _("Nonconformities"), [
            (("nonconformities", "opened"), _("Reported in the period"), COUNT),
            (("nonconformities", "closed"), _("Closed in the period"), COUNT),
            (("nonconformities", "open"), _("Still open at the end of the period"), COUNT)]),
        ("objectives", _("Quality objectives (applied, years of the period)"), [
            (("objectives", "total"), _("Objectives"), COUNT),
            (("objectives", "measured"), _("With a result"), COUNT),
            (("objectives", "achieved"), _("Achieved"), COUNT),
            (("objectives", "rate"), _("Achieved (% of those with a result)"), RATE)]),
        ("feedback", _("Customer feedback"), [
            (("feedback", "received"), _("Received in the period"), COUNT),
            (("feedback", "handled"), _("Handled (closed) in the period"), COUNT)]),
        ("services", _("Administrative procedures (one-stop shop)"), [
            (("services", "months"), _("Months recorded"), COUNT),
            (("services", "received"), _("Received"), COUNT),
            (("services", "on_time"), _("Resolved on time"), COUNT),
            (("services", "late"), _("Resolved late"), COUNT),
            (("services", "pending"), _("Pending"), COUNT),
            (("services", "rate"), _("On-time rate"), RATE)]),
        ("assessment", _("Latest published assessment"), [
            (("assessment", "year"), _("Year"), COUNT),
            (("assessment", "total"), _("Total score"), SCORE),
            (("assessment", "grade"), _("Grade"), GRADE)]),
    )


def value_at(indicators, path):
    value = indicators
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


GRADE_TITLES = {grade: title for _threshold, grade, title in GRADES}


def as_text(value, kind, request):
    """How a figure is written on the page and in the PDF (Vietnamese decimals)."""
    if value is None:
        return "—"
    if kind == RATE:
        return f"{value:.1f}".replace(".", ",") + " %"
    if kind == SCORE:
        return format_score(value)
    if kind == GRADE:
        return translate(GRADE_TITLES.get(value, value), context=request)
    return str(value)


class Report:
    """The report of ``agencies`` (one: an agency's report, as its reader may see it;
    all: the province's, read without the user's rights — figures only)."""

    def __init__(self, request, agencies, date_from, date_to, province=False, today=None):
        self.request = request
        self.date_from = date_from
        self.date_to = date_to
        self.province = province
        self.rows = [
            {"id": agency.getId(), "title": agency.Title(),
             "indicators": agency_indicators(agency, date_from, date_to, today=today,
                                             unrestricted=province)}
            for agency in agencies
        ]
        self.total = total_indicators([row["indicators"] for row in self.rows]) \
            if province else None

    def t(self, message):
        return translate(message, context=self.request)

    def period_text(self):
        return self.t(_("From ${start} to ${end}", mapping={
            "start": self.date_from.strftime("%d/%m/%Y"),
            "end": self.date_to.strftime("%d/%m/%Y")}))

    def tables(self):
        """[{title, columns, rows: [{title, cells: [(value, text)], total}]}]."""
        lines = []
        rows = [(row["title"], row["indicators"], False) for row in self.rows]
        if self.total is not None:
            rows.append((self.t(_("Whole province")), self.total, True))
        for key, title, columns in areas(self.request):
            if key == "assessment" and self.total is not None:
                # Scores of different years do not add up: no total row.
                table_rows = rows[:-1]
            else:
                table_rows = rows
            lines.append({
                "key": key,
                "title": self.t(title),
                "columns": [self.t(column) for _path, column, _kind in columns],
                "rows": [{
                    "title": row_title,
                    "total": is_total,
                    "cells": [(value_at(indicators, path),
                               as_text(value_at(indicators, path), kind, self.request),
                               kind)
                              for path, _column, kind in columns],
                } for row_title, indicators, is_total in table_rows],
            })
        return lines

    def as_json(self):
        period = {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}
        if not self.province:
            row = self.rows[0]
            return {"period": period, "agency": {"id": row["id"], "title": row["title"]},
                    "indicators": row["indicators"]}
        return {"period": period, "agencies": self.rows, "total": self.total}
