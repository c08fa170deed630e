"""Who handles a customer feedback, and the checks and effects of its workflow.

- ``assign`` (the ISO secretary) needs the handling department; the next step
  (and the step after ``send_back``) waits for that department's head — its
  ``head`` when that account is active, else its members holding
  ``DepartmentHead`` — else for the ISO secretaries.
- ``respond`` needs the response text; it sets the date of the response when it
  was left empty.
- ``reject`` (not in scope, spam…) needs the reason in the comment.

A refusal is a :class:`eiso.workflows.records.TransitionRefused`: the transition
form shows its message, REST ``@workflow`` answers 400 with it; nothing changes.
"""

from Acquisition import aq_base
from eiso import _
from eiso.cases.handover import holders_of
from eiso.content.agency import get_agency
from eiso.nonconformities.workflow import department_heads
from eiso.roles import ISO_SECRETARY
from eiso.workflows.records import TransitionRefused

import datetime


def handling_heads(item):
    """Who writes the response: the handling department's head, else the ISO secretaries."""
    agency = get_agency(item)
    if agency is None:
        return []
    heads = department_heads(agency, getattr(aq_base(item), "department", None))
    return heads or holders_of(agency, ISO_SECRETARY)


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def check_transition(item, event):
    """Before ``assign``, ``respond`` and ``reject``: what they need is there."""
    if event.transition is None:
        return
    transition = event.transition.getId()
    if transition == "assign" and _blank(getattr(aq_base(item), "department", None)):
        raise TransitionRefused(_(
            "Choose the handling department first (edit the feedback, field “Handling "
            "department”)."))
    if transition == "respond" and _blank(getattr(aq_base(item), "response", None)):
        raise TransitionRefused(_(
            "Write the response to the citizen first (edit the feedback, tab “Response”)."))
    if transition == "reject":
        comment = (event.kwargs or {}).get("comment") or ""
        if not comment.strip():
            raise TransitionRefused(_(
                "Write in the comment why the feedback is not handled (e.g. spam, not "
                "within the agency's competence)."))


def record_response(item, event):
    """After ``respond``: the date of the response, when none was written."""
    if event.transition is None or event.transition.getId() != "respond":
        return
    if getattr(aq_base(item), "response_date", None) is None:
        item.response_date = datetime.date.today()
        item.reindexObject()
