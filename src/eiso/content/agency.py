"""Agency (Cơ quan): one state agency running its QMS inside the portal."""

from Acquisition import aq_chain
from Acquisition import aq_inner
from eiso import _
from eiso.content.section import SECTIONS
from eiso.interfaces import IAgency
from plone import api
from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.i18n import translate
from zope.interface import implementer


class IAgencySchema(model.Schema):
    """Fields of an agency (SPEC §3)."""

    title = schema.TextLine(title=_("Agency name"))

    code = schema.ASCIILine(
        title=_("Code"),
        description=_("Short code used in case numbers, e.g. SKHCN."),
        required=True,
        max_length=30,
    )

    address = schema.TextLine(title=_("Address"), required=False)

    phone = schema.TextLine(title=_("Phone"), required=False)

    email = schema.TextLine(title=_("E-mail"), required=False)

    superior = schema.TextLine(
        title=_("Superior agency"),
        description=_("E.g. People's Committee of Quang Binh province."),
        required=False,
    )


@implementer(IAgency, IAgencySchema)
class Agency(Container):
    """An agency; its sections are created with it."""


def create_sections(agency, event):
    """Create the fixed sections of a new agency (ids are a contract)."""
    language = api.portal.get_registry_record("plone.default_language", default="vi")
    for section_id, title, description in SECTIONS:
        if section_id in agency.objectIds():
            continue
        api.content.create(
            container=agency,
            type="Section",
            id=section_id,
            title=translate(title, target_language=language),
            description=translate(description, target_language=language),
            safe_id=False,
        )
    # The global navigation only lists items whose exclude_from_nav is False;
    # while the agency is being added the behaviour's default is not found
    # (the parent's value is acquired), so store it.
    if "exclude_from_nav" not in agency.__dict__:
        agency.exclude_from_nav = False
    agency.reindexObject(idxs=["exclude_from_nav"])


def get_agency(context):
    """Return the agency that contains ``context`` (or is it), else None."""
    for obj in aq_chain(aq_inner(context)):
        if IAgency.providedBy(obj):
            return obj
    return None
