"""Improvement proposals and plans (Cải tiến, ISO 9001 10.1/10.3) of an agency, in ``cai-tien``.

``ImprovementProposal`` (Đề xuất cải tiến, seed 000 functions 12–13): any member of
the agency proposes a change; a leader accepts it, rejects it with a reason or sends
it back (workflow ``eiso_improvement_workflow``). An accepted proposal waits for the
ISO secretary to put it in the year's plan; it becomes ``planned`` when that plan is
applied (``eiso.improvements.plans``).

``ImprovementPlan`` (Kế hoạch cải tiến liên tục, seed 000 function 14): the actions of
a year, each with its source (a proposal, a nonconformity, an audit's opportunity for
improvement or other), owner, deadline, result and status; approved and applied with
``eiso_approval_workflow`` (applying one supersedes the plan applied before). See
docs/improvements.md.
"""

from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from eiso.content.fields import table
from eiso import _
from eiso.content.fields import in_site_language
from eiso.content.fields import not_blank
from eiso.content.fields import Year
from eiso.content.nonconformity import short_text
from eiso.interfaces import IFullText
from plone.app.content.interfaces import INameFromTitle
from plone.dexterity.content import Item
from plone.supermodel import model
from plone.autoform import directives
from zope import schema
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


PROPOSAL_TYPE = "ImprovementProposal"
PLAN_TYPE = "ImprovementPlan"
SECTION_ID = "cai-tien"

# Where an action of the plan comes from.
PROPOSAL = "proposal"
NONCONFORMITY = "nonconformity"
AUDIT = "audit"
OTHER = "other"
SOURCE_TITLES = {
    PROPOSAL: _("Improvement proposal"),
    NONCONFORMITY: _("Nonconformity found"),
    AUDIT: _("Opportunity for improvement from an audit"),
    OTHER: _("Other"),
}
SOURCES = SimpleVocabulary([SimpleTerm(k, k, title) for k, title in SOURCE_TITLES.items()])

# How far an action of the plan is.
NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE = "done"
CANCELLED = "cancelled"
STATUS_TITLES = {
    NOT_STARTED: _("Not started"),
    IN_PROGRESS: _("In progress"),
    DONE: _("Done"),
    CANCELLED: _("Cancelled"),
}
STATUSES = SimpleVocabulary([SimpleTerm(k, k, title) for k, title in STATUS_TITLES.items()])


class IImprovementProposalSchema(model.Schema):
    """Fields of an improvement proposal (SPEC §8; the names are a contract)."""

    title = schema.TextLine(
        title=_("Name of the proposal"),
        description=_("In a few words, e.g. “Số hóa hồ sơ lưu trữ của Văn phòng”."),
        constraint=not_blank,
    )

    department = schema.Choice(
        title=_("Department concerned"),
        vocabulary="eiso.AgencyDepartments",
        required=False,
    )

    description = schema.Text(
        title=_("Current situation"),
        description=_("What works badly today: the problem the proposal solves."),
        constraint=not_blank,
    )

    proposal = schema.Text(
        title=_("Proposed improvement"),
        description=_("What should be done differently, and how."),
        constraint=not_blank,
    )

    expected_benefit = schema.Text(
        title=_("Expected benefit"),
        description=_("E.g. time saved, fewer errors, citizens better served."),
        required=False,
    )

    iso_clauses = schema.List(
        title=_("ISO 9001:2015 clauses"),
        value_type=schema.Choice(vocabulary="eiso.IsoClauses"),
        required=False,
        defaultFactory=list,
        missing_value=[],
    )


@implementer(IImprovementProposalSchema, IFullText)
class ImprovementProposal(Item):
    """One member's proposal of an improvement."""


@implementer(INameFromTitle)
@adapter(IImprovementProposalSchema)
class ProposalNameFromTitle:
    def __init__(self, context):
        self.context = context

    @property
    def title(self):
        return self.context.Title()


# The plan


class IImprovementAction(Interface):
    """One action of the plan (SPEC §8; the names are a contract).

    ``action``, ``owner`` and ``deadline`` are checked by the plan's invariant, not
    by ``required``, so that the form and REST give the same message naming the row.
    """

    action = schema.TextLine(title=_("Improvement action"), required=False)
    source = schema.Choice(title=_("Source of the action"), vocabulary=SOURCES, default=OTHER)
    source_ref = schema.TextLine(
        title=_("Reference code"),
        description=_("The code of the proposal or nonconformity, e.g. DXCT-2026-001."),
        required=False,
    )
    owner = schema.Choice(title=_("Action owner"), vocabulary="eiso.ImprovementActionOwners",
                          required=False)
    deadline = schema.Date(title=_("Completion deadline"), required=False)
    result = schema.TextLine(title=_("Result of the action"), required=False)
    status = schema.Choice(title=_("Status"), vocabulary=STATUSES, default=NOT_STARTED)


# The fields an action needs, in the table's order.
ACTION_NEEDS = ("action", "owner", "deadline")


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def action_problems(rows, year):
    """Messages for the rows of ``rows`` that are not complete or end before ``year``."""
    from eiso.cases.handover import _t

    problems = []
    for number, row in enumerate(rows or [], start=1):
        missing = [_t(IImprovementAction[name].title) for name in ACTION_NEEDS
                   if _blank(row.get(name))]
        if missing:
            problems.append(_("Action ${number}: fill in ${fields}.",
                              mapping={"number": number, "fields": ", ".join(missing)}))
            continue
        deadline = row.get("deadline")
        if year and deadline.year < year:
            problems.append(_(
                "Action ${number}: the deadline ${date} is before the plan's year ${year}.",
                mapping={"number": number, "date": deadline.strftime("%d/%m/%Y"),
                         "year": year}))
    return problems


def default_plan_title(year):
    return in_site_language(_("Continuous improvement plan ${year}", mapping={"year": year}))


class IImprovementPlanSchema(model.Schema):
    """Fields of a yearly improvement plan (SPEC §8; the names are a contract)."""

    year = Year(title=_("Year"))

    title = schema.TextLine(
        title=_("Title"),
        description=_("Leave empty for “Kế hoạch cải tiến liên tục năm <year>”."),
        required=False,
    )

    description = schema.Text(
        title=_("Purpose and scope"),
        required=False,
    )

    directives.widget("actions", DataGridFieldWidgetFactory)
    actions = table(
        _("Improvement actions"), IImprovementAction,
        _("One row per action. “Fill in from the proposals and "
          "nonconformities” on the plan's page adds the accepted proposals and "
          "the nonconformities being corrected."),
        row_title=_("Improvement action"),
    )

    @invariant
    def actions_complete(data):
        problems = action_problems(getattr(data, "actions", None),
                                   getattr(data, "year", None))
        if problems:
            raise Invalid(problems[0])


@implementer(IImprovementPlanSchema, IFullText)
class ImprovementPlan(Item):
    """The continuous improvement plan of a year."""

    def Title(self):
        return self.title or (default_plan_title(self.year) if getattr(self, "year", None)
                              else "")


@implementer(INameFromTitle)
@adapter(IImprovementPlanSchema)
class PlanNameFromTitle:
    def __init__(self, context):
        self.context = context

    @property
    def title(self):
        return self.context.Title()


def action_text(text, size=200):
    """A proposal's or a corrective action's text as one line of the plan."""
    return short_text(text, size)
