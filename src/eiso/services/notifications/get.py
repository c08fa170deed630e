from eiso.notifications import storage
from eiso.services.notifications import current_user_id
from eiso.services.notifications import serialize
from plone.restapi.batching import HypermediaBatch
from plone.restapi.services import Service


class NotificationsGet(Service):
    def reply(self):
        user_id = current_user_id()
        unread_only = self.request.form.get("unread") not in (None, "", "0", "false")
        batch = HypermediaBatch(self.request, storage.entries(user_id, unread_only=unread_only))
        result = {
            "@id": batch.canonical_url,
            "items": [serialize(entry) for entry in batch],
            "items_total": batch.items_total,
            "unread": storage.unread_count(user_id),
        }
        links = batch.links
        if links:
            result["batching"] = links
        return result
