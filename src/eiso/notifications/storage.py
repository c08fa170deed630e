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
from BTrees.LOBTree import LOBTree
from BTrees.OOBTree import OOBTree
from DateTime import DateTime
from eiso.conflicts import merge_states
from persistent import Persistent
from plone import api
from zope.annotation.interfaces import IAnnotations

import time


KEY = "eiso.notifications"
LIMIT = 200


# Entry ids count microseconds from this moment (Nov 2023): increasing, and two
# entries added for one user at once get different keys, which the entries' BTree
# merges without a conflict.
ID_EPOCH = 1700000000


class Entry(dict):
    """One notification: a dict ({id, time, title, text, url, read}) that BTrees can merge.

    To merge two transactions that changed one bucket of ``entries``, BTrees
    compare the values of each key with ``<`` and ``==``. Plain dicts do not
    support ``<``, so any other change in the same bucket was a ConflictError;
    entries order by their id (which is also their key).
    """

    __slots__ = ()

    def __lt__(self, other):
        return self.get("id", 0) < other.get("id", 0)

    def __gt__(self, other):
        return self.get("id", 0) > other.get("id", 0)

    def __le__(self, other):
        return self == other or self < other

    def __ge__(self, other):
        return self == other or self > other


class UserNotifications(Persistent):
    def __init__(self):
        self.entries = LOBTree()
        self.last_id = 0
        self.unread = 0

    def next_id(self):
        if isinstance(self.entries, IOBTree):
            # Made before ids counted microseconds: 32-bit keys; same keys in 64 bits.
            self.entries = LOBTree(self.entries)
        now = int(time.time() * 1_000_000) - ID_EPOCH * 1_000_000
        self.last_id = max(self.last_id + 1, now)
        return self.last_id

    def add(self, title, text="", url=""):
        """Add an unread entry (``url`` relative to the portal); return its id."""
        entry_id = self.next_id()
        self.entries[entry_id] = Entry(
            id=entry_id,
            time=DateTime(),
            title=str(title),
            text=str(text or ""),
            url=url,
            read=False,
        )
        self.unread += 1
        while len(self.entries) > LIMIT:
            oldest = self.entries.minKey()
            if not self.entries[oldest]["read"]:
                self.unread -= 1
            del self.entries[oldest]
        return entry_id

    def as_entries(self):
        """Make every stored entry an ``Entry`` (upgrade 1009); return how many changed."""
        plain = [key for key, entry in self.entries.items() if type(entry) is dict]
        for key in plain:
            self.entries[key] = Entry(self.entries[key])
        return len(plain)

    def _p_resolveConflict(self, old, saved, new):
        """Two transactions notified (or marked read for) the same user at once.

        Every hand-over notifies all Leaders or ISO secretaries of the agency, so
        this happens under load. The entries are their own BTree, which merges
        additions of different keys itself; here the counters merge: the unread
        changes add up, the last id is the larger one. Anything else changed by
        both is a real conflict.
        """
        return merge_states(old, saved, new, {
            "unread": lambda o, s, n: max(0, s + n - o),
            "last_id": lambda o, s, n: max(s, n),
        })


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
    return notifications.add(title, text, _relative(url or "", portal))


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
            notifications.entries[entry["id"]] = Entry(entry, read=True)
            changed += 1
    if changed:
        notifications.unread -= changed
    return changed
