"""A document someone is editing is neither revised nor moved on by others (plone.locking).

While a user has the edit form of a controlled document open, plone.locking holds
a lock on it for them (``plone.app.lockingbehavior``: taken when the form opens,
released when it is saved or cancelled, or after its timeout). Meanwhile nobody
else may start a revision ("Sửa đổi tài liệu": the working copy would miss the
edit, and plone.app.iterate would silently take the lock away) or move the
document on in its workflow: they are told who is editing it since when, in
Vietnamese, and nothing changes. The lock holder may do both.

``refuse_while_edited`` refuses the transition whoever fires it (the transition
form shows its message); the state menu (``eiso.browser.documents``) and REST
``@revision``/``@workflow`` (409, ``eiso.services.revisions``,
``eiso.services.document_workflow``) check first.

Only the edit lock counts: the lock plone.app.iterate keeps on a document while
a revision of it is under way belongs to the revision, not to an editor.
``make_effective`` is never refused: the system fires it (at approval, or the
daily job on the effective date), it is not an action of the person waiting.
"""

from DateTime import DateTime
from eiso import _
from eiso.utils import format_date
from eiso.workflows.records import TransitionRefused
from plone import api
from plone.app.iterate.interfaces import ITERATE_LOCK
from plone.locking.interfaces import ILockable


SYSTEM_TRANSITIONS = ("make_effective",)


def edit_lock(document):
    """``{"user": id, "fullname": name, "since": DateTime}`` of the edit lock another
    user holds on ``document``; None when nobody else is editing it."""
    lockable = ILockable(document, None)
    if lockable is None:
        return None
    current = api.user.get_current().getId()
    for info in lockable.lock_info():
        kind = getattr(info["type"], "__name__", None)
        if kind == ITERATE_LOCK.__name__ or info["creator"] == current:
            continue
        user = api.user.get(userid=info["creator"]) if info["creator"] else None
        fullname = (user.getProperty("fullname") if user is not None else "") or info["creator"]
        return {"user": info["creator"], "fullname": fullname or "?",
                "since": DateTime(info["time"])}
    return None


def locked_message(document):
    """The message telling that another user is editing ``document``, or None."""
    lock = edit_lock(document)
    if lock is None:
        return None
    return _("The document is being edited by ${name} (locked since ${time}). Please try again "
             "later or ask them to unlock it.",
             mapping={"name": lock["fullname"], "time": format_date(lock["since"], with_time=True)})


class DocumentLocked(TransitionRefused):
    """A transition refused because another user is editing the document."""


def refuse_while_edited(document, event):
    """IBeforeTransitionEvent: no transition while another user is editing the document."""
    if event.transition is None or event.transition.getId() in SYSTEM_TRANSITIONS:
        return
    message = locked_message(document)
    if message is not None:
        raise DocumentLocked(message)
