"""Checks of the improvements' workflows, before the transition (nothing changes when
one refuses: the transition form shows the message, REST ``@workflow`` answers 400).

- A proposal is rejected with its reason: ``reject`` needs a comment.
- A plan is submitted, approved and applied only with at least one action, each
  complete (action, owner, deadline) and none due before the plan's year.
"""

from eiso import _
from eiso.content.improvement import action_problems
from eiso.workflows.records import TransitionRefused


def check_proposal_transition(item, event):
    if event.transition is None or event.transition.getId() != "reject":
        return
    comment = (event.kwargs or {}).get("comment") or ""
    if not comment.strip():
        raise TransitionRefused(_(
            "Write the reason why the proposal is not accepted in the comment."))


def check_plan_transition(item, event):
    if event.transition is None or event.transition.getId() not in (
            "submit", "approve", "apply"):
        return
    rows = list(getattr(item, "actions", None) or [])
    if not rows:
        raise TransitionRefused(_(
            "The plan has no action yet: add them, or fill them in from the proposals "
            "and nonconformities."))
    problems = action_problems(rows, getattr(item, "year", None))
    if problems:
        raise TransitionRefused(problems[0])
