"""``@@province-overview`` on the site root: the superior agency's view of every agency.

For the holders of ``eiso: View province overview`` (the global ``Assessor`` role,
Managers and Site Administrators of the portal; rolemap.xml): one row per agency with
counts read by unrestricted catalog searches — no item of an agency is shown, linked or
titled — and the total and grade of its latest published assessment, the only link
into an agency; then the totals of a chosen year's published assessments compared as
bars. The agencies stay wholly private: the Assessor may read these counts and the
published assessments, nothing else.
"""

from datetime import date
from eiso.assessments.workflow import format_score
from eiso.content.assessment import ASSESSMENT_TYPE
from eiso.content.assessment import grade_of
from eiso.content.quality_objectives import PORTAL_TYPE as OBJECTIVES_TYPE
from eiso.content.quality_objectives import set_achievement
from eiso.reporting.indicators import AgencyReader
from eiso.reporting.indicators import feedback
from eiso.reporting.indicators import services
from eiso.reporting.report import as_text
from eiso.reporting.report import FIRST_YEAR
from eiso.reporting.report import LAST_YEAR
from eiso.reporting.report import RATE
from eiso.workingdays import as_date
from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate


PUBLISHED = "published"
NONCONFORMITY_CLOSED = ("closed", "rejected")
FEEDBACK_HANDLED = ("responded", "closed")


def _count(catalog, path, **query):
    return len(catalog.unrestrictedSearchResults(path=path, **query))


def overdue_cases(catalog, path, today):
    """Open cases past their deadline, as the inbox counts them (deadline < today)."""
    count = 0
    for brain in catalog.unrestrictedSearchResults(path=path, case_open=True):
        deadline = brain.due_date
        if isinstance(deadline, date) and as_date(deadline) < today:
            count += 1
    return count


def agency_indicators(agency, year, today=None):
    """The counts of ``agency`` (see the module); read without the user's rights."""
    catalog = api.portal.get_tool("portal_catalog")
    path = "/".join(agency.getPhysicalPath())
    today = today or date.today()
    open_nc = _count(catalog, path, portal_type="Nonconformity")
    closed_nc = _count(catalog, path, portal_type="Nonconformity",
                       review_state=NONCONFORMITY_CLOSED)
    achieved = measured = 0
    for brain in catalog.unrestrictedSearchResults(
            path=path, portal_type=OBJECTIVES_TYPE, review_state="applied", year=year):
        summary = set_achievement(getattr(brain._unrestrictedGetObject(), "objectives", None))
        achieved += summary.achieved
        measured += summary.measured
    return {
        "documents_effective": _count(catalog, path, portal_type="ControlledDocument",
                                      review_state="effective"),
        "cases_overdue": overdue_cases(catalog, path, today),
        "audits_done": _count(catalog, path, portal_type="InternalAudit", year=year,
                              review_state=("reported", "closed")),
        "nonconformities_open": open_nc - closed_nc,
        "nonconformities_closed": closed_nc,
        "objectives_achieved": achieved,
        "objectives_measured": measured,
        "feedback_handled": _count(catalog, path, portal_type="CustomerFeedback",
                                   review_state=FEEDBACK_HANDLED),
        "feedback_total": _count(catalog, path, portal_type="CustomerFeedback"),
    }


def published_assessments(agency):
    """{year: brain} of the agency's published assessments."""
    catalog = api.portal.get_tool("portal_catalog")
    return {
        brain.year: brain for brain in catalog.unrestrictedSearchResults(
            path="/".join(agency.getPhysicalPath()), portal_type=ASSESSMENT_TYPE,
            review_state=PUBLISHED)
    }


def assessment_result(brain):
    """(total, (grade id, title)) of a published assessment."""
    total = brain._unrestrictedGetObject().assessor_total()
    return total, grade_of(total)


class ProvinceOverview(BrowserView):
    def t(self, message):
        return translate(message, context=self.request)

    def agencies(self):
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog.unrestrictedSearchResults(portal_type="Agency", sort_on="sortable_title")
        return [brain._unrestrictedGetObject() for brain in brains]

    def year(self):
        try:
            return int(self.request.form.get("year") or date.today().year)
        except ValueError:
            return date.today().year

    def rows(self):
        year = self.year()
        rows = []
        for agency in self.agencies():
            published = published_assessments(agency)
            latest = published[max(published)] if published else None
            row = {"title": agency.Title(), "indicators": agency_indicators(agency, year),
                   "latest": None}
            row["report"] = self.report_figures(agency, year)
            if latest is not None:
                total, grade = assessment_result(latest)
                row["latest"] = {"year": latest.year, "total": format_score(total),
                                 "grade": self.t(grade[1]) if grade else "",
                                 "url": latest.getURL()}
            rows.append(row)
        return rows

    def can_view_iso_report(self):
        return api.user.has_permission("eiso: View province ISO report", obj=self.context)

    def report_figures(self, agency, year):
        """The year's TTHC on-time rate and feedback received / handled, as in the ISO
        implementation report (eiso.reporting); dashes for a year the report refuses."""
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return {"services_rate": "—", "feedback_received": "—", "feedback_handled": "—"}
        reader = AgencyReader(agency, unrestricted=True)
        start, end = date(year, 1, 1), date(year, 12, 31)
        handled = feedback(reader, start, end)
        return {"services_rate": as_text(services(reader, start, end)["rate"], RATE, self.request),
                "feedback_received": handled["received"],
                "feedback_handled": handled["handled"]}

    def comparison(self):
        """The published assessments of the chosen year, highest total first, as bars."""
        year = self.year()
        bars = []
        for agency in self.agencies():
            brain = published_assessments(agency).get(year)
            if brain is None:
                continue
            total, grade = assessment_result(brain)
            bars.append({"title": agency.Title(), "total": total or 0,
                         "text": format_score(total), "grade": self.t(grade[1]) if grade else "",
                         "grade_id": grade[0] if grade else "",
                         "width": f"{min(total or 0, 100):.1f}"})
        return sorted(bars, key=lambda bar: (-bar["total"], bar["title"]))

    def years(self):
        this_year = date.today().year
        return list(range(this_year, this_year - 6, -1))
