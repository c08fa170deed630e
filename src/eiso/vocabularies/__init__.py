"""Named vocabularies of eiso (agency members, departments, roles)."""

from eiso.content.agency import get_agency
from eiso.members import AgencyMembers
from eiso.roles import AGENCY_ROLES
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


def _agency_members(context):
    agency = get_agency(context)
    if agency is None:
        return None
    return AgencyMembers(agency)


@provider(IVocabularyFactory)
def agency_members(context):
    """The accounts of the agency that contains ``context``: user id → full name."""
    members = _agency_members(context)
    if members is None:
        return SimpleVocabulary([])
    return SimpleVocabulary(
        [
            SimpleTerm(m["id"], m["id"], f"{m['fullname']} ({m['id']})")
            for m in members.list()
        ]
    )


@provider(IVocabularyFactory)
def agency_departments(context):
    """The departments of the agency that contains ``context``: id → title."""
    members = _agency_members(context)
    if members is None:
        return SimpleVocabulary([])
    return SimpleVocabulary(
        [SimpleTerm(d.getId(), d.getId(), d.Title()) for d in members.departments()]
    )


@provider(IVocabularyFactory)
def agency_roles(context):
    """The roles that can be given to an account of an agency."""
    return SimpleVocabulary([SimpleTerm(role, role, title) for role, title in AGENCY_ROLES])
