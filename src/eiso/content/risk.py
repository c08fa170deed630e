"""Risk or opportunity (Rủi ro và cơ hội, ISO 9001 6.1) of an agency, kept in ``boi-canh``.

A risk is rated by its likelihood (khả năng xảy ra) and its impact (mức độ ảnh
hưởng), 1–5 each; its score is their product and its level (Thấp, Trung bình,
Cao) follows from the thresholds of the ISO settings (``eiso.risk_level_medium``,
``eiso.risk_level_high``: a score at or above the value has that level). The
level is never stored: changing the thresholds re-rates every risk at once.

The treatment (biện pháp xử lý) has an owner and a due date: once the leader
approves the risk, the owner handles the case until that date (``case_assignment``,
read by ``eiso.cases.handover``), then applies it. The residual rating
(đánh giá lại sau xử lý) is scored the same way.
"""

from eiso import _
from eiso.content.fields import create_content
from eiso.content.fields import Year
from eiso.content.legal_document import agency_of
from eiso.interfaces import IFullText
from plone import api
from plone.app.content.interfaces import INameFromTitle
from plone.app.vocabularies.catalog import CatalogSource
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from z3c.relationfield.schema import RelationChoice
from zope import schema
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant
from zope.interface import provider
from zope.schema.interfaces import IContextSourceBinder
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
        fields=["treatment", "treatment_actions", "treatment_owner", "treatment_due_date",
                "residual_likelihood", "residual_impact"],
    )

    treatment = schema.Text(
        title=_("Treatment"),
        description=_("How the risk is reduced or the opportunity taken."),
        required=False,
    )

    treatment_actions = schema.List(
        title=_("Treatment actions"),
        description=_("One action per line."),
        value_type=schema.TextLine(),
        required=False,
        defaultFactory=list,
        missing_value=[],
    )

    treatment_owner = schema.Choice(
        title=_("Treatment owner"),
        description=_("Handles the risk once the leader approves it."),
        vocabulary="eiso.AgencyMembers",
        required=False,
    )

    treatment_due_date = schema.Date(title=_("Treatment due date"), required=False)

    residual_likelihood = rating(
        _("Residual likelihood"), _("Likelihood after the treatment (1–5)."), required=False
    )
    residual_impact = rating(
        _("Residual impact"), _("Impact after the treatment (1–5)."), required=False
    )

    @invariant
    def residual_rated_fully(data):
        check_residual(data)


def short_text(text, size=80):
    text = " ".join((text or "").split())
    if len(text) <= size:
        return text
    return text[:size].rsplit(" ", 1)[0] + "…"


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

    def case_assignment(self, transition):
        """(handlers, deadline) of the step after ``transition``, None: the flow's default.

        After approval the treatment's owner handles the risk until the treatment's
        due date (a date already past gives the default deadline of a step).
        """
        owner = getattr(self, "treatment_owner", None)
        if transition != "approve" or not owner:
            return None
        due = getattr(self, "treatment_due_date", None)
        if due is not None and due < datetime.date.today():
            due = None
        return [owner], due


def create_risk(container, **fields):
    """Add a risk to a ``boi-canh`` section; its id comes from its title or description."""
    from plone.i18n.normalizer.interfaces import IIDNormalizer
    from zope.component import getUtility

    name = fields.get("title") or short_text(fields.get("description"))
    return create_content(container, PORTAL_TYPE,
                          getUtility(IIDNormalizer).normalize(name, max_length=80), **fields)


@implementer(INameFromTitle)
@adapter(IRiskSchema)
class NameFromTitle:
    """…/boi-canh/<the title, or the beginning of the description>."""

    def __init__(self, context):
        self.context = context

    @property
    def title(self):
        return self.context.Title()

