"""Department (Phòng ban) of an agency, kept in its ``to-chuc`` section."""

from eiso import _
from eiso.interfaces import IDepartment
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from zope import schema
from zope.interface import implementer


class IDepartmentSchema(model.Schema):
    """Fields of a department (SPEC §3)."""

    title = schema.TextLine(title=_("Department name"))

    code = schema.ASCIILine(
        title=_("Code"),
        description=_("Short code, e.g. VP, QLCN."),
        required=True,
        max_length=30,
    )

    head = schema.Choice(
        title=_("Head of department"),
        vocabulary="eiso.AgencyMembers",
        required=False,
    )

    directives.widget("members", CheckBoxFieldWidget)
    members = schema.List(
        title=_("Members"),
        value_type=schema.Choice(vocabulary="eiso.AgencyMembers"),
        required=False,
        default=[],
        missing_value=[],
    )


@implementer(IDepartment, IDepartmentSchema)
class Department(Item):
    """A department; ``members`` and ``head`` are user ids of the agency."""
