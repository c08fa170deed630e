"""The figures of the ISO implementation report (Báo cáo kết quả thực hiện ISO) of one
agency for a period ``[date_from, date_to]`` (both days included).

:func:`agency_indicators` counts what the current user may see (catalog searches
with the user's rights): an agency's report shows its leader the agency as the
leader sees it. Only the province's report and overview, for the superior agency
that sees nothing inside the agencies, pass ``unrestricted=True``: then the
items are read without the user's rights and the caller must show nothing but the
numbers returned. Every indicator is defined in docs/reporting.md; the state ids
are those of the areas' workflows.
"""

from datetime import date
from eiso.content.assessment import ASSESSMENT_TYPE
from eiso.content.assessment import grade_of
from eiso.content.quality_objectives import PORTAL_TYPE as OBJECTIVES_TYPE
from eiso.content.quality_objectives import set_achievement
from eiso.content.service_statistics import on_time_rate
from eiso.content.service_statistics import PORTAL_TYPE as STATISTICS_TYPE
from eiso.content.service_statistics import totals_of
from eiso.workingdays import as_date
from plone import api
from plone.app.iterate.interfaces import IWorkingCopy


DOCUMENT_TYPE = "ControlledDocument"
# eiso_document_workflow, in the order of its steps (the report's columns).
DOCUMENT_STATES = ("draft", "reviewing", "pending", "approved", "effective", "obsolete")
AUDIT_TYPE = "InternalAudit"
AUDIT_DONE = "closed"
NONCONFORMITY_TYPE = "Nonconformity"
NONCONFORMITY_CLOSED = "closed"
# A nonconformity in one of these states no longer waits for anything.
NONCONFORMITY_FINISHED = ("closed", "rejected")
FEEDBACK_TYPE = "CustomerFeedback"
FEEDBACK_HANDLED = "closed"
OBJECTIVES_APPLIED = "applied"
ASSESSMENT_PUBLISHED = "published"


def rate(part, whole):
    """``part`` ÷ ``whole`` in % with one decimal, None when ``whole`` is 0."""
    return round(100.0 * part / whole, 1) if whole else None


def history(item):
    """[(date, state)] of the item's workflow, oldest first."""
    workflows = api.portal.get_tool("portal_workflow")
    chain = workflows.getChainFor(item)
    if not chain:
        return []
    entries = (getattr(item, "workflow_history", None) or {}).get(chain[0], ())
    return [(as_date(entry["time"]), entry.get("review_state")) for entry in entries
            if entry.get("time") is not None]


def entered_on(days, state):
    """The days an item entered ``state`` (it may come back to a state), from its
    ``history``."""
    entered = []
    previous = None
    for day, current in days:
        if current == state and previous != state:
            entered.append(day)
        previous = current
    return entered


def state_on(days, day):
    """An item's state at the end of ``day``: its last ``history`` entry up to that day."""
    state = None
    for entry_day, current in days:
        if entry_day > day:
            break
        state = current
    return state


def created_on(brain):
    """The day a catalog brain's item was created (its ``created`` metadata)."""
    return as_date(brain.created)


def months_inside(date_from, date_to):
    """{(year, month)} of the months lying wholly inside the period."""
    months = set()
    year, month = date_from.year, date_from.month
    if date_from.day != 1:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while True:
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        if following.toordinal() - 1 > date_to.toordinal():
            return months
        months.add((year, month))
        year, month = following.year, following.month


class AgencyReader:
    """Catalog reads below one agency's path, with or without the user's rights."""

    def __init__(self, agency, unrestricted=False):
        self.catalog = api.portal.get_tool("portal_catalog")
        self.path = "/".join(agency.getPhysicalPath())
        self.unrestricted = unrestricted

    def brains(self, **query):
        if self.unrestricted:
            return self.catalog.unrestrictedSearchResults(path=self.path, **query)
        return self.catalog.searchResults(path=self.path, **query)

    def count(self, **query):
        return len(self.brains(**query))

    def object_of(self, brain):
        return brain._unrestrictedGetObject() if self.unrestricted else brain.getObject()

    def objects(self, **query):
        for brain in self.brains(**query):
            item = self.object_of(brain)
            if item is not None:
                yield item

    def histories(self, **query):
        """(brain, history) of the items found. The history comes from the brain's
        ``workflow_days`` (eiso.reporting.indexers) without loading the item; from the
        item itself for a brain that has none (not reindexed since upgrade 1010)."""
        for brain in self.brains(**query):
            days = getattr(brain, "workflow_days", None)
            if isinstance(days, tuple):
                yield brain, list(days)
                continue
            item = self.object_of(brain)
            if item is not None:
                yield brain, history(item)


def documents(reader):
    """Controlled documents by state; a revision under way (plone.app.iterate's working
    copy of a document) is the same document, not one more draft."""
    query = {"portal_type": DOCUMENT_TYPE,
             "object_provides": {"not": IWorkingCopy.__identifier__}}
    by_state = {state: reader.count(review_state=state, **query) for state in DOCUMENT_STATES}
    return {"by_state": by_state, "total": reader.count(**query)}


