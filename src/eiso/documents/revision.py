"""Revisions of an effective document through a working copy (SPEC §5, plone.app.iterate).

An effective document (the *baseline*) is revised in a *working copy*: a copy
in the same ``tai-lieu`` section, ``draft`` again, with issue number + 1, its
own case (Bước 1 for the reviser) and its own audit trail. Staff keep reading
the baseline; the copy, being a draft, is hidden from them by the workflow.

The working copy goes through the same workflow. When it takes effect
(``make_effective``, at approval or by the daily job) it is *checked in*: the
baseline gets its content, keeps its URL, UID, state and workflow history,
its issue number goes up by one; the read acknowledgements restart (they are
kept per issue); the readers are told; the revision's audit entries are added
to the baseline's trail as "Sửa đổi lần N: …". Only one working copy at a time.

Versions (CMFEditions): one per issue made effective, never on edit
(repositorytool.xml gives the type no "version on edit" policy). The issue
history (``issues(document)``) keeps, per issue, its effective date, who
approved it and the version id of the repository, for the page "Lịch sử ban hành".

Annotations of our own (case steps, audit trail, read acknowledgements, issue
history, comments) are not copied into the working copy and the baseline's are
kept at check-in (plone.app.iterate copies every annotation both ways); the
comments made on the revision are added to the document's at check-in.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from eiso import _
from eiso import logger
from eiso.cases import audit
from eiso.cases import steps
from eiso.cases.audit import AuditTrail
from eiso.cases.handover import _t
from eiso.cases.handover import holders_of
from eiso.cases.handover import start_clean
from eiso.content.agency import get_agency
from eiso.content.fields import rename_added
from eiso.copies import copy_info
from eiso.copies import copying
from eiso.documents import distribution
from eiso.documents import locks
from eiso.notifications.mail import t
from eiso.notifications.subscribers import notify
from eiso.roles import DOCUMENT_CONTROLLER
from eiso.utils import format_date
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from plone.app.discussion.interfaces import IConversation
from plone.app.iterate import lock
from plone.app.iterate.dexterity.utils import get_baseline
from plone.app.iterate.dexterity.utils import get_working_copy
from plone.app.iterate.interfaces import IBaseline
from plone.app.iterate.interfaces import ICheckinCheckoutPolicy
from plone.app.iterate.interfaces import IWorkingCopy
from plone.app.iterate.permissions import CheckoutPermission
from zope.annotation.interfaces import IAnnotations


ISSUES_KEY = "eiso.documents.issues"  # list of {issue, effective_date, approved_by, version_id}
DISCUSSION_KEY = "plone.app.discussion:conversation"
# What belongs to one document and must not travel between baseline and working copy.
OWN_KEYS = (steps.KEY, audit.KEY, distribution.KEY, ISSUES_KEY, DISCUSSION_KEY)
WORKFLOW = "eiso_document_workflow"


class RevisionError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


# -- reading --------------------------------------------------------------------

def is_working_copy(document):
    return IWorkingCopy.providedBy(document)


def working_copy_of(document):
    """The working copy of ``document`` being revised, or None."""
    if not IBaseline.providedBy(document):
        return None
    return get_working_copy(document)


def baseline_of(working_copy):
    """The effective document ``working_copy`` revises, or None."""
    if not IWorkingCopy.providedBy(working_copy):
        return None
    return get_baseline(working_copy)


def may_revise(document):
    """True when the current user may start a revision of ``document`` now."""
    return (
        getattr(aq_base(document), "portal_type", None) == "ControlledDocument"
        and not is_working_copy(document)
        and api.content.get_state(document, default=None) == "effective"
        and working_copy_of(document) is None
        and api.user.has_permission(CheckoutPermission, obj=document)
    )


def issues(document):
    """The issues that took effect, oldest first (dicts)."""
    return [dict(entry) for entry in IAnnotations(document).get(ISSUES_KEY, ())]


def last_actor(document, action):
    """(user id, DateTime) of the last ``action`` in the document's workflow history."""
    history = (getattr(aq_base(document), "workflow_history", None) or {}).get(WORKFLOW, ())
    for entry in reversed(history):
        if entry.get("action") == action:
            return entry.get("actor"), entry.get("time")
    return None, None


# -- versions -------------------------------------------------------------------

def _version_message(document):
    return _t(_("Issue ${issue}, effective from ${date}", mapping={
        "issue": document.issue_number or 1,
        "date": format_date(document.effective_date) or "—"}))


