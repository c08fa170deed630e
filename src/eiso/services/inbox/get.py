"""REST ``@inbox``: the lists of ``@@inbox`` as JSON (SPEC §4).

``GET /@inbox?tab=waiting|following|done&portal_type=&year=&responsible_department=
&sort_on=&sort_order=&b_start=&b_size=`` (``b_size`` 20 by default, at most 100).
"""

from eiso.inbox import Inbox
from eiso.inbox import InboxError
from eiso.inbox import InboxParams
from plone import api
from plone.batching import Batch
from plone.restapi.batching import HypermediaBatch
from plone.restapi.services import Service
from zExceptions import Unauthorized
from zope.i18n import translate


class InboxBatch(HypermediaBatch):
    """plone.restapi's batching links, with the page size already checked."""

    def __init__(self, request, results, b_start, b_size):
        self.request = request
        self.b_start = b_start
        self.b_size = b_size
        self.batch = Batch(results, b_size, b_start)


class InboxGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            raise Unauthorized("The ISO inbox is personal: log in first.")
        try:
            params = InboxParams.from_form(self.request.form)
        except InboxError as error:
            self.request.response.setStatus(400)
            return {"error": {"type": "BadRequest", "field": error.field,
                              "message": translate(error.message, context=self.request)}}
        inbox = Inbox(self.context, api.user.get_current().getId(), self.request)
        batch = InboxBatch(self.request, inbox.results(params), params.b_start, params.b_size)
        result = {
            "@id": f"{self.context.absolute_url()}/@inbox",
            "tab": params.tab,
            "items": [self.serialize(inbox.row(brain)) for brain in batch],
            "items_total": batch.items_total,
            "counts": inbox.counts(params),
        }
        links = batch.links
        if links:
            result["batching"] = links
        return result

    @staticmethod
    def serialize(row):
        return {
            "@id": row["url"],
            "UID": row["uid"],
            "code": row["code"],
            "title": row["title"],
            "@type": row["portal_type"],
            "type_title": row["type_title"],
            "review_state": row["review_state"],
            "review_state_title": row["review_state_title"],
            "step_number": row["step_number"],
            "step_title": row["step_title"],
            "responsible_users": row["handlers"],
            "responsible_department": row["department"],
            "due_date": row["due_date"].isoformat() if row["due_date"] else None,
            "status": row["status"],
            "status_title": row["status_title"],
        }
