"""1007 → 1008: scale (issue 8) — sections without a stored order.

Sections became unordered (``eiso.content.section.Section._ordering``): the one list
of ids that every addition rewrote made two additions at once conflict. A section
made before keeps that list in an annotation nobody reads any more; this step
removes it (not from *Tổ chức*, which keeps its order of departments).
"""

from eiso import logger
from eiso.content.section import ORDERED_SECTIONS
from eiso.interfaces import ISection
from plone import api
from plone.folder.default import DefaultOrdering
from zope.annotation.interfaces import IAnnotations


ORDER_KEYS = (DefaultOrdering.ORDER_KEY, DefaultOrdering.POS_KEY)


def drop_section_orders(site):
    catalog = api.portal.get_tool("portal_catalog")
    cleaned = 0
    for brain in catalog.unrestrictedSearchResults(object_provides=ISection.__identifier__):
        section = brain._unrestrictedGetObject()
        if section.getId() in ORDERED_SECTIONS:
            continue
        annotations = IAnnotations(section)
        found = [key for key in ORDER_KEYS if key in annotations]
        for key in found:
            del annotations[key]
        cleaned += bool(found)
    logger.info("1008: stored order removed from %d sections", cleaned)
    return cleaned


def upgrade(context):
    drop_section_orders(api.portal.get())
