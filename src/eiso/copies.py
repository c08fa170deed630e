"""Telling a copy's subscribers why an item is being copied.

A new version of a procedure guide and a revision of a controlled document are
copies of the item in force, which their ``IObjectCopiedEvent`` subscribers
clean up (new owner and handlers, next version or issue number). The code that
starts the copy says so with ``copying(original, info)``; the subscriber asks
``copy_info(event.original)``, which is None for an ordinary copy.

This used to be a ``_v_`` attribute of the original. The copy takes a savepoint,
and a savepoint may turn the unchanged original into a ghost, which drops its
volatile attributes: the revision then looked like an ordinary copy. The
information lives here instead, per thread, for the duration of the copy.
"""

from contextlib import contextmanager

import threading


_local = threading.local()


def _key(obj):
    return "/".join(obj.getPhysicalPath())


@contextmanager
def copying(original, info):
    """Within the block, ``copy_info(original)`` is ``info``."""
    pending = _local.__dict__.setdefault("pending", {})
    key = _key(original)
    pending[key] = info
    try:
        yield
    finally:
        pending.pop(key, None)


def copy_info(original):
    """What ``copying`` said about ``original``; None for an ordinary copy."""
    return getattr(_local, "pending", {}).get(_key(original))
