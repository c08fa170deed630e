"""1008 → 1009: scale (issue 8) — saving items at the same moment without conflicts.

``make load`` showed which BTrees could not merge two transactions that
changed them at once:

- the words of the text indexes that occur in fewer than ten items were dicts
  inside ``_wordinfo``; every word now has its own IIBTree
  (``eiso.search.ranking.PrecomputedOkapiIndex``);
- notifications were plain dicts; they are now ``Entry`` dicts, which order by id
  (``eiso.notifications.storage``).

BTrees compare values with ``<`` when they merge, which dicts do not support.
This step converts what is stored; new data is written in the new form.
"""

from eiso import logger
from eiso.notifications.storage import KEY as NOTIFICATIONS
from eiso.search.lexicon import text_indexes
from eiso.search.ranking import trees_for_small_maps
from eiso.search.ranking import uses_precomputed
from plone import api
from zope.annotation.interfaces import IAnnotations


def convert_word_maps(catalog):
    converted = 0
    for index_id in text_indexes(catalog):
        index = catalog._catalog.getIndex(index_id)
        if uses_precomputed(index):
            converted += trees_for_small_maps(index)
    logger.info("1009: %d words of the text indexes got their own tree", converted)
    return converted


def convert_notifications(portal):
    users = IAnnotations(portal).get(NOTIFICATIONS)
    converted = sum(notifications.as_entries() for notifications in (users or {}).values())
    logger.info("1009: %d notifications converted", converted)
    return converted


def upgrade(context):
    portal = api.portal.get()
    convert_word_maps(api.portal.get_tool("portal_catalog"))
    convert_notifications(portal)
