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
