"""Behavior ``eiso.assignment``: who handles a case now, in which department, by when.

The fields describe the current step of the case (SPEC §4). They are not in the
add and edit forms: the transition form ("Chuyển hồ sơ") sets them. Through
REST, a client PATCHes them and then calls ``@workflow/<transition>``: values
that differ from the current step become the next step's handlers, deadline and
department; unchanged ones are replaced by the defaults of the transition.
"""

from datetime import date
from eiso import _
from plone.autoform import directives
from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from zope import schema
from zope.interface import Interface
from zope.interface import provider
from zope.schema.interfaces import ValidationError


class ICase(Interface):
    """Marker: an item that moves step by step between handlers."""


class DeadlineInThePast(ValidationError):
    __doc__ = _("The deadline cannot be in the past.")


def not_in_the_past(value):
    if value is not None and value < date.today():
        raise DeadlineInThePast(value)
    return True


@provider(IFormFieldProvider)
class IAssignment(model.Schema, ICase):
    """The handlers of a case's current step (provided by the item itself)."""

    directives.omitted("responsible_department", "responsible_users", "due_date")

    responsible_department = schema.Choice(
        title=_("Handling department"),
        vocabulary="eiso.AgencyDepartments",
        required=False,
    )

    responsible_users = schema.List(
        title=_("Handlers"),
        value_type=schema.Choice(vocabulary="eiso.AgencyMembers"),
        required=False,
        default=[],
        missing_value=[],
    )

    due_date = schema.Date(
        title=_("Deadline"),
        required=False,
        constraint=not_in_the_past,
    )
