"""``/@@cong-bo-iso``: every agency's published declarations of conformity, for everybody.

Agencies are wholly private (SPEC §3); a published declaration is "explicitly public".
The page does not open the agencies to anonymous visitors: it runs an unrestricted
catalog search for the published ``ConformityDeclaration`` items and reads, for each,
only what it shows — the agency's name, the decision's number, date, kind and scope,
and the names and sizes of its files. No object is handed to the template.

``/@@cong-bo-iso-file/<uid>/<n>`` serves the n-th file of a declaration, after
checking that the UID is a declaration and that it is published: a draft's files,
or any other item's, are "not found" for everybody on this address.
"""

from eiso.content.agency import get_agency
from eiso.content.conformity_declaration import KINDS
from eiso.content.conformity_declaration import PORTAL_TYPE
from eiso.content.conformity_declaration import PUBLISHED
from eiso.utils import format_date
from plone import api
from plone.namedfile.utils import set_headers
from plone.namedfile.utils import stream_data
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zope.i18n import translate
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

import datetime


FILE_VIEW = "cong-bo-iso-file"


def published_declarations():
    """The published declarations as the objects they are, unrestricted (newest first)."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type=PORTAL_TYPE, review_state=PUBLISHED)
    items = [brain._unrestrictedGetObject() for brain in brains]
    return sorted(items, key=lambda item: (item.decision_date or datetime.date.min, item.decision_number or ""),
                  reverse=True)


def size_text(size):
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


class PublicDeclarations(BrowserView):
    def declarations(self):
        portal_url = api.portal.get().absolute_url()
        kinds = {term.value: translate(term.title, context=self.request) for term in KINDS}
        rows = []
        for item in published_declarations():
            agency = get_agency(item)
            rows.append({
                "agency": agency.title if agency is not None else "",
                "number": item.decision_number,
                "date": format_date(item.decision_date),
                "kind": kinds.get(item.declaration_kind, ""),
                "scope": item.scope or "",
                "files": [
                    {"name": blob.filename,
                     "size": size_text(blob.getSize()),
                     "url": f"{portal_url}/@@{FILE_VIEW}/{item.UID()}/{position}"}
                    for position, blob in enumerate(item.files or ())
                ],
            })
        return rows


@implementer(IPublishTraverse)
class PublicDeclarationFile(BrowserView):
    """``@@cong-bo-iso-file/<uid>/<n>``."""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.names = []

    def publishTraverse(self, request, name):
        self.names.append(name)
        return self

    def __call__(self):
        if len(self.names) != 2:
            raise NotFound(self.context, FILE_VIEW, self.request)
        uid, position = self.names
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog.unrestrictedSearchResults(
            UID=uid, portal_type=PORTAL_TYPE, review_state=PUBLISHED)
        if len(brains) != 1:
            raise NotFound(self.context, FILE_VIEW, self.request)
        item = brains[0]._unrestrictedGetObject()
        try:
            blob = (item.files or [])[int(position)]
        except (TypeError, ValueError, IndexError):
            raise NotFound(self.context, FILE_VIEW, self.request)
        set_headers(blob, self.request.response, filename=blob.filename)
        return stream_data(blob)

