"""Risk or opportunity (Rủi ro và cơ hội, ISO 9001 6.1) of an agency, kept in ``boi-canh``.

A risk is rated by its likelihood (khả năng xảy ra) and its impact (mức độ ảnh
hưởng), 1–5 each; its score is their product and its level (Thấp, Trung bình,
Cao) follows from the thresholds of the ISO settings (``eiso.risk_level_medium``,
``eiso.risk_level_high``: a score at or above the value has that level). The
level is never stored: changing the thresholds re-rates every risk at once.

The treatment (biện pháp xử lý) is a table of actions, each with its owner, due
date, date done and result (``treatment_actions``, a list of dicts edited with
collective.z3cform.datagridfield). Once the leader approves the risk, the owners of
the actions not yet done handle the case, by the earliest of their due dates
(``case_assignment``, read by ``eiso.cases.handover``); ``eiso.risks.treatment``
moves the case on as actions are recorded done, to the ISO secretary once all are
(docs/risks.md). The residual rating (đánh giá lại sau xử lý) is scored the same way.
"""

from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from eiso.content.fields import table
from eiso import _
from eiso.content.fields import create_content
from eiso.content.fields import short_text
from eiso.content.fields import Year
from eiso.content.legal_document import agency_of
from eiso.interfaces import IFullText
from plone import api
from plone.app.vocabularies.catalog import CatalogSource
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from z3c.relationfield.schema import RelationChoice
from zope import schema
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant
from zope.interface import provider
from zope.schema.interfaces import IContextSourceBinder
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.interfaces import ValidationError
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

import datetime


PORTAL_TYPE = "Risk"
SCALE = range(1, 6)

RISK = "risk"
OPPORTUNITY = "opportunity"
KINDS = SimpleVocabulary(
    [
        SimpleTerm(RISK, RISK, _("Risk")),
        SimpleTerm(OPPORTUNITY, OPPORTUNITY, _("Opportunity")),
    ]
)

LOW = "low"
MEDIUM = "medium"
HIGH = "high"
LEVELS = ((LOW, _("Low level")), (MEDIUM, _("Medium level")), (HIGH, _("High level")))
LEVEL_TITLES = dict(LEVELS)

# Defaults of the settings: 1–4 low, 5–11 medium, 12–25 high.
DEFAULT_MEDIUM = 5
DEFAULT_HIGH = 12


def thresholds():
    """(medium, high): the lowest score of each level, from the ISO settings."""
    medium = api.portal.get_registry_record("eiso.risk_level_medium", default=None)
    high = api.portal.get_registry_record("eiso.risk_level_high", default=None)
    medium = medium or DEFAULT_MEDIUM
    high = high or DEFAULT_HIGH
    return medium, high


def score_of(likelihood, impact):
    """likelihood × impact, None when either is missing."""
    if not likelihood or not impact:
        return None
    return likelihood * impact


def level_of(score, limits=None):
    """``low``/``medium``/``high`` of a score (None for none)."""
    if not score:
        return None
    medium, high = limits or thresholds()
    if score >= high:
        return HIGH
    if score >= medium:
        return MEDIUM
    return LOW


def score_range(level, limits=None):
    """(min, max) of the scores of ``level``: the catalog query of a level filter."""
    medium, high = limits or thresholds()
    return {LOW: (1, medium - 1), MEDIUM: (medium, high - 1), HIGH: (high, 25)}[level]


class NotOnTheScale(ValidationError):
    __doc__ = _("Choose a value from 1 to 5.")


def on_the_scale(value):
    if value is not None and value not in SCALE:
        raise NotOnTheScale(value)
    return True


def rating(title, description, required=True):
    return schema.Int(
        title=title, description=description, required=required, constraint=on_the_scale
    )


LIKELIHOOD_HELP = _("1 = rare, 2 = unlikely, 3 = possible, 4 = likely, 5 = almost certain.")
IMPACT_HELP = _("1 = negligible, 2 = minor, 3 = moderate, 4 = major, 5 = severe.")