def record_issue(document, approved_by=None):
    """Keep the current issue of ``document`` in its history, saving its version.

    Does nothing when the issue is already there (running twice is harmless).
    """
    issue = document.issue_number or 1
    annotations = IAnnotations(document)
    if ISSUES_KEY not in annotations:
        annotations[ISSUES_KEY] = PersistentList()
    entries = annotations[ISSUES_KEY]
    if any(entry["issue"] == issue for entry in entries):
        return None
    repository = api.portal.get_tool("portal_repository")
    if repository.isVersionable(document):
        version_id = getattr(aq_base(document), "version_id", None)
        if version_id is None or not repository.isUpToDate(document, version_id):
            with api.env.adopt_roles(["Manager"]):
                repository.save(obj=document, comment=_version_message(document))
    if approved_by is None:
        approved_by = last_actor(document, "approve")[0]
    entry = PersistentMapping(
        issue=issue,
        effective_date=document.effective_date,
        approved_by=approved_by or "",
        version_id=getattr(aq_base(document), "version_id", None),
    )
    entries.append(entry)
    return entry


# -- check out ------------------------------------------------------------------

def start_revision(document, request=None, reviser=None):
    """Check out a working copy of the effective ``document`` and return it.

    ``request`` is the accepted change request, if any: its reason is recorded
    and Bước 1 goes to the document controllers. Otherwise the reviser is
    ``reviser`` or the current user. The caller checks the permission
    (``iterate : Check out content``, or the leader's approval of a change request).
    Raises :class:`RevisionError` (a Vietnamese message) when it cannot start: not
    effective, a revision already under way, another user editing it (``locks``).
    """
    if api.content.get_state(document, default=None) != "effective" or is_working_copy(document):
        raise RevisionError(_("Only an effective document can be revised."))
    existing = working_copy_of(document)
    if existing is not None:
        raise RevisionError(_(
            "The document is already being revised (issue ${issue}): finish or cancel that "
            "revision first.", mapping={"issue": existing.issue_number}))
    edited = locks.locked_message(document)
    if edited is not None:
        raise RevisionError(edited)
    current = api.user.get_current().getId()
    agency = get_agency(document)
    if request is not None and agency is not None:
        handlers = holders_of(agency, DOCUMENT_CONTROLLER) or [current]
    else:
        handlers = [reviser or current]
    # Read by the IObjectCopiedEvent subscriber (``revision_copied``) during the copy.
    # Copying an effective document needs "Copy or Move", which nobody holds in
    # `effective`: the right to revise was checked by the caller.
    with copying(document, {"handlers": handlers, "owner": handlers[0]}), \
            api.env.adopt_roles(["Manager"]):
        container = aq_parent(aq_inner(document))
        working_copy = ICheckinCheckoutPolicy(document).checkout(container)
        # "copy_of_…" → "<id>-lan-<issue>", a readable address for the revision
        working_copy = rename_added(
            working_copy, f"{document.getId()}-lan-{working_copy.issue_number}")
    reason = (getattr(request, "reason", "") or "") if request is not None else ""
    summary = _t(_("Revision for issue ${issue} started", mapping={"issue": working_copy.issue_number}))
    if request is not None:
        summary = _t(_("Change request “${request}” accepted: revision for issue ${issue} started",
                       mapping={"request": request.Title(), "issue": working_copy.issue_number}))
    AuditTrail(document).record(audit.NOTE, summary, reason)
    AuditTrail(working_copy).record(audit.NOTE, summary, reason)
    working_copy.reindexObject()  # is_working_copy, the case columns
    if request is not None and agency is not None:
        subject = t(_("Revise the document ${code} ${title}",
                      mapping={"code": document.code or "", "title": document.Title()}))
        lines = [t(_("The change request “${request}” has been accepted: prepare the new issue of "
                     "the document.", mapping={"request": request.Title()}))]
        for user_id in handlers:
            notify(user_id, subject, lines, working_copy.absolute_url())
    logger.info("Revision of %s started: %s", "/".join(document.getPhysicalPath()),
                "/".join(working_copy.getPhysicalPath()))
    return working_copy


def revision_copied(copy, event):
    """IObjectCopiedEvent: a working copy starts clean (before it is added)."""
    info = copy_info(event.original)
    if info is None:
        return  # an ordinary copy
    start_clean(copy, event.original, info["owner"], info["handlers"], OWN_KEYS)
    copy.issue_number = (event.original.issue_number or 1) + 1
    copy.effective_date = None


