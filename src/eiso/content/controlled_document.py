"""Controlled internal document (Tài liệu nội bộ, SPEC §6), kept in ``tai-lieu``.

A document of the agency's quality management system: its manual, procedures,
instructions and forms. It is drafted, reviewed ("xem xét"), approved by the
leader and takes effect on its effective date (``eiso_document_workflow``).
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from eiso import _
from eiso.content.agency import get_agency
from eiso.content.fields import MAX_FILE_MB
from eiso.content.fields import office_file
from eiso.content.fields import OwnEffectiveDate
from eiso.interfaces import IFullText
from plone import api
from plone.app.textfield import RichText
from plone.dexterity.content import Item
from plone.indexer import indexer
from plone.supermodel import model
from Products.CMFCore.indexing import getQueue
from Products.CMFCore.indexing import UNINDEX
from Products.ZCatalog.ZCatalog import ZCatalog
from z3c.form import validator
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

import datetime
import re


# Level of a document in the documentation pyramid (ISO 9001 7.5).
LEVELS = (
    ("I", _("Level I: policy, quality manual, objectives")),
    ("II", _("Level II: procedures")),
    ("III", _("Level III: instructions and forms")),
    ("IV", _("Level IV: record templates")),
)
DOCUMENT_KINDS = (
    ("so-tay", _("Manual")),
    ("chinh-sach", _("Policy")),
    ("muc-tieu", _("Objectives")),
    ("ke-hoach", _("Plan")),
    ("quy-che", _("Regulation")),
    ("quy-dinh", _("Rules")),
    ("quy-trinh", _("Procedure")),
    ("huong-dan", _("Instruction")),
    ("bieu-mau", _("Form")),
    ("khac", _("Other")),
)
level_vocabulary = SimpleVocabulary([SimpleTerm(v, v, title) for v, title in LEVELS])
kind_vocabulary = SimpleVocabulary([SimpleTerm(v, v, title) for v, title in DOCUMENT_KINDS])

CODE_PATTERN = re.compile(r"^[0-9A-Za-zÀ-ỹĐđ][0-9A-Za-zÀ-ỹĐđ./_-]*$")


class BadCode(schema.ValidationError):
    __doc__ = _("A code has letters, digits and . / - _ only, without spaces, e.g. QT-VP-01.")


def check_code(value):
    if value and not CODE_PATTERN.match(value):
        raise BadCode(value)
    return True


class IControlledDocumentSchema(model.Schema):
    """Fields of a controlled document (SPEC §6; names are a contract)."""

    code = schema.TextLine(
        title=_("Document code"),
        description=_("E.g. QT-VP-01; unique in the agency. Left empty, the system gives one."),
        required=False,
        constraint=check_code,
    )

    title = schema.TextLine(title=_("Document title"))

    level = schema.Choice(title=_("Document level"), vocabulary=level_vocabulary)

    document_kind = schema.Choice(title=_("Document kind"), vocabulary=kind_vocabulary)

    department = schema.Choice(
        title=_("Department in charge"),
        vocabulary="eiso.AgencyDepartments",
        required=False,
    )

    file = office_file(
        _("Document file"),
        _("PDF or Word (.pdf, .docx, .doc), at most ${size} MB.", mapping={"size": MAX_FILE_MB}),
    )

    text = RichText(
        title=_("Document text"),
        description=_("Write the document here, or attach its file above (at least one of them)."),
        required=False,
    )

    issue_number = schema.Int(title=_("Issue number"), min=1, default=1)

    effective_date = schema.Date(
        title=_("Effective date"),
        description=_("The document takes effect on this day once approved; "
                      "left empty, on the day it is approved."),
        required=False,
    )

    review_date = schema.Date(
        title=_("Periodic review date"),
        description=_("When the document must be reviewed again (reminders)."),
        required=False,
    )

    distribution = schema.List(
        title=_("Distribution"),
        description=_("Departments that receive the document when it takes effect; "
                      "none: the whole agency."),
        value_type=schema.Choice(vocabulary="eiso.AgencyDepartments"),
        required=False,
        defaultFactory=list,
        missing_value=[],
    )

    iso_clauses = schema.List(
        title=_("ISO 9001:2015 clauses"),
        value_type=schema.Choice(vocabulary="eiso.IsoClauses"),
        required=False,
        defaultFactory=list,
        missing_value=[],
    )

    @invariant
    def file_or_text(data):
        if getattr(data, "file", None) is None and not _has_text(getattr(data, "text", None)):
            raise Invalid(_("Attach the document's file or write its text."))

    @invariant
    def review_after_effect(data):
        effective = getattr(data, "effective_date", None)
        review = getattr(data, "review_date", None)
        if effective and review and review < effective:
            raise Invalid(_("The review date cannot be before the effective date."))


def _has_text(value):
    if value is None:
        return False
    raw = getattr(value, "raw", value) or ""
    return bool(re.sub(r"<[^>]*>|&nbsp;|\s", "", raw))


@implementer(IControlledDocumentSchema, IFullText)
class ControlledDocument(OwnEffectiveDate, Item):
    """A controlled document; staff read it once it is effective."""

    @property
    def document_level(self):
        """The catalog's ``document_level`` facet (SPEC §11)."""
        return getattr(aq_base(self), "level", None)

    def effective_date_reached(self, today=None):
        """True when the document may take effect ``today`` (no date: at once)."""
        today = today or datetime.date.today()
        return self.effective_date is None or self.effective_date <= today

    def effective_deadline(self):
        """Deadline of the step waiting for the effective date: that date, not before today."""
        today = datetime.date.today()
        return max(self.effective_date or today, today)


