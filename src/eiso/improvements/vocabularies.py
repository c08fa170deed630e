"""The owners an action of an improvement plan may have: the plan's agency's accounts.

The rows of a data grid are edited in subforms whose context is not the plan (nor,
in the add form, the section), so the agency is found from the published view's
context when the vocabulary's own context is outside any agency.
"""

from eiso.content.agency import get_agency
from eiso.vocabularies import agency_members
from zope.globalrequest import getRequest
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory


def _published_context():
    request = getRequest()
    published = request.get("PUBLISHED") if request is not None else None
    return getattr(published, "context", published)


@provider(IVocabularyFactory)
def action_owners(context):
    if context is None or get_agency(context) is None:
        context = _published_context()
    return agency_members(context)
