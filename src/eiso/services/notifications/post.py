from eiso.notifications import storage
from eiso.services import TraversingService
from eiso.services.notifications import current_user_id
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from zope.interface import alsoProvides


class NotificationsPost(TraversingService):
    """``POST @notifications/read``: {"ids": [1, 2]} marks those, no ids marks all."""

    def reply(self):
        if self.params != ["read"]:
            self.request.response.setStatus(404)
            return {"error": {"type": "NotFound", "message": "Use POST @notifications/read"}}
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request) if self.request.get("BODY") else {}
        ids = data.get("ids") if isinstance(data, dict) else None
        if ids is not None and not isinstance(ids, list):
            self.request.response.setStatus(400)
            return {"error": {"type": "BadRequest", "message": "ids must be a list of numbers"}}
        user_id = current_user_id()
        marked = storage.mark_read(user_id, ids)
        return {"marked": marked, "unread": storage.unread_count(user_id)}
