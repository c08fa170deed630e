"""Who handles a management review and its reports; the checks and effects of their workflows.

Management review (``eiso_review_workflow``):

- ``notify`` (the ISO secretary, Bước 3) needs at least one department; it adds one
  ``ReviewReport`` per department that has none yet (:func:`create_reports`), handled
  by the department's head until the review's report deadline, its objectives table
  pre-filled from the department's and the agency's applied quality objectives.
- ``conclude`` (the leader, Bước 4) is refused while a department's report is not
  concluded (:func:`reports_not_concluded`).
- ``record`` (the ISO secretary, Bước 5) needs the minutes.

Department's report (``eiso_review_report_workflow``): its head fills it in and
submits it to the leaders; ``conclude`` needs the leader's conclusion, direction,
responsibility and completion date (:data:`CONCLUSION_FIELDS`).

A refusal is a :class:`eiso.workflows.records.TransitionRefused`: the transition form
shows its message, REST ``@workflow`` answers 400 with it; nothing changes.
"""

from Acquisition import aq_base
from eiso import _
from eiso.cases.handover import _t
from eiso.cases.handover import holders_of
from eiso.content.agency import get_agency
from eiso.content.management_review import CONCLUSION_FIELDS
from eiso.content.management_review import IReviewReportSchema
from eiso.content.management_review import REPORT_TYPE
from eiso.content.quality_objectives import format_percent
from eiso.members import AgencyMembers
from eiso.nonconformities.workflow import department_heads
from eiso.roles import ISO_SECRETARY
from eiso.workflows.records import TransitionRefused
from plone import api

import datetime


CONCLUDED = "concluded"
SUBMITTED = "submitted"


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def review_of(report):
    """The management review that holds ``report``."""
    from Acquisition import aq_inner
    from Acquisition import aq_parent

    return aq_parent(aq_inner(report))


def reporters(report):
    """Who fills a department's report in: its head, else the ISO secretaries."""
    agency = get_agency(report)
    if agency is None:
        return []
    heads = department_heads(agency, getattr(aq_base(report), "department", None))
    return heads or holders_of(agency, ISO_SECRETARY)


def report_deadline(report):
    """The review's report deadline when still ahead, else None (a step's usual time)."""
    deadline = getattr(aq_base(review_of(report)), "report_deadline", None)
    if deadline is not None and deadline >= datetime.date.today():
        return deadline
    return None


def applied_objectives(agency, department):
    """The targets of the applied quality objectives of ``department`` and of the whole
    agency, as rows of a report: [{objective, target, result, cause}]."""
    brains = api.content.find(
        context=agency, portal_type="QualityObjectives", review_state="applied",
        sort_on="created", unrestricted=True,
    )
    rows = []
    seen = set()
    for scope in (department, None):
        for brain in brains:
            item = brain._unrestrictedGetObject()
            if (getattr(aq_base(item), "department", None) or None) != scope:
                continue
            for row in getattr(aq_base(item), "objectives", None) or ():
                name = (row.get("name") or "").strip()
                if not name or name in seen:
                    continue
                seen.add(name)
                rows.append({"objective": name, "target": row.get("target"),
                             "result": None, "cause": None})
    return rows


def create_reports(review):
    """One report per department of ``review`` that has none yet; returns the new ones.

    Reports come only from here: nobody adds one by hand (``eiso: Add ReviewReport`` is
    held by Manager and Site Administrator only), so the department's list and the
    reports cannot disagree. The notifying user is the reports' creator.
    """
    from eiso.content.fields import create_content

    agency = get_agency(review)
    existing = review.reports()
    titles = {d.getId(): d.Title() for d in AgencyMembers(agency).departments()}
    deadline = getattr(aq_base(review), "report_deadline", None)
    if deadline is not None and deadline < datetime.date.today():
        deadline = None
    created = []
    for department in getattr(aq_base(review), "departments", None) or ():
        if department in existing or department not in titles:
            continue
        with api.env.adopt_roles(["Manager"]):
            report = create_content(
                review, REPORT_TYPE, department,
                department=department,
                year=getattr(aq_base(review), "year", None),
                objectives=applied_objectives(agency, department),
                due_date=deadline,
            )
        created.append(report)
    for report in created:
        tell_reporters(review, report)
    return created


