"""``@@province-overview`` on the site root: the superior agency's view of every agency.

For the holders of ``eiso: View province overview`` (the global ``Assessor`` role,
Managers and Site Administrators of the portal; rolemap.xml): one row per agency with
the year's figures of the ISO implementation report (eiso.reporting), read by
unrestricted catalog searches — no item of an agency is shown, linked or
titled — and the total and grade of its latest published assessment, the only link
into an agency; then the totals of a chosen year's published assessments compared as
bars. The agencies stay wholly private: the Assessor may read these counts and the
published assessments, nothing else.
"""

from datetime import date
from eiso.assessments.workflow import format_score
from eiso.content.assessment import ASSESSMENT_TYPE
from eiso.content.assessment import grade_of
from eiso.reporting.indicators import agency_indicators as report_indicators
from eiso.reporting.report import as_text
from eiso.reporting.report import FIRST_YEAR
from eiso.reporting.report import LAST_YEAR
from eiso.reporting.report import RATE
from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate


PUBLISHED = "published"


def agency_indicators(agency, year, today=None):
    """The counts of ``agency`` for ``year``: the figures of the ISO implementation
    report (eiso.reporting, defined in docs/reporting.md) for 1 January – 31 December,
    read without the user's rights; ``None`` for a year the report does not cover."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    figures = report_indicators(agency, date(year, 1, 1), date(year, 12, 31),
                                today=today, unrestricted=True)
    return {
        "documents_effective": figures["documents"]["by_state"]["effective"],
        "cases_overdue": figures["cases"]["overdue"],
        "audits_done": figures["audits"]["done"],
        "nonconformities_open": figures["nonconformities"]["open"],
        "nonconformities_closed": figures["nonconformities"]["closed"],
        "objectives_achieved": figures["objectives"]["achieved"],
        "objectives_measured": figures["objectives"]["measured"],
        "feedback_received": figures["feedback"]["received"],
        "feedback_handled": figures["feedback"]["handled"],
        "services_rate": figures["services"]["rate"],
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
            indicators = agency_indicators(agency, year)
            if indicators is not None:
                indicators["services_rate"] = as_text(
                    indicators["services_rate"], RATE, self.request)
            row = {"title": agency.Title(), "indicators": indicators, "latest": None}
            if latest is not None:
                total, grade = assessment_result(latest)
                row["latest"] = {"year": latest.year, "total": format_score(total),
                                 "grade": self.t(grade[1]) if grade else "",
                                 "url": latest.getURL()}
            rows.append(row)
        return rows

    def can_view_iso_report(self):
        return api.user.has_permission("eiso: View province ISO report", obj=self.context)

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
