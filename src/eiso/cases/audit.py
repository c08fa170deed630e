"""Audit trail of a case: who did what, when (SPEC §4), kept on the item.

Entries are appended by the case engine (transitions, hand-overs, notes) and by
a subscriber for edits; they are never changed. ``@@audit-trail`` shows them,
``@@audit-trail.csv`` exports them for an auditor.
"""

from DateTime import DateTime
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations


KEY = "eiso.case.audit"

# Kinds of entries; their titles are translated where they are shown.
CREATED = "created"
EDITED = "edited"
TRANSITION = "transition"
ASSIGNMENT = "assignment"
NOTE = "note"


class AuditTrail:
    def __init__(self, item):
        self.item = item

    def __iter__(self):
        return iter(IAnnotations(self.item).get(KEY, ()))

    def __len__(self):
        return len(IAnnotations(self.item).get(KEY, ()))

    def record(self, kind, summary, details="", user_id=None):
        annotations = IAnnotations(self.item)
        if KEY not in annotations:
            annotations[KEY] = PersistentList()
        if user_id is None:
            user = api.user.get_current()
            user_id = user.getId() if user is not None else None
        entry = PersistentMapping(
            time=DateTime(), user=user_id or "", kind=kind, summary=str(summary),
            details=str(details or ""),
        )
        annotations[KEY].append(entry)
        return entry
