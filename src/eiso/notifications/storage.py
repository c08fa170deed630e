"""In-app notifications, kept in an annotation of the portal.

One ``OOBTree`` maps a user id to that user's ``UserNotifications``: an
``IOBTree`` of entries by increasing id and the number of unread ones, so the
bell in the header reads one small object. Users have their own persistent
object, so two users notified at once do not conflict. Only the last
``LIMIT`` entries of a user are kept.

URLs inside the portal are stored relative to it (the portal may be reached
under another address later) and given back absolute.
"""

from BTrees.IOBTree import IOBTree
from BTrees.OOBTree import OOBTree
from DateTime import DateTime
from persistent import Persistent
from plone import api
from zope.annotation.interfaces import IAnnotations


KEY = "eiso.notifications"
LIMIT = 200


class UserNotifications(Persistent):
    def __init__(self):
        self.entries = IOBTree()
        self.last_id = 0
        self.unread = 0


def _users(portal=None, create=False):
    annotations = IAnnotations(portal or api.portal.get())
    if create and KEY not in annotations:
        annotations[KEY] = OOBTree()
    return annotations.get(KEY)


def _notifications(user_id, portal=None, create=False):
    users = _users(portal, create)
    if users is None:
        return None
    if create and user_id not in users:
        users[user_id] = UserNotifications()
    return users.get(user_id)


def _relative(url, portal):
    root = portal.absolute_url()
    if url == root:
        return ""
    if url.startswith(root + "/"):
        return url[len(root) + 1:]
    return url


def _absolute(url, portal):
    if "://" in url:
        return url
    return f"{portal.absolute_url()}/{url}" if url else portal.absolute_url()


def add(user_id, title, text="", url="", portal=None):
    """Give ``user_id`` an unread notification; return its id."""
    portal = portal or api.portal.get()
    notifications = _notifications(user_id, portal, create=True)
    notifications.last_id += 1
    entry_id = notifications.last_id
    notifications.entries[entry_id] = {
        "id": entry_id,
        "time": DateTime(),
        "title": str(title),
        "text": str(text or ""),
        "url": _relative(url or "", portal),
        "read": False,
    }
    notifications.unread += 1
    while len(notifications.entries) > LIMIT:
        oldest = notifications.entries.minKey()
        if not notifications.entries[oldest]["read"]:
            notifications.unread -= 1
        del notifications.entries[oldest]
    return entry_id


def entries(user_id, unread_only=False, portal=None):
    """The user's notifications, newest first: dicts {id, time, title, text, url, read}."""
    portal = portal or api.portal.get()
    notifications = _notifications(user_id, portal)
    if notifications is None:
        return []
    result = []
    for entry in reversed(notifications.entries.values()):
        if unread_only and entry["read"]:
            continue
        result.append(dict(entry, url=_absolute(entry["url"], portal)))
    return result


def get(user_id, entry_id, portal=None):
    """One notification of the user, or None."""
    portal = portal or api.portal.get()
    notifications = _notifications(user_id, portal)
    if notifications is None:
        return None
    entry = notifications.entries.get(entry_id)
    return dict(entry, url=_absolute(entry["url"], portal)) if entry else None


def unread_count(user_id, portal=None):
    notifications = _notifications(user_id, portal)
    return notifications.unread if notifications is not None else 0


def mark_read(user_id, ids=None, portal=None):
    """Mark the given notifications (None: all) as read; return how many changed.

    Writes nothing when nothing changes.
    """
    notifications = _notifications(user_id, portal)
    if notifications is None or not notifications.unread:
        return 0
    if ids is None:
        ids = list(notifications.entries.keys())
    changed = 0
    for entry_id in ids:
        try:
            entry = notifications.entries.get(int(entry_id))
        except (TypeError, ValueError):
            continue
        if entry is not None and not entry["read"]:
            notifications.entries[entry["id"]] = dict(entry, read=True)
            changed += 1
    if changed:
        notifications.unread -= changed
    return changed
