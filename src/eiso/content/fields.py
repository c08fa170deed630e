"""Fields and helpers shared by the eiso content types."""

from eiso import _
from plone import api
from plone.app.content.interfaces import INameFromTitle
from plone.dexterity.content import DexterityContent
from plone.dexterity.utils import datify
from plone.namedfile.field import NamedBlobFile
from z3c.form.converter import BaseDataConverter
from z3c.form.converter import FormatterValidationError
from z3c.form.interfaces import IWidget
from zope import schema
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer
from zope.schema.interfaces import IInt
from zope.schema.interfaces import IList

import datetime
import os


def current_year():
    return datetime.date.today().year


class IYear(IInt):
    """A calendar year."""


@implementer(IYear)
class Year(schema.Int):
    """A calendar year between 2000 and 2100, this year by default."""

    def __init__(self, **kw):
        kw.setdefault("min", 2000)
        kw.setdefault("max", 2100)
        if "default" not in kw and "defaultFactory" not in kw:
            kw["defaultFactory"] = current_year
        super().__init__(**kw)


@adapter(IYear, IWidget)
class YearDataConverter(BaseDataConverter):
    """Shows 2026, not the locale's grouped number "2.026"."""

    def toWidgetValue(self, value):
        if value == self.field.missing_value:
            return ""
        return str(value)

    def toFieldValue(self, value):
        value = (value or "").strip()
        if not value:
            return self.field.missing_value
        try:
            return int(value)
        except ValueError:
            raise FormatterValidationError(_("Enter a year, e.g. 2026."), value)


# The file of a document, a legal text or a change request: PDF or Word, at most 20 MB
# (as the case transition form's uploads).
FILE_EXTENSIONS = (".pdf", ".docx", ".doc")
MAX_FILE_MB = 20
MAX_FILE_SIZE = MAX_FILE_MB * 1024 * 1024


class FileNotAccepted(schema.ValidationError):
    """The uploaded file is not a PDF/Word file or is too large."""

    def doc(self):
        return self.args[0]


def check_office_file(value):
    """Only PDF and Word files, at most the site's limit (``eiso.upload_max_mb``)."""
    if value is None:
        return True
    extension = os.path.splitext(value.filename or "")[1].lower()
    if extension not in FILE_EXTENSIONS:
        raise FileNotAccepted(
            _(
                "The file “${name}” is not accepted: attach a PDF or Word file "
                "(.pdf, .docx, .doc).",
                mapping={"name": value.filename or ""},
            )
        )
    from eiso.security.uploads import check_size

    # The site's limit (eiso.upload_max_mb), MAX_FILE_MB unless changed.
    return check_size(value)


def office_file(title, description):
    """An optional file field taking a PDF or Word file (``check_office_file``)."""
    return NamedBlobFile(
        title=title, description=description, required=False, constraint=check_office_file
    )


def in_site_language(message):
    """A default title is stored: translate it to the site's language, not the user's."""
    language = api.portal.get_registry_record("plone.default_language", default="vi")
    return translate(message, target_language=language)


class OwnEffectiveDate(DexterityContent):
    """Mixin for types whose schema has the SPEC's ``effective_date`` (a date).

    Dexterity keeps Plone's publishing date in the attribute of the same name,
    and the catalog hides items whose ``effective()`` lies in the future from
    everybody without "Access inactive portal content": a document approved
    today that takes effect next month would vanish from its handlers' inbox
    and from search. Here ``effective_date`` means only the SPEC's date (shown
    by ``EffectiveDate()``/``Date()``), the item is listed from its creation,
    and such types must not use the ``plone.publication``/``plone.dublincore``
    behaviors (their "Publishing date" writes the same attribute).

    It derives from DexterityContent only so that zope.interface finds a
    ``__providedBy__`` on it and plants none of its own, which, first in the
    MRO, would hide Dexterity's: the behaviors' markers (``ICase``) would be lost.
    Put it before ``Item``/``Container`` in the bases.
    """

    def setEffectiveDate(self, effective_date):
        """Dexterity's constructor and Plone's tools call this with a DateTime: keep a date."""
        from eiso.workingdays import as_date

        empty = effective_date in (None, "None", "")
        self.effective_date = None if empty else as_date(datify(effective_date)
                                                         if isinstance(effective_date, str)
                                                         else effective_date)

    def effective(self):
        return datify(getattr(self, "creation_date", None)) or self.created()

    def isEffective(self, date):
        return True


