"""Quality policy (Chính sách chất lượng, ISO 9001 5.2) of an agency, kept in ``boi-canh``."""

from eiso import _
from eiso.content.fields import current_year
from eiso.content.fields import in_site_language
from eiso.content.fields import Year
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


def quality_policy_title():
    return in_site_language(_("Quality policy ${year}", mapping={"year": current_year()}))


class IQualityPolicySchema(model.Schema):
    """Fields of a quality policy (SPEC §7)."""

    title = schema.TextLine(title=_("Title"), defaultFactory=quality_policy_title)

    year = Year(title=_("Year"))

    motto = schema.TextLine(title=_("Motto"), required=False)

    statements = schema.List(
        title=_("Policy statements"),
        description=_("One statement per line."),
        value_type=schema.TextLine(),
        required=False,
        defaultFactory=list,
        missing_value=[],
    )


@implementer(IQualityPolicySchema)
class QualityPolicy(Item):
    """A quality policy; the applied one shows on the agency home page."""
