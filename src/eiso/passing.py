"""Passing information from the code that starts an event to its subscribers.

Some events need more than they carry: a revision's ``IObjectCopiedEvent``
subscriber must know that the copy is a revision, and the case engine's
``IAfterTransitionEvent`` subscriber needs the handlers, deadline and files
chosen on the transition form. This used to travel in a ``_v_`` attribute of the
item. A savepoint may turn an unchanged item into a ghost, which drops its
volatile attributes, and the subscriber then saw nothing.

A ``Message`` keeps the information per thread, keyed by the item's path, for the
duration of a ``with message.given(item, info):`` block::

    HANDOVER = Message()

    with HANDOVER.given(item, {"handlers": [...]}):
        workflow.doActionFor(item, transition)

    def after_transition(item, event):
        explicit = HANDOVER.get(item)  # None outside the block
"""

from contextlib import contextmanager

import threading


def _key(item):
    return "/".join(item.getPhysicalPath())


class Message:
    """Information about one item, given for the duration of a block."""

    def __init__(self):
        self._local = threading.local()

    def _pending(self):
        return self._local.__dict__.setdefault("pending", {})

    @contextmanager
    def given(self, item, info):
        """Within the block, ``get(item)`` is ``info``; a nested block's value
        ends with that block and the outer value is seen again."""
        pending = self._pending()
        key = _key(item)
        outer = pending.get(key, _NOTHING)
        pending[key] = info
        try:
            yield info
        finally:
            if outer is _NOTHING:
                pending.pop(key, None)
            else:
                pending[key] = outer

    def get(self, item, default=None):
        """What the enclosing ``given`` block said about ``item``."""
        return self._pending().get(_key(item), default)


_NOTHING = object()
