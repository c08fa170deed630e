"""An improvement plan fed from the agency's proposals and nonconformities.

``candidates(plan)`` are the rows "Lấy từ đề xuất và sự không phù hợp" adds to a
draft plan (``feed``):

- each accepted proposal of the agency (any year: accepted, not planned yet), as an
  action of its department's head (none when the department has no head), due at
  the end of the plan's year;
- each nonconformity of the agency reported in the plan's year whose corrective
  action is approved or being carried out, as its corrective action, person
  responsible and due date;

- each opportunity for improvement found by an internal audit of the plan's year
  that is reported or closed (``eiso.audits.internal.opportunities``), as an
  action of its department's head, due at the end of the year, referenced by the
  audit's code;

leaving out those whose code is already a row's reference (``source_ref``): a
second click adds nothing. Owners and deadlines can be changed before submitting.

When the plan is applied (``include_planned``), the accepted proposals its rows
name become ``planned`` (transition ``include``, "Đưa vào kế hoạch"); rows added
to a draft do not change the proposals, since a draft may still lose them.
"""

from Acquisition import aq_base
from eiso import _
from eiso.cases.handover import _t
from eiso.content.agency import get_agency
from eiso.content.improvement import action_text
from eiso.content.improvement import default_plan_title
from eiso.content.improvement import IN_PROGRESS
from eiso.content.improvement import NONCONFORMITY
from eiso.content.improvement import NOT_STARTED
from eiso.content.improvement import PROPOSAL
from eiso.content.improvement import PROPOSAL_TYPE
from eiso.nonconformities.workflow import department_heads
from plone import api

import datetime


NONCONFORMITY_STATES = ("approved", "implementing")


def _find(agency, **query):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(path="/".join(agency.getPhysicalPath()), **query)
    # In the order they were made; the case code breaks ties within one second.
    brains = sorted(brains, key=lambda brain: (brain.created, brain.code or ""))
    return [brain._unrestrictedGetObject() for brain in brains]


def referenced_codes(plan):
    return {(row.get("source_ref") or "").strip() for row in plan.actions or []} - {""}


def candidates(plan):
    """The rows the plan would gain from the agency's proposals and nonconformities."""
    agency = get_agency(plan)
    if agency is None:
        return []
    known = referenced_codes(plan)
    year = plan.year
    rows = []
    for proposal in _find(agency, portal_type=PROPOSAL_TYPE, review_state="accepted"):
        if proposal.code in known:
            continue
        heads = department_heads(agency, proposal.department)
        rows.append({
            "action": action_text(f"{proposal.Title()}: {proposal.proposal}"),
            "source": PROPOSAL,
            "source_ref": proposal.code,
            "owner": heads[0] if heads else None,
            "deadline": datetime.date(year, 12, 31),
            "result": None,
            "status": NOT_STARTED,
        })
    for item in _find(agency, portal_type="Nonconformity", review_state=NONCONFORMITY_STATES,
                      year=year):
        if item.code in known:
            continue
        state = api.content.get_state(item)
        rows.append({
            "action": action_text(item.corrective_action or item.Title()),
            "source": NONCONFORMITY,
            "source_ref": item.code,
            "owner": item.responsible,
            "deadline": item.action_due_date,
            "result": None,
            "status": IN_PROGRESS if state == "implementing" else NOT_STARTED,
        })
    # The opportunities for improvement found by the reported internal audits of the year.
    from eiso.audits.internal import opportunities

    rows.extend(opportunities(agency, year, known))
    return rows


def feed(plan):
    """Add ``candidates(plan)`` to the plan's actions; returns the rows added."""
    rows = candidates(plan)
    if rows:
        plan.actions = list(plan.actions or []) + rows
        plan.reindexObject()
    return rows


def default_title(plan, event):
    """A plan saved without a title is "Kế hoạch cải tiến liên tục năm <year>"."""
    if not (plan.title or "").strip() and plan.year:
        plan.title = default_plan_title(plan.year)
        plan.reindexObject(idxs=["Title", "sortable_title", "SearchableText"])


def include_planned(plan, event):
    """After ``apply``: the accepted proposals the plan names become ``planned``."""
    if event.transition is None or event.transition.getId() != "apply":
        return
    agency = get_agency(plan)
    codes = {(row.get("source_ref") or "").strip() for row in plan.actions or []
             if row.get("source") == PROPOSAL}
    codes.discard("")
    if agency is None or not codes:
        return
    comment = _t(_("Included in ${code} ${title}",
                   mapping={"code": getattr(aq_base(plan), "code", "") or "",
                            "title": plan.Title()}))
    for proposal in _find(agency, portal_type=PROPOSAL_TYPE, review_state="accepted"):
        if proposal.code in codes:
            # The plan's approval is the decision: nobody includes a proposal by hand.
            with api.env.adopt_roles(["Manager"]):
                api.content.transition(obj=proposal, transition="include", comment=comment)
