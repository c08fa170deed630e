"""Upgrade helper: the finished cases of an existing site get their dashboard metadata."""

from datetime import date
from plone import api


def fill_finished_cases():
    """Recatalog the metadata ``case_finished`` and ``case_late`` of the finished cases.

    The upgrade fills the new index for every item; new metadata columns are filled
    only when an item is cataloged again, so the finished cases (and only they, the
    index tells which) are, once. Returns their number.
    """
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        case_finished={"query": date(1900, 1, 1), "range": "min"})
    for brain in brains:
        catalog.reindexObject(brain._unrestrictedGetObject(), idxs=["case_finished"],
                              update_metadata=1)
    return len(brains)
