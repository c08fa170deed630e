"""Catalog indexers of the case engine: the inbox reads brains, never objects."""

from eiso.behaviors.assignment import ICase
from eiso.cases.flows import flow_of
from eiso.cases.steps import CaseSteps
from Acquisition import aq_base
from plone import api
from plone.indexer import indexer


@indexer(ICase)
def case_open(item):
    """True while the case waits for someone."""
    flow = flow_of(item)
    if flow and flow.is_open(api.content.get_state(item, default=None)):
        return True
    # A type may keep a finished case waiting (a procedure guide under review).
    waiting = getattr(aq_base(item), "case_waiting", None)
    return bool(waiting is not None and waiting())


@indexer(ICase)
def case_step(item):
    """'Bước N: <title>' of the current step; '' when finished."""
    step = CaseSteps(item).current()
    if step is None:
        return ""
    return f"{step['number']}|{step['title']}"


@indexer(ICase)
def year(item):
    """The item's year field, else the year it was created."""
    value = getattr(aq_base(item), "year", None)
    if value:
        return int(value)
    return item.created().year()


@indexer(ICase)
def case_participants(item):
    return tuple(getattr(aq_base(item), "case_participants", None) or ())
