"""Internal audit programmes in the browser: the programme's page with its calendar
(departments × months), its print version, and the listing of the ``danh-gia`` section.

The calendar marks the months in which a department is audited; each marked cell
carries its details (auditors, ISO clauses, note) in a ``title`` attribute, the
tooltip any browser shows on hover without JavaScript, and as visually hidden text
for screen readers. Below it the schedule is listed month by month, which is also
what the printed programme shows.
"""

from eiso import _
from eiso.browser.listing import addable_types
from eiso.browser.listing import FilteredSectionListing
from eiso.content.agency import get_agency
from eiso.content.audit_programme import by_month
from eiso.content.audit_programme import calendar
from eiso.content.audit_programme import MONTHS
from eiso.content.section import SECTION_TYPES
from eiso.utils import format_date
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.component import queryUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory


SECTION_ID = "danh-gia"


def agency_departments(context):
    """[(id, title)] of the departments of the item's agency, in the organisation's order."""
    factory = queryUtility(IVocabularyFactory, "eiso.AgencyDepartments")
    if factory is None:
        return []
    return [(term.value, term.title) for term in factory(context)]


def state_title(request, portal_type, state):
    workflow = api.portal.get_tool("portal_workflow")
    title = workflow.getTitleForStateOnType(state, portal_type) if state else ""
    return translate(title, domain="plone", context=request) if title else ""


class AuditProgrammeView(BrowserView):
    """A programme: its scope and criteria, the calendar, the audits month by month."""

    macros_template = ViewPageTemplateFile("templates/audit_calendar_macros.pt")

    @property
    def page_macros(self):
        """The calendar and the month-by-month list, shared by the page and ``@@print``."""
        return self.macros_template.macros

    def t(self, message):
        return translate(message, context=self.request)

    def agency(self):
        agency = get_agency(self.context)
        return agency.Title() if agency is not None else ""

    def state(self):
        return state_title(self.request, self.context.portal_type,
                           api.content.get_state(self.context, default=None))

    def details(self):
        context = self.context
        rows = (
            (_("Code"), getattr(context, "code", None)),
            (_("Year"), context.year),
            (_("State"), self.state()),
            (_("Number of audits"), len(context.schedule or ())),
        )
        return [(label, value) for label, value in rows if value]

    def lines(self, text):
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    def months(self):
        """Column headings T1…T12 with the full month name for screen readers."""
        return [
            {"month": month, "short": f"T{month}",
             "long": self.t(_("Month ${month}", mapping={"month": month}))}
            for month in MONTHS
        ]

    def describe(self, department_title, month, audits):
        """The tooltip of a marked cell: who audits the department that month, on what."""
        parts = [self.t(_("${department}, month ${month}",
                          mapping={"department": department_title, "month": month}))]
        for row in audits:
            if row.get("auditors"):
                parts.append(self.t(_("Auditors: ${names}", mapping={"names": row["auditors"]})))
            if row.get("clauses"):
                parts.append(self.t(_("ISO clauses: ${clauses}",
                                      mapping={"clauses": row["clauses"]})))
            if row.get("note"):
                parts.append(row["note"])
        return " — ".join(parts)

    def calendar(self):
        rows = []
        for row in calendar(self.context.schedule, agency_departments(self.context)):
            rows.append({
                "department": row.department,
                "title": row.title,
                "cells": [
                    {"month": cell.month, "marked": cell.marked,
                     "tooltip": self.describe(row.title, cell.month, cell.audits)
                     if cell.marked else ""}
                    for cell in row.cells
                ],
            })
        return rows

    def schedule_by_month(self):
        titles = dict(agency_departments(self.context))
        return [
            {
                "month": month,
                "title": self.t(_("Month ${month}", mapping={"month": month})),
                "audits": [
                    {"department": titles.get(row.get("department"), row.get("department")),
                     "auditors": row.get("auditors") or "",
                     "clauses": row.get("clauses") or "",
                     "note": row.get("note") or ""}
                    for row in rows
                ],
            }
            for month, rows in by_month(self.context.schedule)
        ]


class AuditProgrammePrintView(AuditProgrammeView):
    """``@@print``: the programme on paper (A4 landscape), without the portal around it."""


class EvaluationListing(FilteredSectionListing, BrowserView):
    """The ``danh-gia`` listing: programmes now, audits and management reviews later —
    every type the section allows (``SECTION_TYPES``), with a type column and filter."""

    page_size = 20
    section_id = SECTION_ID
    filters = ("year", "review_state", "portal_type")

    def types(self):
        return SECTION_TYPES[SECTION_ID]

    def query(self):
        params = self.params
        query = {
            "portal_type": list(self.types()),
            "path": {"query": "/".join(self.context.getPhysicalPath()), "depth": 1},
            "sort_on": ["year", "created"],
            "sort_order": "descending",
        }
        if params["portal_type"] in self.types():
            query["portal_type"] = params["portal_type"]
        if params["review_state"]:
            query["review_state"] = params["review_state"]
        if params["year"]:
            try:
                query["year"] = int(params["year"])
            except ValueError:
                query["year"] = -1  # not a year: nothing matches
        return query

    def items(self):
        return api.portal.get_tool("portal_catalog")(**self.query())

    def type_titles(self):
        types = api.portal.get_tool("portal_types")
        return {
            portal_type: translate(types[portal_type].Title(), domain="eiso",
                                   context=self.request)
            for portal_type in self.types() if portal_type in types
        }

    def options(self):
        catalog = api.portal.get_tool("portal_catalog")
        everything = catalog(portal_type=list(self.types()),
                             path={"query": "/".join(self.context.getPhysicalPath()),
                                   "depth": 1})
        years = sorted({brain.year for brain in everything if brain.year}, reverse=True)
        # The states of every listed type's workflow, each once, in workflow order.
        workflow = api.portal.get_tool("portal_workflow")
        states = {}
        for portal_type in self.types():
            for workflow_id in workflow.getChainForPortalType(portal_type):
                for state in workflow[workflow_id].states.objectIds():
                    states.setdefault(state, state_title(self.request, portal_type, state))
        titles = self.type_titles()
        return {
            "years": [str(year) for year in years],
            "states": [{"id": state, "title": title} for state, title in states.items()],
            "types": [{"id": t, "title": titles[t]} for t in self.types() if t in titles],
        }

    def rows(self, batch):
        titles = self.type_titles()
        return [
            {
                "number": number,
                "code": brain.code or "",
                "title": brain.Title,
                "url": brain.getURL(),
                "type": titles.get(brain.portal_type, brain.portal_type),
                "year": brain.year or "",
                "state": state_title(self.request, brain.portal_type, brain.review_state),
                "modified": format_date(brain.modified),
            }
            for number, brain in enumerate(batch, start=batch.start)
        ]

    def addable_types(self):
        return addable_types(self.context)