def table(title, row_schema, description=None, row_title=None, field=schema.List):
    """A list of dict rows (``row_schema``) edited as a grid (datagridfield's widget,
    set with ``directives.widget``); ``field`` may be a ``schema.List`` subclass."""
    from collective.z3cform.datagridfield.row import DictRow

    return field(
        title=title,
        description=description,
        value_type=DictRow(title=row_title or title, schema=row_schema),
        required=False,
        defaultFactory=list,
        missing_value=[],
    )


def short_text(text, size=80):
    """``text`` on one line, cut after a word to at most ``size`` characters (+ "…")."""
    text = " ".join((text or "").split())
    if len(text) <= size:
        return text
    return text[:size].rsplit(" ", 1)[0] + "…"


def create_content(container, portal_type, name=None, **fields):
    """Add a ``portal_type`` item to ``container`` under an id chosen from ``name``.

    The id is ``name`` (or the item's title) normalised and made unique before the
    item is added, as the Dexterity add form does, so the item is indexed once.
    plone.api's ``content.create`` without a fixed id adds it under a random id and
    renames it, which indexes it twice and makes the catalog log "uncatalogObject
    unsuccessfully attempted…" for the random path. The current user's add
    permission and the types the container allows (its FTI and, as ``invokeFactory``
    checks, its ``IConstrainTypes``: a section takes only its own types) are checked.
    """
    from AccessControl import Unauthorized
    from plone.dexterity.interfaces import IDexterityFTI
    from plone.dexterity.utils import createContentInContainer
    from zope.component import getUtility

    if not getUtility(IDexterityFTI, name=portal_type).isConstructionAllowed(container):
        raise Unauthorized(f"Cannot create {portal_type}")
    if portal_type not in [fti.getId() for fti in container.allowedContentTypes()]:
        raise ValueError(f"{portal_type} cannot be added to "
                         f"{'/'.join(container.getPhysicalPath())}")
    if name:
        fields["id"] = name
    return createContentInContainer(container, portal_type, **fields)


class IFileList(IList):
    """A list of files (records' files, procedure guides' forms)."""

    download_view = schema.ASCIILine(
        title="The item's view that serves the n-th file: <item>/@@<view>/<n>")


@implementer(IFileList)
class FileList(schema.List):
    """``schema.List`` of files; REST gives each file with its download address."""

    def __init__(self, download_view, **kw):
        self.download_view = download_view
        kw.setdefault("required", False)
        kw.setdefault("default", [])
        kw.setdefault("missing_value", [])
        super().__init__(**kw)


@implementer(INameFromTitle)
class NameFromComputedTitle:
    """The id of an item whose ``Title()`` is computed (a risk or a nonconformity
    without a title is named by the beginning of its description): …/<that title>.
    Registered in ZCML for each schema that needs it."""

    def __init__(self, context):
        self.context = context

    @property
    def title(self):
        return self.context.Title()


def rename_added(item, new_id):
    """Rename ``item``, added in this transaction under a temporary id (a copy, a
    working copy), to ``new_id`` (made unique); return it.

    Its indexing is still queued under the temporary path: the queue is processed
    first, or the rename would ask the catalog to unindex a path it has never seen
    ("uncatalogObject unsuccessfully attempted…" in the log).
    """
    from Products.CMFCore.indexing import processQueue

    processQueue()
    return api.content.rename(obj=item, new_id=new_id, safe_id=True)


class NotBlank(schema.ValidationError):
    __doc__ = _("Required input is missing.")


def not_blank(value):
    """A field's constraint: text of spaces only is none (REST sends "" for a missing
    one), refused with "Required input is missing."."""
    if not (value or "").strip():
        raise NotBlank(value)
    return True
