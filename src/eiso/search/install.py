"""Installs the search parts in a site: lexicon normaliser and transforms.

Called by the profile's post-install handler and by the 1002 upgrade step;
each part is idempotent.
"""

from eiso import logger
from eiso.search.lexicon import install_vietnamese_lexicon
from eiso.search.lexicon import text_indexes
from eiso.search.transforms import TRANSFORMS
from plone import api
from Products.ZCatalog.ProgressHandler import ZLogHandler


def install_transforms(portal_transforms):
    """Register the PDF and DOCX to text transforms; True when one was added.

    Another transform going straight from PDF or DOCX to text/plain (Plone's
    ``pdf_to_text`` when poppler's pdftotext was there at site creation) would
    compete with ours for the same path: it is unregistered.
    """
    added = False
    for transform_id, module in TRANSFORMS.items():
        if transform_id in portal_transforms.objectIds():
            continue
        portal_transforms.manage_addTransform(transform_id, module)
        added = True
        ours = portal_transforms[transform_id]
        for other in list(portal_transforms.objectValues()):
            if other.getId() in TRANSFORMS or getattr(other, "output", None) != "text/plain":
                continue
            if set(getattr(other, "inputs", ())) & set(ours.inputs):
                logger.info("Search: %s replaces transform %s", transform_id, other.getId())
                portal_transforms.unregisterTransform(other.getId())
    return added


def install_search(portal=None):
    portal = portal or api.portal.get()
    catalog = api.portal.get_tool("portal_catalog")
    files_added = install_transforms(api.portal.get_tool("portal_transforms"))
    if install_vietnamese_lexicon(catalog):
        return  # every text index was rebuilt
    if files_added:
        # Files uploaded before the transforms existed: index their text now.
        indexes = [name for name in text_indexes(catalog) if name == "SearchableText"]
        logger.info("Search: reindexing %s of the items with attachments", indexes)
        handler = ZLogHandler(500)
        brains = catalog.unrestrictedSearchResults(
            object_provides=["plone.app.contenttypes.interfaces.IFile", "eiso.interfaces.IFullText"]
        )
        handler.init("SearchableText of items with files", len(brains))
        for number, brain in enumerate(brains, 1):
            handler.report(number)
            brain._unrestrictedGetObject().reindexObject(idxs=indexes)
        handler.finish()


def uninstall_search(portal=None):
    from eiso.search.lexicon import uninstall_vietnamese_lexicon

    portal_transforms = api.portal.get_tool("portal_transforms")
    for transform_id in TRANSFORMS:
        if transform_id in portal_transforms.objectIds():
            portal_transforms.unregisterTransform(transform_id)
    uninstall_vietnamese_lexicon(api.portal.get_tool("portal_catalog"))
