"""Nonconformity (Báo cáo sự không phù hợp, ISO 9001 10.2) of an agency, kept in ``kiem-soat``.

Any member reports one; an internal audit finding, a customer's feedback or a
management review may open one too (``eiso.nonconformities.open_nonconformity``),
then ``source_item`` links the item it came from. The head of the department
analyses the root cause and proposes the corrective action, its person
responsible (``responsible``) and due date (``action_due_date``); a leader
approves; the person responsible carries the action out; the ISO secretary
verifies its effectiveness (``verification``, ``action_effective``) and closes it
(workflow ``eiso_nonconformity_workflow``).

The due date of the corrective action is ``action_due_date``, not ``due_date``:
``due_date`` belongs to the behavior ``eiso.assignment`` (the deadline of the
current step), which the case engine rewrites at every step. Whether the action
was effective is ``action_effective``, not ``effective``: every Dublin Core item
has an ``effective()`` method (its publication date).
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


PORTAL_TYPE = "Nonconformity"
SECTION_ID = "kiem-soat"

AUDIT = "audit"
FEEDBACK = "feedback"
REVIEW = "review"
STAFF = "staff"
SOURCE_TITLES = {
    AUDIT: _("From an internal audit"),
    FEEDBACK: _("From customer feedback"),
    REVIEW: _("From a management review"),
    STAFF: _("Found by a member of staff"),
}
SOURCES = SimpleVocabulary(
    [SimpleTerm(value, value, title) for value, title in SOURCE_TITLES.items()]
)


@provider(IContextSourceBinder)
def agency_items(context):
    """Any item of the agency that holds ``context``: the item a nonconformity came from."""
    agency = agency_of(context)
    query = {}
    if agency is not None:
        query["path"] = "/".join(agency.getPhysicalPath())
    return CatalogSource(context, **query)


class NoDescription(ValidationError):
    __doc__ = _("Describe the nonconformity.")


def not_blank(value):
    """A description of spaces only is none (REST sends "" for a missing one)."""
    if not (value or "").strip():
        raise NoDescription(value)
    return True


class INonconformitySchema(model.Schema):
    """Fields of a nonconformity (SPEC §8; the names are a contract)."""

    title = schema.TextLine(
        title=_("Short name"),
        description=_("Leave empty to use the beginning of the description."),
        required=False,
    )

    source = schema.Choice(
        title=_("Source of the nonconformity"),
        vocabulary=SOURCES,
        default=STAFF,
    )

    source_item = RelationChoice(
        title=_("Opened from"),
        description=_("The audit, feedback, review or other item where it was found."),
        source=agency_items,
        required=False,
    )
    directives.widget(
        "source_item",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={"folderTypes": ["Agency", "Section"], "maximumSelectionSize": 1},
    )

    clause = schema.Choice(
        title=_("ISO clause"),
        vocabulary="eiso.IsoClauses",
        required=False,
    )

    department = schema.Choice(
        title=_("Department"),
        description=_("The department where the nonconformity was found: its head analyses it."),
        vocabulary="eiso.AgencyDepartments",
        required=False,
    )

    description = schema.Text(
        title=_("Description of the nonconformity"),
        description=_("What was found, where and when, with the evidence."),
        constraint=not_blank,
    )

    correction = schema.Text(
        title=_("Immediate correction"),
        description=_("What was done at once to contain the nonconformity."),
        required=False,
    )

    model.fieldset(
        "analysis",
        label=_("Cause and corrective action"),
        fields=["root_cause", "corrective_action", "responsible", "action_due_date"],
    )

    root_cause = schema.Text(title=_("Root cause"), required=False)

    corrective_action = schema.Text(
        title=_("Corrective action"),
        description=_("What removes the cause so that the nonconformity does not happen again."),
        required=False,
    )

    responsible = schema.Choice(
        title=_("Person responsible"),
        description=_("Carries out the corrective action once a leader approves it."),
        vocabulary="eiso.AgencyMembers",
        required=False,
    )

    action_due_date = schema.Date(title=_("Due date of the corrective action"), required=False)

    model.fieldset(
        "verification",
        label=_("Verification of effectiveness"),
        fields=["verification", "action_effective", "verified_by", "verified_date"],
    )

    verification = schema.Text(
        title=_("Result of the verification"),
        description=_("What the ISO secretary checked and found."),
        required=False,
    )

    action_effective = schema.Bool(
        title=_("The corrective action was effective"),
        required=False,
        default=False,
    )

    # Set by the workflow (eiso.nonconformities.workflow) when the result is recorded.
    directives.omitted("verified_by", "verified_date")
    directives.write_permission(verified_by="cmf.ManagePortal", verified_date="cmf.ManagePortal")
    verified_by = schema.TextLine(title=_("Verified by"), required=False)
    verified_date = schema.Date(title=_("Verified on"), required=False)


@implementer(INonconformitySchema, IFullText)
class Nonconformity(Item):
    """One report of a nonconformity and its corrective action."""

    def Title(self):
        return self.title or short_text(self.description)

    def case_first_handlers(self):
        """Who analyses a new nonconformity (read by ``eiso.cases.handover.case_added``)."""
        from eiso.nonconformities.workflow import analysts

        return analysts(self)

    def case_assignment(self, transition):
        """(handlers, deadline) of the step after ``transition``; None: the flow's default.

        Sent back: the analysts again. Approved, or not effective and corrected
        again: the person responsible until the action's due date (a date already
        past gives the default deadline of a step).
        """
        from eiso.nonconformities.workflow import analysts

        if transition == "send_back":
            return analysts(self), None
        if transition in ("approve", "reopen") and getattr(self, "responsible", None):
            due = getattr(self, "action_due_date", None)
            if due is not None and due < datetime.date.today():
                due = None
            return [self.responsible], due
        return None
