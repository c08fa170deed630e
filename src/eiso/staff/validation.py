"""One profile per account: the add and edit forms and REST refuse a second."""

from eiso import _
from eiso.content.agency import get_agency
from eiso.content.staff_profile import IStaffProfileSchema
from eiso.content.staff_profile import PORTAL_TYPE
from plone import api
from z3c.form import validator
from zope.interface import Invalid


class AccountHasAProfile(Invalid):
    __doc__ = _("This account already has a staff profile.")


def other_profile(context, user_id):
    """The brain of a profile of ``user_id`` in ``context``'s agency other than ``context``."""
    agency = get_agency(context)
    if agency is None or not user_id:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    own = context.UID() if getattr(context, "portal_type", None) == PORTAL_TYPE else None
    for brain in catalog.unrestrictedSearchResults(
            portal_type=PORTAL_TYPE, staff_user=user_id,
            path="/".join(agency.getPhysicalPath())):
        if brain.UID != own:
            return brain
    return None


class OneProfilePerAccount(validator.SimpleFieldValidator):
    def validate(self, value):
        super().validate(value)
        if other_profile(self.context, value) is not None:
            raise AccountHasAProfile(_("This account already has a staff profile."))


validator.WidgetValidatorDiscriminators(
    OneProfilePerAccount, field=IStaffProfileSchema["user_id"])
