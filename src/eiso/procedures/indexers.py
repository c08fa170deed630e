"""Catalog indexers of procedure guides."""

from Acquisition import aq_base
from eiso.cases.flows import flow_of
from eiso.cases.steps import CaseSteps
from eiso.content.procedure_guide import IProcedureGuideSchema
from eiso.search.indexers import item_text
from plone import api
from plone.indexer import indexer


@indexer(IProcedureGuideSchema)
def needs_review(guide):
    return bool(getattr(aq_base(guide), "needs_review", None))


@indexer(IProcedureGuideSchema)
def case_open(guide):
    """Open while in a step of its workflow, and while a guide in force is being reviewed."""
    flow = flow_of(guide)
    if flow is not None and flow.is_open(api.content.get_state(guide, default=None)):
        return True
    return bool(getattr(aq_base(guide), "needs_review", None)) and CaseSteps(guide).current() is not None


def table_text(rows):
    for row in rows or ():
        for value in (row or {}).values():
            if isinstance(value, str) and value:
                yield value


@indexer(IProcedureGuideSchema)
def SearchableText(guide):
    """The common text (name, code, forms…) with the field and the tables' text."""
    parts = [item_text(guide), guide.field or ""]
    parts += table_text(guide.dossier_components)
    parts += table_text(guide.steps)
    parts.append(guide.fee_note or "")
    return " ".join(part for part in parts if part)
