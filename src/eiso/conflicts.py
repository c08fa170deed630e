"""Write every ConflictError of a request to the event log.

Zope retries a request whose transaction ended in a ConflictError (up to three
times; ``ZPublisher.WSGIPublisher``) without a word in any log, so an operator
cannot tell a quiet portal from one where writes keep colliding. This
subscriber writes one INFO line per retried conflict and one WARNING line when
the retries are used up and the user gets an error page:

    INFO [eiso.conflicts] ConflictError, retried: POST /Plone/so-khcn/boi-canh (…)
    WARNING [eiso.conflicts] ConflictError, NOT retried (the user got an error): …

The load test (``make load``, docs/loadtest.md) counts these lines.
"""

from transaction.interfaces import TransientError
from zope.component import adapter
from ZPublisher.interfaces import IPubBeforeAbort

import logging


logger = logging.getLogger("eiso.conflicts")

RETRIED = "ConflictError, retried"
NOT_RETRIED = "ConflictError, NOT retried (the user got an error)"


@adapter(IPubBeforeAbort)
def log_conflict(event):
    exc_type, exc, _ = event.exc_info
    if exc_type is None or not issubclass(exc_type, TransientError):
        return
    request = event.request
    where = f"{request.get('REQUEST_METHOD', '?')} {request.get('PATH_INFO', '?')}"
    detail = f"{exc_type.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    if event.retry:
        logger.info("%s: %s (%s)", RETRIED, where, detail)
    else:
        logger.warning("%s: %s (%s)", NOT_RETRIED, where, detail)


_MISSING = object()


def _same(a, b):
    try:
        return a is b or a == b
    except ValueError:  # ZODB's PersistentReference: two different objects
        return False


def merge_states(old, saved, new, merge=None):
    """Three-way merge of a persistent object's state for ``_p_resolveConflict``.

    Attributes changed by one transaction only take that change; an attribute both
    changed goes to ``merge[name](old, saved, new)`` if given, else both must have
    made the same change or the conflict stands (``ConflictError``).
    """
    from ZODB.POSException import ConflictError

    merge = merge or {}
    resolved = dict(new)
    for key in set(old) | set(saved) | set(new):
        o, s, n = (state.get(key, _MISSING) for state in (old, saved, new))
        if _same(s, o):
            continue
        if _same(n, o):
            if s is _MISSING:
                resolved.pop(key, None)
            else:
                resolved[key] = s
        elif key in merge and _MISSING not in (o, s, n):
            resolved[key] = merge[key](o, s, n)  # e.g. a counter both added 1 to
        elif not _same(s, n):
            raise ConflictError
    return resolved
