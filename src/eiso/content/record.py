"""Record (Hồ sơ, SPEC §6): kept in ``ho-so`` for a number of years, then destroyed.

Records are lent through borrow requests and destroyed through disposal
proposals (``eiso.workflows.records``). ``disposal_due`` — the last day of the
year ``year + retention_years`` — is computed and indexed, so "records due for
disposal" is one catalog query.
"""

from eiso import _
from eiso.content.fields import FileList
from eiso.content.fields import Year
from eiso.interfaces import IFullText
from eiso.security.uploads import check_record_file
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.namedfile.interfaces import INamedBlobFileField
from plone.supermodel import model
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope import schema
from zope.interface import implementer
from zope.interface import Interface

import datetime


PERMANENT = 0  # retention_years of a record kept for ever (Vĩnh viễn)
ACTIVE = "active"
DESTROYED = "destroyed"


class IRecordFileField(INamedBlobFileField):
    """One file of a record's list of files (its own widget keeps it on edit)."""


@implementer(IRecordFileField)
class RecordFile(NamedBlobFile):
    """A file of a record."""


class IRecordsSection(Interface):
    """Marker of the ``ho-so`` section of an agency: its records listing
    (``section-listing-ho-so``) and the records due for disposal are views of it."""


class IRecordSchema(model.Schema):
    """Fields of a record (the names are SPEC §6's)."""

    code = schema.TextLine(
        title=_("Record code"),
        description=_("The code on the record's cover, e.g. HS-VP-2026-01."),
    )

    title = schema.TextLine(title=_("Title"))

    record_kind = schema.Choice(title=_("Kind of record"), vocabulary="eiso.RecordKinds")

    department = schema.Choice(
        title=_("Department"),
        description=_("The department that made and keeps the record."),
        vocabulary="eiso.AgencyDepartments",
        required=False,
    )

    year = Year(title=_("Year"), description=_("The year the record was closed."))

    retention_years = schema.Int(
        title=_("Retention period (years)"),
        description=_("How many years the record is kept after its year; 0 = permanently."),
        min=0,
        max=100,
        default=10,
    )

    storage_location = schema.TextLine(
        title=_("Storage location"),
        description=_("Where the paper record is kept, e.g. Kho lưu trữ, tủ 2, ngăn 3."),
        required=False,
    )

    medium = schema.Choice(
        title=_("Medium"), vocabulary="eiso.RecordMedia", default="paper")

    files = FileList(
        "record-file",
        title=_("Files"),
        description=_("The scanned or electronic files of the record."),
        value_type=RecordFile(title=_("File"), constraint=check_record_file),
    )

    iso_clauses = schema.List(
        title=_("ISO 9001 clauses"),
        description=_("The clauses of ISO 9001:2015 this record gives evidence for."),
        value_type=schema.Choice(vocabulary="eiso.IsoClauses"),
        required=False,
        default=[],
        missing_value=[],
    )
    directives.widget("iso_clauses", CheckBoxFieldWidget)

    disposal_due = schema.Date(
        title=_("Due for disposal on"),
        description=_("The last day of the year 'year + retention period'; none when kept permanently."),
        required=False,
        readonly=True,
    )
    directives.omitted("disposal_due")


def disposal_due(year, retention_years):
    """The last day of ``year + retention_years``; None for a permanent record."""
    if not year or not retention_years:
        return None
    return datetime.date(year + retention_years, 12, 31)


@implementer(IRecordSchema, IFullText)
class Record(Item):
    """A record of the quality management system."""

    @property
    def disposal_due(self):
        return disposal_due(getattr(self, "year", None), getattr(self, "retention_years", None))

    @disposal_due.setter
    def disposal_due(self, value):
        """Computed: a value set through a form or REST is ignored."""


def related_objects(values):
    """The objects of a relation list's values (RelationValues or the objects themselves)."""
    result = []
    for value in values or ():
        target = getattr(value, "to_object", value)
        if target is not None:
            result.append(target)
    return result


def invariant_context(data):
    """The item (edit, REST) or container (add form) an invariant checks data for.

    z3c.form gives add forms' invariants no context: take the published form's.
    """
    context = getattr(data, "__context__", None)
    if context is None:
        from zope.globalrequest import getRequest

        request = getRequest()
        published = request.get("PUBLISHED", None) if request is not None else None
        context = getattr(published, "context", None)
    return context


def check_records(context, values, states=(ACTIVE,), frozen_after=None):
    """Raise Invalid (a Vietnamese message) unless every value is a record of
    ``context``'s agency in one of ``states``.

    ``frozen_after``: the state in which an item's records may still change;
    editing an item past it (its records frozen) does not check them again.
    """
    from eiso.content.agency import get_agency
    from plone import api
    from zope.interface import Invalid

    if frozen_after is not None and getattr(context, "portal_type", None) in (
            "BorrowRequest", "DisposalProposal"):
        if api.content.get_state(context, default=frozen_after) != frozen_after:
            return related_objects(values)

    records = related_objects(values)
    if not records:
        raise Invalid(_("Choose at least one record."))
    agency = get_agency(context)
    for record in records:
        if getattr(record, "portal_type", None) != "Record":
            raise Invalid(_("“${title}” is not a record.", mapping={"title": record.Title()}))
        if agency is None or get_agency(record) is None or (
                get_agency(record).getPhysicalPath() != agency.getPhysicalPath()):
            raise Invalid(_("The record “${title}” does not belong to this agency.",
                            mapping={"title": record.Title()}))
        if api.content.get_state(record, default=None) not in states:
            raise Invalid(_("The record “${title}” has been destroyed.",
                            mapping={"title": record.Title()}))
    return records


def record_uids(item):
    """Indexer value of ``record_uids``: the records a borrow request or proposal is about."""
    return [record.UID() for record in related_objects(getattr(item, "records", None))]


RECORDS_SECTION_ID = "ho-so"


def mark_records_section(section, event=None):
    """Mark the ``ho-so`` section: the records views are registered for IRecordsSection."""
    from zope.interface import alsoProvides

    if section.getId() == RECORDS_SECTION_ID and not IRecordsSection.providedBy(section):
        alsoProvides(section, IRecordsSection)


# -- the records a borrow request or a disposal proposal is about ----------------

# Options of the related-items widget of a ``records`` field: it picks records only.
RECORDS_WIDGET = {
    "vocabulary": "plone.app.vocabularies.Catalog",
    "pattern_options": {"selectableTypes": ["Record"], "recentlyUsed": False},
}


def records_field(title):
    """The ``records`` field (SPEC §6) of an item about records: one or more of them.

    In the schema: ``records = records_field(...)``, then
    ``directives.widget("records", RelatedItemsFieldWidget, **RECORDS_WIDGET)`` and
    ``invariant(records_invariant(...))``.
    """
    return RelationList(
        title=title,
        value_type=RelationChoice(vocabulary="plone.app.vocabularies.Catalog"),
        required=True,
        min_length=1,
    )


def records_invariant(frozen_after):
    """The schema invariant of a ``records_field``: active records of the item's
    agency, checked until the item leaves the state ``frozen_after``."""

    def records_of_the_agency(data):
        check_records(invariant_context(data), getattr(data, "records", None),
                      states=(ACTIVE,), frozen_after=frozen_after)

    return records_of_the_agency