# -- check in -------------------------------------------------------------------

def check_in(working_copy):
    """The approved revision takes effect: its baseline gets its content (issue + 1)."""
    baseline = baseline_of(working_copy)
    if baseline is None:
        raise RevisionError(_("The document this revision belongs to no longer exists."))
    issue = working_copy.issue_number
    approved_by, _time = last_actor(working_copy, "approve")
    record_issue(baseline)  # a document effective before the issue history existed
    own = IAnnotations(baseline)
    kept = {key: own[key] for key in OWN_KEYS if key in own}
    revision_trail = [dict(entry) for entry in AuditTrail(working_copy)]
    comments = _comments_of(working_copy)
    with api.env.adopt_roles(["Manager"]):
        baseline = ICheckinCheckoutPolicy(working_copy).checkin(_version_message(working_copy))
    annotations = IAnnotations(baseline)
    for key in OWN_KEYS:
        if key in kept:
            annotations[key] = kept[key]
        else:
            annotations.pop(key, None)
    lock.unlockContext(baseline)
    if audit.KEY not in annotations:
        annotations[audit.KEY] = PersistentList()
    for entry in revision_trail:
        entry["summary"] = _t(_("Revision ${issue}: ${summary}",
                                mapping={"issue": issue, "summary": entry["summary"]}))
        annotations[audit.KEY].append(PersistentMapping(entry))
    _add_comments(baseline, comments)
    record_issue(baseline, approved_by=approved_by)
    baseline.reindexObject()
    distribution.announce(baseline)
    request = getattr(baseline, "REQUEST", None)
    if request is not None:
        # The forms that fired the transition go to the document, not to the gone copy.
        request.set("eiso.checked_in", baseline.absolute_url())
    logger.info("Issue %s of %s is effective", issue, "/".join(baseline.getPhysicalPath()))
    return baseline


def _comments_of(item):
    """The comments on ``item``, oldest first (a reply comes after what it answers)."""
    conversation = IConversation(item, None)
    if conversation is None:
        return []
    return [aq_base(comment) for comment in sorted(conversation.values(),
                                                   key=lambda comment: comment.comment_id)]


def _add_comments(document, comments):
    """The comments made on the revision join the document's, threads kept."""
    if not comments:
        return
    conversation = IConversation(document)
    new_ids = {}
    for comment in comments:
        old_id, reply_to = comment.comment_id, comment.in_reply_to
        comment.in_reply_to = new_ids.get(reply_to, 0) if reply_to else 0
        new_ids[old_id] = conversation.addComment(comment)


def cancel_revision(working_copy):
    """Drop the working copy (Hủy bản sửa đổi); the baseline stays as it is."""
    baseline = baseline_of(working_copy)
    if baseline is None:
        raise RevisionError(_("This is not a revision of a document."))
    AuditTrail(baseline).record(audit.NOTE, _t(_("Revision for issue ${issue} cancelled",
                                                 mapping={"issue": working_copy.issue_number})))
    with api.env.adopt_roles(["Manager"]):
        ICheckinCheckoutPolicy(working_copy).cancelCheckout()
    lock.unlockContext(baseline)
    baseline.reindexObject()
    return baseline


# -- subscribers ----------------------------------------------------------------

def document_made_effective(document, event):
    """IActionSucceededEvent of ``make_effective``: check a revision in, or keep issue 1.

    Of ``withdraw``: a revision under way is cancelled (it would revise an obsolete document).
    """
    if document.portal_type != "ControlledDocument":
        return
    if event.action == "withdraw":
        working_copy = working_copy_of(document)
        if working_copy is not None:
            cancel_revision(working_copy)
        return
    if event.action != "make_effective":
        return
    if is_working_copy(document):
        check_in(document)
    else:
        record_issue(document)


def change_request_accepted(change_request, event):
    """The leader approved a change request: the revision starts (a working copy)."""
    if event.action != "approve":
        return
    document = change_request.target_document()
    if document is None:
        return
    try:
        start_revision(document, change_request)
    except RevisionError as error:
        # Already being revised (or no longer effective): say so on both.
        AuditTrail(document).record(audit.NOTE, _t(_("Revision requested: ${request}",
                                                     mapping={"request": change_request.Title()})),
                                    _t(error.message))
        AuditTrail(change_request).record(audit.NOTE, _t(error.message))
