"""Who reads a staff profile besides the agency's HR officers and leaders.

The linked account and the head of the profile's department get ``Reader`` on
the profile (the workflow gives ``Reader`` View), nothing else. The principals
given the role are remembered on the profile (``_readers``) so that a change of
account, department or head takes it from the ones no longer concerned.
"""

from eiso.content.agency import get_agency
from eiso.content.staff_profile import account_name
from eiso.content.staff_profile import PORTAL_TYPE
from plone import api
from zope.lifecycleevent.interfaces import IObjectRemovedEvent


READER = "Reader"


def department_head(profile):
    """The user id of the head of the profile's department, or None."""
    agency = get_agency(profile)
    if agency is None or not profile.department:
        return None
    organisation = agency.get("to-chuc")
    department = organisation.get(profile.department) if organisation is not None else None
    return getattr(department, "head", None) or None


def readers_of(profile):
    return {principal for principal in (profile.user_id, department_head(profile)) if principal}


def update_readers(profile):
    """Give ``Reader`` to the account and the department's head, take it from the others."""
    wanted = readers_of(profile)
    previous = set(profile._readers or ())
    if wanted == previous and all(
            READER in profile.get_local_roles_for_userid(principal) for principal in wanted):
        return False
    for principal in previous - wanted:
        roles = [r for r in profile.get_local_roles_for_userid(principal) if r != READER]
        if roles:
            profile.manage_setLocalRoles(principal, roles)
        else:
            profile.manage_delLocalRoles([principal])
    for principal in wanted:
        roles = set(profile.get_local_roles_for_userid(principal))
        profile.manage_setLocalRoles(principal, sorted(roles | {READER}))
    profile._readers = tuple(sorted(wanted))
    profile.reindexObjectSecurity()
    return True


def default_title(profile):
    """An empty full name takes the account's."""
    if not (profile.title or "").strip():
        profile.title = account_name(profile.user_id)


def profile_changed(profile, event):
    """Added or edited: its name and its readers."""
    default_title(profile)
    update_readers(profile)
    profile.reindexObject()


def department_changed(department, event):
    """A department edited (its head may have changed) or removed: the readers of
    its profiles."""
    if IObjectRemovedEvent.providedBy(event):
        if event.oldParent is None:
            return
        agency = get_agency(event.oldParent)
    else:
        agency = get_agency(department)
    if agency is None:
        return
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
            portal_type=PORTAL_TYPE, path="/".join(agency.getPhysicalPath()),
            department=department.getId()):
        update_readers(brain._unrestrictedGetObject())