@provider(IContextSourceBinder)
def agency_context_analyses(context):
    """The context analyses of the agency that holds ``context``."""
    agency = agency_of(context)
    query = {"portal_type": "ContextAnalysis"}
    if agency is not None:
        query["path"] = "/".join(agency.getPhysicalPath())
    return CatalogSource(context, **query)


def check_residual(data):
    """The residual rating has both its likelihood and its impact, or neither."""
    likelihood = getattr(data, "residual_likelihood", None)
    impact = getattr(data, "residual_impact", None)
    if bool(likelihood) != bool(impact):
        raise Invalid(_("Give both the residual likelihood and the residual impact, or neither."))


# Treatment actions (Biện pháp xử lý): one row each


class ActionMissing(ValidationError):
    __doc__ = _("Each treatment action needs its description.")


class OwnerMissing(ValidationError):
    __doc__ = _("Each treatment action needs its owner.")


class DueDateMissing(ValidationError):
    __doc__ = _("Each treatment action needs its due date.")


class DoneInTheFuture(ValidationError):
    __doc__ = _("The date done cannot be in the future.")


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class _SaysWhatIsMissing:
    """A required column of a row refused with a message naming what is missing,
    whether the row comes from the form or from REST (where "" counts as missing)."""

    missing_error = None

    def validate(self, value):
        if self.required and _blank(value):
            raise self.missing_error(value).with_field_and_value(self, value)
        super().validate(value)


class ActionText(_SaysWhatIsMissing, schema.TextLine):
    missing_error = ActionMissing


class ActionOwner(_SaysWhatIsMissing, schema.Choice):
    missing_error = OwnerMissing


class ActionDueDate(_SaysWhatIsMissing, schema.Date):
    missing_error = DueDateMissing


def not_in_the_future(value):
    if value is not None and value > datetime.date.today():
        raise DoneInTheFuture(value)
    return True


@provider(IVocabularyFactory)
def action_owners(context):
    """Vocabulary ``eiso.RiskActionOwners``: ``eiso.AgencyMembers`` of the risk's agency.

    The datagrid binds the columns of a row to nothing (or the row), not to the risk:
    ``agency_of`` then finds the agency from the object being published (the section
    of the add form, the risk of the edit form, the object of a REST call).
    """
    from zope.component import getUtility

    agency = agency_of(context)
    return getUtility(IVocabularyFactory, "eiso.AgencyMembers")(
        agency if agency is not None else context)


class ITreatmentAction(Interface):
    """One row of ``treatment_actions`` (the names are a contract: REST, export)."""

    action = ActionText(title=_("Measure"))
    owner = ActionOwner(title=_("Owner"), vocabulary="eiso.RiskActionOwners")
    due_date = ActionDueDate(title=_("Due date"))
    done = schema.Date(title=_("Date done"), required=False, constraint=not_in_the_future)
    result = schema.TextLine(title=_("Result"), required=False)


def open_actions(rows):
    """The rows not yet done."""
    return [row for row in rows or () if not row.get("done")]


def owners_of(rows):
    """The owners of ``rows``, each once, in the order of the rows."""
    owners = []
    for row in rows or ():
        owner = row.get("owner")
        if owner and owner not in owners:
            owners.append(owner)
    return owners


def earliest_due(rows):
    dates = [row["due_date"] for row in rows or () if row.get("due_date")]
    return min(dates) if dates else None


