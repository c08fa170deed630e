"""Catalog indexers of controlled documents: the listing reads brains, never objects."""

from eiso.content.controlled_document import IControlledDocumentSchema
from plone.base.utils import safe_text
from plone.indexer import indexer

import re


@indexer(IControlledDocumentSchema)
def searchable_text(document):
    """Code, title, description and the text written in the document (its file: §11)."""
    text = getattr(document, "text", None)
    body = ""
    if text is not None:
        try:
            body = text.output_relative_to(document) or ""
        except Exception:  # a broken transform must not stop indexing
            body = text.raw or ""
    body = re.sub(r"<[^>]+>", " ", safe_text(body))
    return " ".join(filter(None, [document.code or "", document.Title(), document.Description(),
                                  body]))
