"""Revisions of an effective document, started by an accepted change request.

SPEC §5: an effective document is revised through a working copy
(plone.app.iterate): the effective version stays visible until the revision is
approved; its issue number then goes up by one. Working copies are not built
yet (see docs/documents.md, "Revisions"): :func:`start_revision` is the one
place to plug them in. Today it tells the document controllers that the
revision of the document must start, in the document's audit trail and by an
in-app notification and e-mail.
"""

from eiso import _
from eiso.cases import audit
from eiso.cases.audit import AuditTrail
from eiso.cases.handover import _t
from eiso.cases.handover import holders_of
from eiso.content.agency import get_agency
from eiso.notifications.subscribers import notify
from eiso.notifications.mail import t
from eiso.roles import DOCUMENT_CONTROLLER


def start_revision(document, request=None):
    """Start the revision of an effective ``document`` asked by ``request`` (a change request).

    Hook for plone.app.iterate: check out a working copy here and return it.
    Until then it returns None after recording and announcing the decision.
    """
    title = request.Title() if request is not None else ""
    AuditTrail(document).record(
        audit.NOTE, _t(_("Revision requested: ${request}", mapping={"request": title})),
        getattr(request, "reason", "") or "",
    )
    agency = get_agency(document)
    if agency is None:
        return None
    subject = t(_("Revise the document ${code} ${title}",
                  mapping={"code": document.code or "", "title": document.Title()}))
    lines = [t(_("The change request “${request}” has been accepted: prepare the new issue of "
                 "the document.", mapping={"request": title}))]
    for user_id in holders_of(agency, DOCUMENT_CONTROLLER):
        notify(user_id, subject, lines, document.absolute_url())
    return None


def change_request_accepted(change_request, event):
    if event.action != "approve":
        return
    document = change_request.target_document()
    if document is not None:
        start_revision(document, change_request)
