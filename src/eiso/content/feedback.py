"""Customer feedback (Ý kiến phản ánh, kiến nghị) of an agency, kept in ``kiem-soat``.

A citizen or organisation complains or recommends something about the agency's
services (ISO 9001 9.1.2, 8.2.1; seed 000 functions 27–28). A member records it
(received in person, by phone, e-mail, the public service portal…) or the
citizen sends it through the agency's public form (``eiso.feedback.public``).
The ISO secretary assigns it to a handling department; that department's head
writes the response; a leader approves it and the case is closed — or finds it is
not in scope (spam, another agency's matter) and rejects it with the reason
(workflow ``eiso_feedback_workflow``). A feedback may open a nonconformity
(``eiso.feedback.open_nonconformity``).
"""

from eiso import _
from eiso.content.fields import short_text
from eiso.content.legal_document import agency_of
from eiso.interfaces import IFullText
from plone.app.vocabularies.catalog import CatalogSource
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from z3c.relationfield.schema import RelationChoice
from zope import schema
from zope.interface import implementer
from zope.interface import provider
from zope.schema.interfaces import IContextSourceBinder
from zope.schema.interfaces import ValidationError
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

import datetime
import re


PORTAL_TYPE = "CustomerFeedback"
SECTION_ID = "kiem-soat"

# How the feedback reached the agency.
IN_PERSON = "in_person"
PHONE = "phone"
EMAIL = "email"
PORTAL = "public_service_portal"
ONLINE_FORM = "online_form"
OTHER = "other"
CHANNEL_TITLES = {
    IN_PERSON: _("In person"),
    PHONE: _("By phone"),
    EMAIL: _("By e-mail"),
    PORTAL: _("Public service portal"),
    ONLINE_FORM: _("Online form"),
    OTHER: _("Other"),
}
CHANNELS = SimpleVocabulary(
    [SimpleTerm(value, value, title) for value, title in CHANNEL_TITLES.items()]
)

# Longest content accepted (the public form says so too).
MAX_CONTENT = 5000
MAX_NAME = 200
MAX_CONTACT = 200

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z0-9-]{2,}$")
# Vietnamese phone numbers: 0 or +84 then 8–10 digits (spaces, dots and dashes allowed).
PHONE_RE = re.compile(r"^(\+84|0)\d{8,10}$")


class InvalidContact(ValidationError):
    __doc__ = _("Enter a phone number (e.g. 0912 345 678) or an e-mail address "
                "(e.g. ten@example.vn).")


class NoContent(ValidationError):
    __doc__ = _("Write the content of the feedback.")


class FutureDate(ValidationError):
    __doc__ = _("The date received cannot be in the future.")


def valid_contact(value):
    """A phone number or an e-mail address (empty: none given)."""
    value = (value or "").strip()
    if not value:
        return True
    if "@" in value:
        if EMAIL_RE.match(value):
            return True
        raise InvalidContact(value)
    if PHONE_RE.match(re.sub(r"[\s.\-()]", "", value)):
        return True
    raise InvalidContact(value)


def not_blank(value):
    if not (value or "").strip():
        raise NoContent(value)
    return True


def not_in_future(value):
    if value is not None and value > datetime.date.today():
        raise FutureDate(value)
    return True


def today():
    return datetime.date.today()


@provider(IContextSourceBinder)
def agency_procedures(context):
    """The procedure guides of the agency that holds ``context``."""
    agency = agency_of(context)
    query = {"portal_type": "ProcedureGuide"}
    if agency is not None:
        query["path"] = "/".join(agency.getPhysicalPath())
    return CatalogSource(context, **query)


class ICustomerFeedbackSchema(model.Schema):
    """Fields of a customer feedback (SPEC §8; the names are a contract)."""

    title = schema.TextLine(
        title=_("Short name"),
        description=_("Leave empty to use the beginning of the content."),
        required=False,
    )

    channel = schema.Choice(
        title=_("Channel"),
        description=_("How the feedback reached the agency."),
        vocabulary=CHANNELS,
        default=IN_PERSON,
    )

    citizen_name = schema.TextLine(
        title=_("Name of the citizen or organisation"),
        max_length=MAX_NAME,
        required=False,
    )

    contact = schema.TextLine(
        title=_("Phone or e-mail"),
        description=_("Where the response is sent: a phone number or an e-mail address."),
        max_length=MAX_CONTACT,
        required=False,
        constraint=valid_contact,
    )

    description = schema.Text(
        title=_("Content of the feedback"),
        max_length=MAX_CONTENT,
        constraint=not_blank,
    )

    procedure = RelationChoice(
        title=_("Related administrative procedure"),
        description=_("The agency's procedure guide the feedback is about, if any."),
        source=agency_procedures,
        required=False,
    )
    directives.widget(
        "procedure",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={"selectableTypes": ["ProcedureGuide"], "maximumSelectionSize": 1,
                         "folderTypes": ["Agency", "Section"]},
    )

    procedure_text = schema.TextLine(
        title=_("Procedure named by the citizen"),
        description=_("As written in the public form."),
        max_length=MAX_NAME,
        required=False,
    )

    received_date = schema.Date(
        title=_("Date received"),
        defaultFactory=today,
        constraint=not_in_future,
    )

    department = schema.Choice(
        title=_("Handling department"),
        description=_("Its head writes the response."),
        vocabulary="eiso.AgencyDepartments",
        required=False,
    )

    model.fieldset("response", label=_("Response"), fields=["response", "response_date"])

    response = schema.Text(
        title=_("Response to the citizen"),
        description=_("What the agency answers; required to send the response to the leader."),
        required=False,
    )

    response_date = schema.Date(
        title=_("Date of the response"),
        description=_("Set when the response is sent, if left empty."),
        required=False,
    )

    # Set by "Open a nonconformity report" (eiso.feedback.open_nonconformity).
    directives.omitted("nonconformity")
    directives.write_permission(nonconformity="cmf.ManagePortal")
    nonconformity = RelationChoice(
        title=_("Nonconformity opened"),
        vocabulary="plone.app.vocabularies.Catalog",
        required=False,
    )


@implementer(ICustomerFeedbackSchema, IFullText)
class CustomerFeedback(Item):
    """One feedback of a citizen and the agency's response."""

    def Title(self):
        return self.title or short_text(self.description)

    def case_assignment(self, transition):
        """(handlers, deadline) of the step after ``transition``; None: the flow's default.

        Assigned or sent back: the head of the handling department (else the ISO
        secretaries), with the step's usual deadline.
        """
        from eiso.feedback.workflow import handling_heads

        if transition in ("assign", "send_back"):
            return handling_heads(self), None
        return None
