"""1009 → 1010: speed (issue 8) — the province overview reads brains.

``@@province-overview`` and the province's ISO report computed every agency's
figures by loading each nonconformity, customer feedback and internal audit for
its workflow history (1.2 s with 50 agencies). Two new metadata columns keep
what they need on the brain: ``workflow_days`` (eiso.reporting.indexers) and
``received_date``. This step adds the columns and recatalogs the items of those
three types, once.
"""

from eiso import logger
from eiso.reporting.indicators import AUDIT_TYPE
from eiso.reporting.indicators import FEEDBACK_TYPE
from eiso.reporting.indicators import NONCONFORMITY_TYPE
from eiso.upgrades import import_profile
from plone import api


def recatalog_histories():
    """Fill the new metadata of the items that have it; return their number."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type=[NONCONFORMITY_TYPE, FEEDBACK_TYPE, AUDIT_TYPE])
    for brain in brains:
        catalog.reindexObject(brain._unrestrictedGetObject(), idxs=["portal_type"],
                              update_metadata=1)
    return len(brains)


def upgrade(context):
    import_profile(("catalog",))
    logger.info("eiso 1010: %d items recataloged with their workflow days",
                recatalog_histories())
