"""Catalog indexers of legal documents: the register's listing reads brains only."""

from eiso.content.legal_document import ILegalDocumentSchema
from plone.indexer import indexer
from plone.base.utils import safe_text
from Products.CMFCore.utils import getToolByName

import logging


logger = logging.getLogger(__name__)


@indexer(ILegalDocumentSchema)
def code(item):
    """A text's number (Số ký hiệu) is its code in listings and search results."""
    return item.number or ""


@indexer(ILegalDocumentSchema)
def year(item):
    """The year the text was signed (the register's year filter)."""
    return item.signed_date.year if item.signed_date else None


def file_text(item):
    """The words of the attached file, when a transform to text exists for it."""
    blob = getattr(item, "file", None)
    if blob is None:
        return ""
    transforms = getToolByName(item, "portal_transforms")
    if transforms._findPath(blob.contentType, "text/plain") is None:
        return ""
    try:
        data = transforms.convertTo(
            "text/plain", blob.data, mimetype=blob.contentType, filename=blob.filename
        )
    except Exception:  # a broken file must not prevent saving the text
        logger.exception("Could not extract the text of %s", blob.filename)
        return ""
    return safe_text(data.getData()) if data else ""


@indexer(ILegalDocumentSchema)
def SearchableText(item):
    return " ".join(
        safe_text(part)
        for part in (
            item.number,
            item.Title(),
            item.legal_kind,
            item.issuer,
            item.summary,
            item.field,
            file_text(item),
        )
        if part
    )
