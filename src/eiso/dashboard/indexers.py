"""Catalog indexers of the dashboard: when a case was finished, and whether late.

``case_finished`` (DateIndex): the day the case reached a final state of its
flow (a state without a step, "Hoàn thành"), that is the day its last step was
finished; nothing while the case is open. ``case_late`` (BooleanIndex): True when
some step of a finished case was finished after its deadline (the timeline's red
"trễ hạn"); a step without a deadline is never late. Both are read from the
case's timeline (:class:`eiso.cases.steps.CaseSteps`) when the case is
reindexed, which the engine does after every transition.
"""

from eiso.behaviors.assignment import ICase
from eiso.cases.flows import flow_of
from eiso.cases.steps import CaseSteps
from plone import api
from plone.indexer import indexer


def _day(value):
    """A Zope DateTime as a local date."""
    return value.asdatetime().date()


def finished_steps(item):
    """The steps of a finished case, or None while it is open (or no case)."""
    flow = flow_of(item)
    if flow is None or flow.is_open(api.content.get_state(item, default=None)):
        return None
    steps = list(CaseSteps(item))
    if not steps or steps[-1]["finished"] is None:
        return None
    return steps


def is_late(steps):
    return any(
        step["deadline"] is not None and step["finished"] is not None
        and _day(step["finished"]) > step["deadline"]
        for step in steps
    )


@indexer(ICase)
def case_finished(item):
    steps = finished_steps(item)
    if steps is None:
        raise AttributeError("case_finished")
    return _day(steps[-1]["finished"])


@indexer(ICase)
def case_late(item):
    steps = finished_steps(item)
    if steps is None:
        raise AttributeError("case_late")
    return is_late(steps)
