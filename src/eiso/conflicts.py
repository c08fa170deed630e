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