def cases(reader, date_to, today):
    """Open cases and those of them past their deadline on the period's last day."""
    day = min(date_to, today)
    open_cases = overdue = 0
    for brain in reader.brains(case_open=True):
        open_cases += 1
        deadline = brain.due_date
        if isinstance(deadline, date) and as_date(deadline) < day:
            overdue += 1
    return {"open": open_cases, "overdue": overdue}


def audits(reader, date_from, date_to):
    done = 0
    for _brain, days in reader.histories(portal_type=AUDIT_TYPE, review_state=AUDIT_DONE):
        if any(date_from <= day <= date_to for day in entered_on(days, AUDIT_DONE)):
            done += 1
    return {"done": done}


def nonconformities(reader, date_from, date_to):
    opened = closed = still_open = 0
    for brain, days in reader.histories(portal_type=NONCONFORMITY_TYPE):
        created = created_on(brain)
        if date_from <= created <= date_to:
            opened += 1
        if any(date_from <= day <= date_to for day in entered_on(days, NONCONFORMITY_CLOSED)):
            closed += 1
        if created <= date_to and state_on(days, date_to) not in NONCONFORMITY_FINISHED:
            still_open += 1
    return {"opened": opened, "closed": closed, "open": still_open}


def objectives(reader, date_from, date_to):
    total = measured = achieved = 0
    for item in reader.objects(portal_type=OBJECTIVES_TYPE, review_state=OBJECTIVES_APPLIED,
                               year=list(range(date_from.year, date_to.year + 1))):
        summary = set_achievement(getattr(item, "objectives", None))
        total += summary.total
        measured += summary.measured
        achieved += summary.achieved
    return {"total": total, "measured": measured, "achieved": achieved,
            "rate": rate(achieved, measured)}


def feedback(reader, date_from, date_to):
    received = handled = 0
    for brain, days in reader.histories(portal_type=FEEDBACK_TYPE):
        received_date = getattr(brain, "received_date", None)
        day = received_date if isinstance(received_date, date) else created_on(brain)
        if date_from <= day <= date_to:
            received += 1
        if any(date_from <= d <= date_to for d in entered_on(days, FEEDBACK_HANDLED)):
            handled += 1
    return {"received": received, "handled": handled}


def services(reader, date_from, date_to):
    months = months_inside(date_from, date_to)
    rows = []
    counted = 0
    years = sorted({year for year, _month in months})
    for item in reader.objects(portal_type=STATISTICS_TYPE, year=years) if years else ():
        if (item.year, item.month) in months:
            counted += 1
            rows.extend(item.rows or ())
    totals = totals_of(rows)
    return {"months": counted, "received": totals["received"], "on_time": totals["on_time"],
            "late": totals["late"], "pending": totals["pending"],
            "rate": on_time_rate(totals["on_time"], totals["late"])}


def assessment(reader, date_to):
    """The latest assessment published for a year up to the period's end."""
    latest = None
    for item in reader.objects(portal_type=ASSESSMENT_TYPE, review_state=ASSESSMENT_PUBLISHED,
                               year={"query": date_to.year, "range": "max"}):
        if latest is None or (item.year or 0) > (latest.year or 0):
            latest = item
    if latest is None:
        return None
    total = latest.assessor_total()
    grade = grade_of(total)
    return {"year": latest.year, "total": total, "grade": grade[0] if grade else None}


def agency_indicators(agency, date_from, date_to, today=None, unrestricted=False):
    """The report's figures of ``agency`` for the period (plain dicts; module docstring)."""
    reader = AgencyReader(agency, unrestricted=unrestricted)
    return {
        "documents": documents(reader),
        "cases": cases(reader, date_to, today or date.today()),
        "audits": audits(reader, date_from, date_to),
        "nonconformities": nonconformities(reader, date_from, date_to),
        "objectives": objectives(reader, date_from, date_to),
        "feedback": feedback(reader, date_from, date_to),
        "services": services(reader, date_from, date_to),
        "assessment": assessment(reader, date_to),
    }


def total_indicators(rows):
    """The sum of several agencies' indicators; rates computed again from the sums."""
    total = {
        "documents": {"by_state": {s: 0 for s in DOCUMENT_STATES}, "total": 0},
        "cases": {"open": 0, "overdue": 0},
        "audits": {"done": 0},
        "nonconformities": {"opened": 0, "closed": 0, "open": 0},
        "objectives": {"total": 0, "measured": 0, "achieved": 0},
        "feedback": {"received": 0, "handled": 0},
        "services": {"months": 0, "received": 0, "on_time": 0, "late": 0, "pending": 0},
        "assessment": None,
    }
    for row in rows:
        for state in DOCUMENT_STATES:
            total["documents"]["by_state"][state] += row["documents"]["by_state"][state]
        total["documents"]["total"] += row["documents"]["total"]
        for area in ("cases", "audits", "nonconformities", "objectives", "feedback",
                     "services"):
            for name in total[area]:
                total[area][name] += row[area][name]
    objectives_ = total["objectives"]
    objectives_["rate"] = rate(objectives_["achieved"], objectives_["measured"])
    services_ = total["services"]
    services_["rate"] = on_time_rate(services_["on_time"], services_["late"])
    return total