# -- the code is unique within the agency ----------------------------------------

def code_key(code):
    """How codes compare: "qt-vp-01" and " QT-VP-01" are the same code."""
    return (code or "").strip().lower()


@indexer(IControlledDocumentSchema)
def code_key_indexer(document):
    """The catalog's ``code_key``: the uniqueness check is one index lookup."""
    return code_key(getattr(aq_base(document), "code", None)) or None


def code_taken(context, code, portal_type="ControlledDocument"):
    """The title of another item of ``portal_type`` in ``context``'s agency with ``code``."""
    if not code:
        return None
    agency = get_agency(context)
    if agency is None:
        return None
    own_uid = context.UID() if getattr(aq_base(context), "portal_type", None) == portal_type else None
    # A working copy (eiso.documents.revision) shares the code of the document it revises.
    revises = getattr(aq_base(context), "revision_of", None)
    for uid, title, get_object in _with_code(agency, portal_type, code_key(code)):
        if uid in (own_uid, revises):
            continue
        if own_uid and getattr(aq_base(get_object()), "revision_of", None) == own_uid:
            continue
        return title
    return None


def _with_code(agency, portal_type, key):
    """(UID, title, object getter) of the items of ``portal_type`` in ``agency`` with ``key``.

    The catalog is searched without processing the indexing queue first (CMFCore's
    searches do it): this runs while a document is being added, and processing the
    queue then would index the new document under the temporary id plone.api gives
    it, only to index it again after plone.api renames it. What is still queued
    (added, changed or removed in this transaction) is read from the objects.
    """
    catalog = api.portal.get_tool("portal_catalog")
    agency_path = "/".join(agency.getPhysicalPath())
    queued = {}  # path → the object, None when it is being removed
    for operation, obj, _indexes, _metadata in getQueue().getState():
        if getattr(aq_base(obj), "portal_type", None) == portal_type:
            queued["/".join(obj.getPhysicalPath())] = None if operation == UNINDEX else obj
    for brain in ZCatalog.searchResults(
            catalog, portal_type=portal_type, path=agency_path, code_key=key):
        if brain.getPath() not in queued:
            yield brain.UID, brain.Title, brain._unrestrictedGetObject
    for path, obj in queued.items():
        if (obj is not None and path.startswith(agency_path + "/")
                and code_key(getattr(aq_base(obj), "code", None)) == key):
            yield obj.UID(), obj.Title(), lambda obj=obj: obj


class UniqueCodeValidator(validator.SimpleFieldValidator):
    """Refuses a code another document of the agency has (add and edit forms, REST)."""

    def validate(self, value):
        super().validate(value)
        context = aq_inner(self.context)
        title = code_taken(context, value)
        if title is not None:
            raise Invalid(_("The code ${code} is already used by the document “${title}”.",
                            mapping={"code": value, "title": title}))


validator.WidgetValidatorDiscriminators(
    UniqueCodeValidator, field=IControlledDocumentSchema["code"]
)