class IRiskSchema(model.Schema):
    """Fields of a risk or opportunity (SPEC §7; the names are a contract)."""

    kind = schema.Choice(title=_("Risk or opportunity"), vocabulary=KINDS, default=RISK)

    title = schema.TextLine(
        title=_("Short name"),
        description=_("Leave empty to use the beginning of the description."),
        required=False,
    )

    description = schema.Text(
        title=_("Description"),
        description=_("What may happen (a risk) or what the agency may gain (an opportunity)."),
    )

    year = Year(title=_("Year"))

    process = schema.TextLine(
        title=_("Process or activity"),
        description=_("E.g. Tiếp nhận và trả kết quả hồ sơ TTHC."),
        required=False,
    )

    department = schema.Choice(
        title=_("Department"),
        vocabulary="eiso.AgencyDepartments",
        required=False,
    )

    cause = schema.Text(title=_("Cause"), required=False)

    consequence = schema.Text(title=_("Consequence"), required=False)

    likelihood = rating(_("Likelihood"), LIKELIHOOD_HELP)
    impact = rating(_("Impact"), IMPACT_HELP)

    context_analysis = RelationChoice(
        title=_("Context analysis"),
        description=_("The context analysis of the agency where the issue was found."),
        source=agency_context_analyses,
        required=False,
    )
    directives.widget(
        "context_analysis",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={
            "selectableTypes": ["ContextAnalysis"],
            "folderTypes": ["Agency", "Section"],
            "maximumSelectionSize": 1,
        },
    )

    model.fieldset(
        "treatment",
        label=_("Treatment"),
        fields=["treatment", "treatment_actions", "residual_likelihood", "residual_impact"],
    )

    treatment = schema.Text(
        title=_("Treatment"),
        description=_("How the risk is reduced or the opportunity taken."),
        required=False,
    )

    directives.widget("treatment_actions", DataGridFieldWidgetFactory)
    treatment_actions = table(
        _("Treatment actions"), ITreatmentAction,
        _("One row per action: who carries it out and by when. Once the "
          "leader approves the risk, the owners of the actions not yet done "
          "handle it."),
        row_title=_("Treatment action"),
    )

    residual_likelihood = rating(
        _("Residual likelihood"), _("Likelihood after the treatment (1–5)."), required=False
    )
    residual_impact = rating(
        _("Residual impact"), _("Impact after the treatment (1–5)."), required=False
    )

    @invariant
    def residual_rated_fully(data):
        check_residual(data)


@implementer(IRiskSchema, IFullText)
class Risk(Item):
    """One line of the agency's register of risks and opportunities."""

    # Applying a risk does not supersede the others (eiso.cases.handover.supersede_previous).
    supersedes_previous = False

    def Title(self):
        return self.title or short_text(self.description)

    def score(self):
        return score_of(self.likelihood, self.impact)

    def level(self):
        return level_of(self.score())

    def residual_score(self):
        return score_of(getattr(self, "residual_likelihood", None),
                        getattr(self, "residual_impact", None))

    def residual_level(self):
        return level_of(self.residual_score())

    def actions(self):
        """The rows of the table (a risk of release 1004 not upgraded yet has lines of
        text instead: they count for nothing until upgrade 1005 converts them)."""
        return [row for row in getattr(self, "treatment_actions", None) or ()
                if isinstance(row, dict)]

    def treatment_owners(self):
        """Catalog metadata: who still has an action to carry out (all owners once done)."""
        rows = self.actions()
        return tuple(owners_of(open_actions(rows)) or owners_of(rows))

    def treatment_next_due(self):
        """Catalog metadata: the earliest due date of the actions not yet done."""
        return earliest_due(open_actions(self.actions()))

    def treatment_assignment(self):
        """(owners, deadline) of the actions not yet done, None when all are done.

        The deadline is the earliest due date among them; a date already past gives
        None (the default deadline of a step: the engine refuses past deadlines).
        """
        rows = [row for row in open_actions(self.actions()) if row.get("owner")]
        if not rows:
            return None
        due = earliest_due(rows)
        if due is not None and due < datetime.date.today():
            due = None
        return owners_of(rows), due

    def case_assignment(self, transition):
        """(handlers, deadline) of the step after ``transition``, None: the flow's default.

        After approval the owners of the actions not yet done handle the risk (with
        no action left, the flow's default: the ISO secretary applies it).
        """
        if transition != "approve":
            return None
        return self.treatment_assignment()


def create_risk(container, **fields):
    """Add a risk to a ``boi-canh`` section; its id comes from its title or description."""
    name = fields.get("title") or short_text(fields.get("description"))
    return create_content(container, PORTAL_TYPE, name, **fields)
