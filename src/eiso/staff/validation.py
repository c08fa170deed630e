"""One profile per account: the add and edit forms and REST refuse a second.

The check lives in the field (``AccountChoice``): z3c.form and plone.restapi
both validate the field bound to the item (or, on an add form, its container).
"""

from eiso.content.agency import get_agency
from plone import api
from plone.uuid.interfaces import IUUID


def other_profile(context, user_id):
    """The brain of a profile of ``user_id`` in ``context``'s agency other than ``context``."""
    from eiso.content.staff_profile import PORTAL_TYPE

    agency = get_agency(context)
    if agency is None or not user_id:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    # the item itself (edited; a new item not yet added has no UID)
    own = IUUID(context, None) if getattr(context, "portal_type", None) == PORTAL_TYPE else None
    for brain in catalog.unrestrictedSearchResults(
            portal_type=PORTAL_TYPE, staff_user=user_id,
            path="/".join(agency.getPhysicalPath())):
        if brain.UID != own:
            return brain
    return None
