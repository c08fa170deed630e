"""Telling a copy's subscribers why an item is being copied.

A new version of a procedure guide and a revision of a controlled document are
copies of the item in force, which their ``IObjectCopiedEvent`` subscribers
clean up (new owner and handlers, next version or issue number). The code that
starts the copy says so with ``copying(original, info)``; the subscriber asks
``copy_info(event.original)``, which is None for an ordinary copy.

The information lives in an ``eiso.passing.Message``, not in a ``_v_`` attribute
of the original, which the copy's savepoint may drop.
"""

from eiso.passing import Message


_COPY = Message()


def copying(original, info):
    """Within the block, ``copy_info(original)`` is ``info``."""
    return _COPY.given(original, info)


def copy_info(original):
    """What ``copying`` said about ``original``; None for an ordinary copy."""
    return _COPY.get(original)
