"""REST ``@document-read`` on a controlled document (Tài liệu nội bộ).

``GET``: the current issue, when the current user read it, and — for the
document controllers, ISO secretaries, leaders and administrators
(``eiso: View document readers``) — who has read it and who has not.
``POST``: the current user has read the current issue (only while effective).
"""

from eiso import _
from eiso.documents import distribution
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides


def status(document):
    user_id = api.user.get_current().getId()
    read_at = distribution.read_at(document, user_id)
    result = {
        "@id": f"{document.absolute_url()}/@document-read",
        "issue_number": document.issue_number or 1,
        "read_at": read_at.ISO8601() if read_at is not None else None,
    }
    if api.user.has_permission("eiso: View document readers", obj=document):
        readers = distribution.read_status(document)
        result["read"] = readers["read"]
        result["unread"] = readers["unread"]
    return result


class DocumentReadGet(Service):
    def reply(self):
        return status(self.context)


class DocumentReadPost(Service):
    def reply(self):
        # A JSON API call authenticated by header or token: plone.restapi's CSRF rules.
        alsoProvides(self.request, IDisableCSRFProtection)
        if api.content.get_state(self.context) != "effective":
            self.request.response.setStatus(400)
            return {"error": {"type": "BadRequest", "message": translate(
                _("Only an effective document can be marked as read."), context=self.request)}}
        distribution.acknowledge(self.context, api.user.get_current().getId())
        return status(self.context)
