"""REST ``@notifications``: the current user's in-app notifications.

``GET @notifications`` (``?unread=1`` for the unread ones only; batched with
``b_start``/``b_size``) and ``POST @notifications/read`` with ``{"ids": [...]}``,
or no ids to mark all of them as read.
"""

from plone import api


def serialize(entry):
    return {
        "id": entry["id"],
        "time": entry["time"].ISO8601(),
        "title": entry["title"],
        "text": entry["text"],
        "url": entry["url"],
        "read": entry["read"],
    }


def current_user_id():
    return api.user.get_current().getId()
