"""External legal document (Văn bản bên ngoài, SPEC §6), kept in an agency's ``van-ban``.

The register of the laws, decrees, decisions, circulars, standards… that apply to
the agency. A text may amend (sửa đổi, bổ sung) or replace (thay thế) earlier texts
of the same agency's register; :mod:`eiso.legal.relations` then moves those to
"partly expired" or "expired" (workflow ``eiso_legal_workflow``).
"""

from Acquisition import aq_base
from eiso import _
from eiso.content.agency import get_agency
from eiso.content.fields import create_content
from eiso.content.fields import office_file
from eiso.content.fields import OwnEffectiveDate
from eiso.interfaces import IFullText
from plone import api
from plone.app.vocabularies.catalog import CatalogSource
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.app.content.interfaces import INameFromTitle
from plone.dexterity.content import Item
from plone.supermodel import model
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope import schema
from zope.component import adapter
from zope.globalrequest import getRequest
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant
from zope.interface import provider
from zope.schema.interfaces import IContextSourceBinder


PORTAL_TYPE = "LegalDocument"
def agency_of(context):
    """The agency of the text being edited or added.

    Add forms validate against an empty dict and REST against the new object not
    added yet: then the published view's context (the container) tells.
    """
    agency = get_agency(context) if hasattr(context, "getPhysicalPath") else None
    if agency is None:
        request = getRequest()
        published = request.get("PUBLISHED") if request is not None else None
        agency = get_agency(getattr(published, "context", None))
    return agency


@provider(IContextSourceBinder)
def agency_legal_documents(context):
    """The legal texts of the agency that holds ``context`` (that the user may see)."""
    agency = agency_of(context)
    query = {"portal_type": PORTAL_TYPE}
    if agency is not None:
        query["path"] = "/".join(agency.getPhysicalPath())
    return CatalogSource(context, **query)


# The related-items widget of ``amends`` and ``replaces``: it picks legal texts.
RELATED_TEXTS_WIDGET = {
    "vocabulary": "plone.app.vocabularies.Catalog",
    "pattern_options": {
        "selectableTypes": [PORTAL_TYPE],
        "folderTypes": ["Agency", "Section"],
        "recentlyUsed": True,
    },
}


def relation_field(title, description):
    """A relation to earlier texts of the agency's register (``amends``, ``replaces``).

    Its widget: ``directives.widget(name, RelatedItemsFieldWidget, **RELATED_TEXTS_WIDGET)``.
    """
    return RelationList(
        title=title,
        description=description,
        value_type=RelationChoice(title=_("Legal document"), source=agency_legal_documents),
        required=False,
        default=[],
        missing_value=[],
    )


class ILegalDocumentSchema(model.Schema):
    """Fields of an external legal document (SPEC §6; the names are a contract)."""

    number = schema.TextLine(
        title=_("Number and symbol"),
        description=_("As printed on the text, e.g. 19/2014/QĐ-TTg."),
    )

    title = schema.TextLine(
        title=_("Title"),
        description=_("Leave empty to use the kind and the number, e.g. “Quyết định 19/2014/QĐ-TTg”."),
        required=False,
    )

    legal_kind = schema.Choice(
        title=_("Kind of text"),
        vocabulary="eiso.LegalKinds",
    )

    issuer = schema.TextLine(
        title=_("Issuing body"),
        description=_("E.g. Thủ tướng Chính phủ, Bộ Khoa học và Công nghệ, UBND tỉnh."),
        required=False,
    )

    signed_date = schema.Date(title=_("Date signed"), required=False)

    effective_date = schema.Date(title=_("Effective date"), required=False)

    summary = schema.Text(title=_("Summary"), required=False)

    field = schema.Choice(
        title=_("Field"),
        vocabulary="eiso.Fields",
        required=False,
    )

    # The signed PDF or the Word version.
    file = office_file(
        _("File of the text"),
        _("The text as PDF or Word (.pdf, .docx, .doc), at most 20 MB."),
    )

    amends = relation_field(
        _("Amends or supplements"),
        _("Texts of the register this one amends: they become partly expired."),
    )
    replaces = relation_field(
        _("Replaces"),
        _("Texts of the register this one replaces: they expire."),
    )
    directives.widget("amends", RelatedItemsFieldWidget, **RELATED_TEXTS_WIDGET)
    directives.widget("replaces", RelatedItemsFieldWidget, **RELATED_TEXTS_WIDGET)

    @invariant
    def signed_before_effective(data):
        signed = getattr(data, "signed_date", None)
        effective = getattr(data, "effective_date", None)
        if signed and effective and effective < signed:
            raise Invalid(_("The effective date cannot be earlier than the date signed."))

    @invariant
    def number_not_in_register(data):
        """A number is registered once per agency (add and edit forms, REST)."""
        number = (getattr(data, "number", None) or "").strip()
        if not number:
            return
        context = getattr(data, "__context__", None)
        own = None
        if ILegalDocumentSchema.providedBy(context):
            own = getattr(aq_base(context), "_plone.uuid", None)
        agency = agency_of(context)
        if agency is None:
            return
        brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
            portal_type=PORTAL_TYPE, code=number, path="/".join(agency.getPhysicalPath())
        )
        if any(brain.UID != own for brain in brains):
            raise Invalid(
                _("The number ${number} is already in the register.", mapping={"number": number})
            )

    @invariant
    def not_related_to_itself(data):
        context = getattr(data, "__context__", None)
        if context is None or not ILegalDocumentSchema.providedBy(context):
            return
        for name in ("amends", "replaces"):
            for target in getattr(data, name, None) or ():
                if getattr(target, "to_object", target) is context:
                    raise Invalid(_("A legal document cannot amend or replace itself."))


def default_title(legal_kind, number):
    """“Quyết định 19/2014/QĐ-TTg”: the title of a text given none."""
    return " ".join(part for part in ((legal_kind or "").strip(), (number or "").strip()) if part)


@implementer(ILegalDocumentSchema, IFullText)
class LegalDocument(OwnEffectiveDate, Item):
    """An external legal text; its summary (trích yếu) is its description."""

    def Title(self):
        return self.title or default_title(self.legal_kind, self.number)

    def Description(self):
        return self.summary or ""


def create_legal_document(container, **fields):
    """Add a text to a ``van-ban`` section; its id comes from its number."""
    return create_content(container, PORTAL_TYPE, fields["number"], **fields)


@implementer(INameFromTitle)
@adapter(ILegalDocumentSchema)
class NameFromNumber:
    """A legal text's id comes from its number: …/van-ban/19-2014-qd-ttg."""

    def __init__(self, context):
        self.context = context

    @property
    def title(self):
        return self.context.number or self.context.Title()
