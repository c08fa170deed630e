"""Catalog indexers of nonconformities: the listing of ``kiem-soat`` reads brains only."""

from eiso.content.nonconformity import INonconformitySchema
from plone.indexer import indexer


@indexer(INonconformitySchema)
def nc_source(item):
    return item.source


@indexer(INonconformitySchema)
def iso_clauses(item):
    """The clause, for the search page's facet "Điều khoản ISO"."""
    return [item.clause] if item.clause else []
