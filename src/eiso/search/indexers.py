"""``SearchableText`` of ``IFullText`` items: their fields and attached files.

The fields are read from the type's schema and behaviors
(``plone.dexterity.utils.iterSchemata``): title, description, ``code``,
``number``, ``summary``, subjects, every plain-text (Text, TextLine) and rich-text
field and the text of every
NamedFile/NamedBlobFile field, single or in a list, converted by
portal_transforms (``eiso.search.transforms`` reads PDF and DOCX). A file is
read once, not at every reindex (``TEXTS``, keyed on its content).
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

from collections import OrderedDict

import hashlib
import logging
import threading


logger = logging.getLogger("eiso.search")

# Plain fields of the SPEC types that are searched besides title and description.
TEXT_ATTRIBUTES = ("code", "number", "summary")


class TextCache:
    """The texts last read from files, keyed on the file's content (its digest).

    An item is reindexed whole at every step of its case; without this its files
    would be read again each time although they have not changed. Keyed on the
    bytes, an entry is never stale, whatever happened to the file since (a new
    upload, a blob rewritten in place, a copy: a working copy finds its text here).
    At most ``max_entries`` texts and ``max_chars`` characters (the oldest go first).
    """

    def __init__(self, max_entries=64, max_chars=8_000_000):
        self.max_entries, self.max_chars = max_entries, max_chars
        self._texts = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    @staticmethod
    def key(mimetype, data):
        return mimetype, hashlib.blake2b(data, digest_size=20).digest()

    def get(self, key):
        with self._lock:
            text = self._texts.get(key)
            if text is not None:
                self._texts.move_to_end(key)
            return text

    def put(self, key, text):
        if len(text) > self.max_chars:
            return
        with self._lock:
            if key in self._texts:
                return
            self._texts[key] = text
            self._chars += len(text)
            while len(self._texts) > self.max_entries or self._chars > self.max_chars:
                _key, old = self._texts.popitem(last=False)
                self._chars -= len(old)

    def clear(self):
        with self._lock:
            self._texts.clear()
            self._chars = 0


TEXTS = TextCache()


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
    data = value.data
    key = TEXTS.key(mimetype, data)
    text = TEXTS.get(key)
    if text is not None:
        return text
    try:
        result = transforms.convertTo(
            "text/plain", data, mimetype=mimetype, filename=value.filename)
    except (ConflictError, KeyboardInterrupt):
        raise
    except Exception:
        logger.warning("Cannot read the text of %s (%s)", what, value.filename, exc_info=True)
        return ""
    text = safe_text(result.getData()) if result else ""
    TEXTS.put(key, text)
    return text


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
