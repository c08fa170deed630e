"""Treatment actions on the case engine: recording actions done moves the approved risk on.

After ``approve`` the owners of the actions not yet done handle the risk, by the
earliest of their due dates (``Risk.case_assignment``). Each time actions are
recorded done (``record_done``, the form "Cập nhật biện pháp"), ``refresh_handlers``
reassigns the step through the engine (``eiso.cases.handover.hand_over`` without a
transition): an owner with no open action left leaves the step, the deadline becomes
the earliest due date still open and, once every action is done, the step goes to the
flow's default handler of ``approve`` (the ISO secretary), who applies the risk.
"""

from eiso import _
from eiso.cases.handover import default_assignment
from eiso.cases.handover import hand_over
from eiso.cases.steps import CaseSteps
from eiso.content.fields import in_site_language
from eiso.utils import format_date
from plone import api
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import copy


# The state whose step follows the treatment.
TREATING = "approved"


def record_done(risk, updates):
    """Mark actions done: ``updates`` maps a row's index to ``(date done, result)``.

    Returns the rows changed. The caller checks the permission (the form's: Review
    portal content, held in ``approved`` by the step's handlers and the leaders).
    """
    rows = copy.deepcopy(list(risk.treatment_actions or ()))
    changed = []
    for index, (done, result) in sorted(updates.items()):
        if done is None or not 0 <= index < len(rows):
            continue
        row = rows[index]
        row["done"] = done
        if result:
            row["result"] = result
        changed.append(row)
    if not changed:
        return []
    risk.treatment_actions = rows
    notify(ObjectModifiedEvent(risk))
    comment = in_site_language(_("Treatment actions done: ${actions}", mapping={
        "actions": "; ".join(f"{row['action']} ({format_date(row['done'])})" for row in changed),
    }))
    refresh_handlers(risk, comment)
    return changed


def refresh_handlers(risk, comment=""):
    """Give the approved risk's step to the owners of the open actions (or, when all are
    done, to the flow's default handler), by the earliest open due date."""
    if api.content.get_state(risk, default=None) != TREATING:
        return
    step = CaseSteps(risk).current()
    if step is None:
        return
    handlers, department, deadline = default_assignment(risk, "approve")
    if not handlers:
        return
    if (set(handlers), deadline) == (set(step["handlers"]), step["deadline"]) and not comment:
        return
    hand_over(risk, None, comment=comment, handlers=handlers, department=department,
              due_date=deadline)
