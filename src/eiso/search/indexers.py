"""``SearchableText`` of ``IFullText`` items: their fields and attached files.

The fields are read from the type's schema and behaviors
(``plone.dexterity.utils.iterSchemata``): title, description, ``code``,
``number``, ``summary``, subjects, every plain-text (Text, TextLine) and rich-text
field and the text of every
NamedFile/NamedBlobFile field, single or in a list, converted by
portal_transforms (``eiso.search.transforms`` reads PDF and DOCX).
"""

from Acquisition import aq_base
from plone.app.textfield.interfaces import IRichText
from plone.app.textfield.value import IRichTextValue
from plone.base.utils import safe_text
from plone.dexterity.utils import iterSchemata
from plone.indexer import indexer
from plone.namedfile.interfaces import INamedField
from Products.CMFCore.utils import getToolByName
from ZODB.POSException import ConflictError
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IText
from eiso.content.agency import get_agency
from eiso.interfaces import IFullText
from zope.interface import Interface
from eiso.search import transforms as text_transforms

import logging


logger = logging.getLogger("eiso.search")

# Plain fields of the SPEC types that are searched besides title and description.
TEXT_ATTRIBUTES = ("code", "number", "summary")


def file_text(context, value, what=""):
    """The plain text of a NamedFile, '' when it has none or cannot be read."""
    if value is None or not getattr(value, "getSize", None):
        return ""
    size = value.getSize()
    if not size:
        return ""
    if size > text_transforms.MAX_FILE_SIZE:
        logger.info("Not indexing the text of %s (%s, %d bytes: too large)", what, value.filename, size)
        return ""
    transforms = getToolByName(context, "portal_transforms")
    mimetype = value.contentType or "application/octet-stream"
    if mimetype.startswith("text/plain"):
        return safe_text(value.data)
    if transforms._findPath(mimetype, "text/plain") is None:
        return ""
    try:
        result = transforms.convertTo(
            "text/plain", value.data, mimetype=mimetype, filename=value.filename
        )
    except (ConflictError, KeyboardInterrupt):
        raise
    except Exception:
        logger.warning("Cannot read the text of %s (%s)", what, value.filename, exc_info=True)
        return ""
    return safe_text(result.getData()) if result else ""


def rich_text(context, value):
    if not IRichTextValue.providedBy(value) or not value.raw:
        return ""
    transforms = getToolByName(context, "portal_transforms")
    result = transforms.convertTo("text/plain", safe_text(value.raw), mimetype=value.mimeType)
    return safe_text(result.getData()).strip() if result else ""


def field_texts(item, files=True):
    """The text of the plain-text, rich-text and file fields of ``item``'s schemata
    (title, description and ``TEXT_ATTRIBUTES`` come from ``item_text``)."""
    seen = {"title", "description", "id"} | set(TEXT_ATTRIBUTES)
    for schema in iterSchemata(item):
        for name, field in getFieldsInOrder(schema):
            if name in seen:
                continue
            is_files = ICollection.providedBy(field) and INamedField.providedBy(field.value_type)
            is_file = INamedField.providedBy(field) or is_files
            is_plain = IText.providedBy(field) and not IRichText.providedBy(field)
            if not (IRichText.providedBy(field) or is_file or is_plain) or (is_file and not files):
                continue
            seen.add(name)
            adapted = schema(item, None)
            value = getattr(aq_base(adapted), name, None) if adapted is not None else None
            if value is None:
                continue
            what = f"{item.absolute_url_path()} {name}"
            if is_plain:
                yield value if isinstance(value, str) else ""
            elif IRichText.providedBy(field):
                yield rich_text(item, value)
            elif is_files:
                for one in value:
                    yield file_text(item, one, what)
            else:
                yield file_text(item, value, what)


def item_text(item, files=True):
    """The searchable text of ``item``; without its files' text when not ``files``."""
    base = aq_base(item)
    parts = [item.getId(), item.Title(), item.Description()]
    parts += [getattr(base, name, None) or "" for name in TEXT_ATTRIBUTES]
    parts += list(item.Subject())
    parts += field_texts(item, files=files)
    return " ".join(safe_text(part) for part in parts if part and isinstance(part, (str, bytes)))


@indexer(IFullText)
def SearchableText(item):
    return item_text(item)


@indexer(Interface)
def agency(item):
    """Id of the agency holding ``item`` (the search page's agency facet)."""
    found = get_agency(item)
    if found is None:
        raise AttributeError("agency")
    return found.getId()
