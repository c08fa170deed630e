"""Catalog indexers of procedure guides."""

from Acquisition import aq_base
from eiso.content.procedure_guide import IProcedureGuideSchema
from eiso.search.indexers import item_text
from plone.indexer import indexer


@indexer(IProcedureGuideSchema)
def needs_review(guide):
    return bool(getattr(aq_base(guide), "needs_review", None))


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