def tell_reporters(review, report):
    """The notice to the people who fill ``report`` in: in-app, and by e-mail when they
    have an address (``eiso.notifications.subscribers.notify``)."""
    from eiso.content.management_review import INPUTS
    from eiso.notifications.mail import t
    from eiso.notifications.mail import user_info
    from eiso.notifications.subscribers import notify
    from eiso.utils import format_date

    actor = api.user.get_current().getId()
    chosen = set(getattr(aq_base(review), "agenda", None) or ())
    subject = t(_("Management review notice ${code}: the report of ${department}",
                  mapping={"code": getattr(review, "code", "") or "",
                           "department": report.Title()}))
    lines = [
        t(_("${actor} asks your department to report to the management review “${review}”.",
            mapping={"actor": user_info(actor)[0] if actor else "", "review": review.Title()})),
        t(_("Meeting date: ${date}",
            mapping={"date": format_date(getattr(review, "meeting_date", None)) or "—"})),
        t(_("Deadline of the report: ${date}",
            mapping={"date": format_date(getattr(review, "report_deadline", None)) or "—"})),
        t(_("Agenda (inputs of the review, ISO 9001 9.3.2)")) + ":",
        *(f"- {t(term.title)}" for term in INPUTS if term.value in chosen),
    ]
    for user_id in getattr(aq_base(report), "responsible_users", None) or ():
        if user_id != actor:
            notify(user_id, subject, lines, report.absolute_url())


def reports_not_concluded(review):
    """Titles of the departments whose report is missing or not concluded yet."""
    reports = review.reports()
    titles = {d.getId(): d.Title() for d in AgencyMembers(get_agency(review)).departments()}
    missing = []
    for department in getattr(aq_base(review), "departments", None) or ():
        report = reports.get(department)
        if report is None:
            if department in titles:  # a department removed since reports nothing
                missing.append(titles[department])
        elif api.content.get_state(report, default=None) != CONCLUDED:
            missing.append(report.Title())
    return missing


def missing_conclusion(report):
    """Titles of the conclusion fields still empty, in the form's order."""
    return [
        _t(IReviewReportSchema[name].title)
        for name in CONCLUSION_FIELDS
        if _blank(getattr(aq_base(report), name, None))
    ]


def check_review_transition(review, event):
    """Before ``notify``, ``conclude`` and ``record``: what they need is there."""
    if event.transition is None:
        return
    transition = event.transition.getId()
    if transition == "notify" and not (getattr(aq_base(review), "departments", None) or ()):
        raise TransitionRefused(_("Choose the departments that report before notifying them."))
    if transition == "conclude":
        missing = reports_not_concluded(review)
        if missing:
            raise TransitionRefused(_(
                "The review can be concluded only when every department's report is "
                "concluded. Not concluded yet: ${departments}.",
                mapping={"departments": ", ".join(missing)}))
    if transition == "record" and _blank(getattr(aq_base(review), "minutes", None)):
        raise TransitionRefused(_(
            "Write the minutes of the review first (edit the review, tab “Result of the "
            "review”)."))


def notify_departments(review, event):
    """After ``notify``: the departments' reports."""
    if event.transition is not None and event.transition.getId() == "notify":
        create_reports(review)


def check_report_transition(report, event):
    """Before ``conclude``: the leader's conclusion is complete."""
    if event.transition is None or event.transition.getId() != "conclude":
        return
    missing = missing_conclusion(report)
    if missing:
        raise TransitionRefused(_(
            "Fill in the leader's conclusion before concluding: ${fields}.",
            mapping={"fields": ", ".join(missing)}))


def objective_rows(report):
    """The report's objectives as text: [(objective, target, result, cause)]."""
    return [
        (row.get("objective") or "", format_percent(row.get("target")),
         format_percent(row.get("result")), row.get("cause") or "")
        for row in getattr(aq_base(report), "objectives", None) or ()
    ]
