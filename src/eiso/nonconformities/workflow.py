"""Who handles a nonconformity, and the checks and effects of its workflow.

- The first step (and the step after ``send_back``) waits for the head of the
  nonconformity's department: the department's ``head`` when that account is
  active, else the members of the department holding ``DepartmentHead``; without a
  department or a head, the ISO secretaries.
- ``analyse`` needs the root cause, the corrective action, the person responsible
  and the due date of the action.
- ``verify`` needs the result of the verification and ``action_effective`` ticked;
  ``reopen`` (not effective, correct again) the result and ``action_effective`` not ticked.
  Both record who verified and when (``verified_by``, ``verified_date``).

A refusal is a :class:`eiso.workflows.records.TransitionRefused`: the transition
form shows its message, REST ``@workflow`` answers 400 with it; nothing changes.
"""

from Acquisition import aq_base
from eiso import _
from eiso.cases.handover import _t
from eiso.cases.handover import holders_of
from eiso.content.agency import get_agency
from eiso.content.nonconformity import INonconformitySchema
from eiso.members import AgencyMembers
from eiso.roles import DEPARTMENT_HEAD
from eiso.roles import ISO_SECRETARY
from eiso.roles import STAFF
from eiso.workflows.records import TransitionRefused
from plone import api

import datetime


# Fields the analysis needs before the leader sees it.
ANALYSIS_FIELDS = ("root_cause", "corrective_action", "responsible", "action_due_date")


def department_heads(agency, department_id):
    """The active heads of the agency's department ``department_id``."""
    if not department_id:
        return []
    department = None
    for candidate in AgencyMembers(agency).departments():
        if candidate.getId() == department_id:
            department = candidate
            break
    if department is None:
        return []
    active = set(holders_of(agency, STAFF))
    head = getattr(aq_base(department), "head", None)
    if head and head in active:
        return [head]
    members = set(getattr(aq_base(department), "members", None) or ())
    return [user_id for user_id in holders_of(agency, DEPARTMENT_HEAD) if user_id in members]


def analysts(item):
    """Who analyses ``item``: its department's head, else the ISO secretaries."""
    agency = get_agency(item)
    if agency is None:
        return []
    heads = department_heads(agency, getattr(aq_base(item), "department", None))
    return heads or holders_of(agency, ISO_SECRETARY)


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def missing_analysis(item):
    """Titles of the analysis fields still empty, in the form's order."""
    return [
        _t(INonconformitySchema[name].title)
        for name in ANALYSIS_FIELDS
        if _blank(getattr(aq_base(item), name, None))
    ]


def check_transition(item, event):
    """Before ``analyse``, ``verify`` and ``reopen``: what they need is there."""
    if event.transition is None:
        return
    transition = event.transition.getId()
    if transition == "analyse":
        missing = missing_analysis(item)
        if missing:
            raise TransitionRefused(_(
                "Fill in before sending the analysis: ${fields}.",
                mapping={"fields": ", ".join(missing)}))
    elif transition in ("verify", "reopen"):
        if _blank(getattr(aq_base(item), "verification", None)):
            raise TransitionRefused(_(
                "Write the result of the verification of effectiveness first (edit the "
                "nonconformity, tab “Verification of effectiveness”)."))
        effective = bool(getattr(aq_base(item), "action_effective", False))
        if transition == "verify" and not effective:
            raise TransitionRefused(_(
                "The corrective action is not marked as effective: tick “The corrective "
                "action was effective”, or send it back for correction (“Not effective, "
                "correct again”)."))
        if transition == "reopen" and effective:
            raise TransitionRefused(_(
                "The corrective action is marked as effective: confirm it instead of "
                "sending it back for correction."))


def record_verification(item, event):
    """After ``verify`` or ``reopen``: who verified the corrective action, and when."""
    if event.transition is None or event.transition.getId() not in ("verify", "reopen"):
        return
    user = api.user.get_current()
    item.verified_by = user.getId() if user is not None else None
    item.verified_date = datetime.date.today()
