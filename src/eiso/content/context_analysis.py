"""Context analysis (Bối cảnh tổ chức, ISO 9001 4.1–4.3) of an agency, kept in ``boi-canh``.

The tables are lists of dicts, edited with collective.z3cform.datagridfield.
"""

from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from eiso.content.fields import table
from eiso import _
from eiso.content.fields import current_year
from eiso.content.fields import in_site_language
from eiso.content.fields import Year
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.interface import Interface
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


def context_analysis_title():
    return in_site_language(_("Context analysis ${year}", mapping={"year": current_year()}))


INTERNAL_KINDS = SimpleVocabulary(
    [
        SimpleTerm("strength", title=_("Strength")),
        SimpleTerm("weakness", title=_("Weakness")),
    ]
)
EXTERNAL_KINDS = SimpleVocabulary(
    [
        SimpleTerm("opportunity", title=_("Opportunity")),
        SimpleTerm("threat", title=_("Threat")),
    ]
)


class IInternalIssue(Interface):
    issue = schema.TextLine(title=_("Issue"))
    kind = schema.Choice(title=_("Kind"), vocabulary=INTERNAL_KINDS)


class IExternalIssue(Interface):
    issue = schema.TextLine(title=_("Issue"))
    kind = schema.Choice(title=_("Kind"), vocabulary=EXTERNAL_KINDS)


class IInterestedParty(Interface):
    party = schema.TextLine(title=_("Interested party"))
    needs = schema.TextLine(title=_("Needs and expectations"), required=False)
    monitoring = schema.TextLine(title=_("How they are monitored"), required=False)


class IExclusion(Interface):
    clause = schema.TextLine(title=_("Clause"))
    justification = schema.TextLine(title=_("Justification for not applying"))


class IContextAnalysisSchema(model.Schema):
    """Fields of a context analysis (SPEC §7)."""

    title = schema.TextLine(title=_("Title"), defaultFactory=context_analysis_title)

    year = Year(title=_("Year"))

    method = schema.Choice(
        title=_("Analysis method"),
        vocabulary="eiso.AnalysisMethods",
        required=False,
    )

    directives.widget("internal_issues", DataGridFieldWidgetFactory)
    internal_issues = table(
        _("Internal issues"), IInternalIssue, _("Strengths and weaknesses of the agency.")
    )

    directives.widget("external_issues", DataGridFieldWidgetFactory)
    external_issues = table(
        _("External issues"),
        IExternalIssue,
        _("Opportunities and threats from outside the agency."),
    )

    directives.widget("interested_parties", DataGridFieldWidgetFactory)
    interested_parties = table(
        _("Interested parties"),
        IInterestedParty,
        _("Needs and expectations of interested parties (ISO 9001 clause 4.2)."),
    )

    scope = schema.Text(
        title=_("Scope of the quality management system"),
        description=_(
            "The activities, units and services the system covers (ISO 9001 clause 4.3)."
        ),
        required=False,
    )

    directives.widget("exclusions", DataGridFieldWidgetFactory)
    exclusions = table(
        _("Exclusions"),
        IExclusion,
        _("Requirements of the standard that do not apply, with the reason."),
    )


@implementer(IContextAnalysisSchema)
class ContextAnalysis(Item):
    """A yearly context analysis; the applied one shows on the agency home page."""
