"""Catalog indexers of risks: the register, its filters and its heat map read brains only.

The level is not indexed: it depends on the thresholds of the ISO settings, so the
register asks for a range of ``risk_score`` (``eiso.content.risk.score_range``).
"""

from eiso.content.risk import IRiskSchema
from plone.indexer import indexer


@indexer(IRiskSchema)
def risk_kind(item):
    return item.kind


@indexer(IRiskSchema)
def risk_likelihood(item):
    return item.likelihood


@indexer(IRiskSchema)
def risk_impact(item):
    return item.impact


@indexer(IRiskSchema)
def risk_score(item):
    return item.score()


@indexer(IRiskSchema)
def risk_searchable_text(item):
    """The Vietnamese search finds a risk by its treatment actions and results too."""
    from eiso.search.indexers import item_text

    rows = " ".join(
        part for row in item.actions() for part in (row.get("action"), row.get("result"))
        if part
    )
    return " ".join(part for part in (item_text(item), rows) if part)
