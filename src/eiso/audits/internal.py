"""Internal audits (Cuộc đánh giá nội bộ): the checklist, the workflow's checks, the
findings that open nonconformities and feed the improvement plan.

- ``checklist_rows(audit)``: the questions of the audit criteria (``eiso.audit_criteria``)
  for each department audited. When the audit carries out a programme whose schedule
  names the clauses of a department, that department is asked only the questions of
  those clauses (a question of 7.5.3 falls under "7.5"); otherwise every question.
  ``add_checklist`` adds the rows the checklist lacks (a second call adds nothing);
  a new audit gets its checklist when it is added (``checklist_on_added``).
- ``check_transition``: a plan is rejected with its reason; the report is submitted
  only when every question is answered.
- ``open_findings``: after ``report`` each nonconformity found opens a
  ``Nonconformity`` (``eiso.nonconformities.open_nonconformity``) whose UID is kept on
  the finding's row: a second call opens none again.
- ``opportunities(agency, year, known)``: the opportunities for improvement of the
  reported and closed audits of a year, as rows of the improvement plan
  (``eiso.improvements.plans.candidates``).
"""

from eiso import _
from eiso.audits.criteria import criteria
from eiso.content.internal_audit import NONCONFORMITY
from eiso.content.internal_audit import OPPORTUNITY
from eiso.content.internal_audit import PORTAL_TYPE
from eiso.workflows.records import TransitionRefused
from plone import api

import datetime


REPORTED_STATES = ("reported", "closed")


def _clauses(text):
    return [part.strip() for part in (text or "").replace(";", ",").split(",")
            if part.strip()]


def _covered(clause, clauses):
    return any(clause == scope or clause.startswith(scope + ".") for scope in clauses)


def programme_clauses(audit):
    """{department: [clauses]} of the audit's programme's schedule (its rows that name
    clauses); {} without a programme."""
    programme = None
    uid = getattr(audit, "programme", None)
    if uid:
        brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(UID=uid)
        programme = brains[0]._unrestrictedGetObject() if brains else None
    result = {}
    for row in getattr(programme, "schedule", None) or ():
        clauses = _clauses(row.get("clauses"))
        if row.get("department") and clauses:
            result.setdefault(row["department"], []).extend(clauses)
    return result


def checklist_rows(audit):
    """The checklist the audit's criteria and departments give (see the module)."""
    questions = criteria()
    scopes = programme_clauses(audit)
    rows = []
    for department in getattr(audit, "departments", None) or [None]:
        clauses = scopes.get(department)
        for clause, question in questions:
            if clauses and not _covered(clause, clauses):
                continue
            rows.append({"clause": clause, "question": question, "department": department,
                         "answer": None, "evidence": None})
    return rows


def _key(row):
    return (row.get("clause") or "", row.get("question") or "", row.get("department") or "")


def add_checklist(audit):
    """Add the questions the checklist lacks; returns the rows added."""
    known = {_key(row) for row in getattr(audit, "checklist", None) or ()}
    added = [row for row in checklist_rows(audit) if _key(row) not in known]
    if added:
        audit.checklist = list(audit.checklist or []) + added
    return added


def checklist_on_added(audit, event):
    if not getattr(audit, "checklist", None):
        add_checklist(audit)


def unanswered(audit):
    return [number for number, row in enumerate(audit.checklist or [], start=1)
            if not row.get("answer")]


def check_transition(audit, event):
    """Before a transition (nothing changes when one refuses: the transition form
    shows the message, REST ``@workflow`` answers 400)."""
    transition = event.transition.getId() if event.transition is not None else None
    if transition == "reject":
        comment = (event.kwargs or {}).get("comment") or ""
        if not comment.strip():
            raise TransitionRefused(_(
                "Write the reason why the audit plan is not approved in the comment."))
    elif transition == "report":
        if not audit.checklist:
            raise TransitionRefused(_(
                "The checklist is empty: make it from the audit criteria and fill it in "
                "before submitting the report."))
        missing = unanswered(audit)
        if missing:
            raise TransitionRefused(_(
                "Answer every question of the checklist before submitting the report "
                "(${count} not answered, first: question ${number}; choose “Không áp "
                "dụng” where a question does not apply).",
                mapping={"count": len(missing), "number": missing[0]}))


def open_findings(audit):
    """Open a nonconformity for each nonconformity found that has none yet; returns them."""
    from eiso.nonconformities import open_nonconformity

    opened = []
    rows = [dict(row) for row in getattr(audit, "findings", None) or ()]
    for row in rows:
        if row.get("kind") != NONCONFORMITY or row.get("nonconformity"):
            continue
        item = open_nonconformity(
            audit, "audit", row.get("description"),
            department=row.get("department"), clause=row.get("clause"),
        )
        row["nonconformity"] = item.UID()
        opened.append(item)
    if opened:
        audit.findings = rows
        audit.reindexObject()
    return opened


def open_findings_on_report(audit, event):
    if event.transition is not None and event.transition.getId() == "report":
        open_findings(audit)


def opportunities(agency, year, known=()):
    """Rows of the improvement plan: the opportunities for improvement found by the
    reported and closed audits of ``year`` whose code is not in ``known``."""
    from eiso.content.improvement import action_text
    from eiso.content.improvement import AUDIT
    from eiso.content.improvement import NOT_STARTED
    from eiso.nonconformities.workflow import department_heads

    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type=PORTAL_TYPE, review_state=REPORTED_STATES, year=year,
        path="/".join(agency.getPhysicalPath()), sort_on="created")
    rows = []
    for brain in brains:
        if brain.code in known:
            continue
        audit = brain._unrestrictedGetObject()
        for row in audit.findings or ():
            if row.get("kind") != OPPORTUNITY:
                continue
            heads = department_heads(agency, row.get("department"))
            rows.append({
                "action": action_text(row.get("description")),
                "source": AUDIT,
                "source_ref": audit.code,
                "owner": heads[0] if heads else None,
                "deadline": datetime.date(year, 12, 31),
                "result": None,
                "status": NOT_STARTED,
            })
    return rows
