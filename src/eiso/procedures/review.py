"""A guide whose legal basis expires is flagged for review (cần rà soát).

When a legal text of the register goes to ``expired`` or ``partly_expired``
(``eiso_legal_workflow``), every procedure guide whose ``legal_basis`` points to
it gets the text's UID in ``needs_review`` (catalog index ``needs_review``), and
its reviewers — the head of the guide's department and the ISO secretaries — are
told (in-app and by e-mail). A guide in force (``applied``) has no open step:
it gets one, "Rà soát quy trình", handled by the reviewers with the usual
deadline, so it waits in their ISO inbox like any case (and goes overdue like
one). A guide being drafted or approved already waits for someone: it is only
flagged.

The flag clears when the guide is approved again (``approve``), when the
version that revises it supersedes it (``supersede``), or when a reviewer
confirms that the guide still holds (``confirm_review``). Starting a new
version (:mod:`eiso.procedures.revision`) finishes the review step: the work
goes on in the new version.
"""

from Acquisition import aq_base
from eiso import _
from eiso.cases import audit
from eiso.cases.audit import AuditTrail
from eiso.cases.flows import flow_of
from eiso.cases.handover import _assign
from eiso.cases.handover import _participate
from eiso.cases.handover import _t
from eiso.cases.handover import default_deadline
from eiso.cases.handover import holders_of
from eiso.cases.steps import CaseSteps
from eiso.content.agency import get_agency
from eiso.content.procedure_guide import PORTAL_TYPE
from eiso.legal.relations import EXPIRED
from eiso.legal.relations import PARTLY_EXPIRED
from eiso.legal.relations import targets
from eiso.members import AgencyMembers
from eiso.notifications.mail import t
from eiso.notifications.subscribers import notify
from eiso.roles import DEPARTMENT_HEAD
from eiso.roles import ISO_SECRETARY
from plone import api
from plone.rest.interfaces import IAPIRequest
from plone.uuid.interfaces import IUUID
from zope.globalrequest import getRequest
from zope.publisher.interfaces.http import IHTTPRequest

import logging


logger = logging.getLogger(__name__)

EXPIRING_TRANSITIONS = ("expire", "partly_expire")
# Transitions of a guide after which it no longer needs review.
CLEARING_TRANSITIONS = ("approve", "supersede")
# States of guides that are history: nobody reviews them.
PAST_STATES = ("superseded", "rejected")
# States of a legal text a guide should no longer rest on.
EXPIRED_STATES = (EXPIRED, PARTLY_EXPIRED)
REVIEW_STEP = _("Reviewing the guide (its legal basis has changed)")


def guides_based_on(legal_document):
    """The procedure guides whose ``legal_basis`` points to ``legal_document`` (all, unrestricted)."""
    guides = []
    for relation in api.relation.get(target=legal_document, relationship="legal_basis",
                                     unrestricted=True):
        source = relation.from_object
        if source is not None and getattr(source, "portal_type", None) == PORTAL_TYPE:
            guides.append(source)
    return guides


def needs_review(guide):
    return bool(getattr(aq_base(guide), "needs_review", None))


def review_reasons(guide):
    """The legal texts (objects, unrestricted) the guide must be reviewed for."""
    catalog = api.portal.get_tool("portal_catalog")
    uids = list(getattr(aq_base(guide), "needs_review", None) or ())
    if not uids:
        return []
    return [brain._unrestrictedGetObject()
            for brain in catalog.unrestrictedSearchResults(UID=uids)]


def reviewers(guide):
    """The head of the guide's department and the ISO secretaries (active accounts)."""
    agency = get_agency(guide)
    if agency is None:
        return []
    members = AgencyMembers(agency)
    people = []
    department_id = getattr(aq_base(guide), "department", None)
    if department_id:
        department = {d.getId(): d for d in members.departments()}.get(department_id)
        if department is not None:
            head = getattr(aq_base(department), "head", None)
            if head and not members.is_disabled(head):
                people.append(head)
            else:
                people += [user_id for user_id in holders_of(agency, DEPARTMENT_HEAD)
                           if user_id in (department.members or ())]
    people += holders_of(agency, ISO_SECRETARY)
    return list(dict.fromkeys(people))


def expired_basis(guide):
    """The texts of the guide's legal basis that have expired or partly expired (unrestricted)."""
    return [text for text in targets(guide, "legal_basis")
            if api.content.get_state(text, default=None) in EXPIRED_STATES]


def expired_basis_message(legal_document):
    """"Căn cứ pháp lý 07/2010/NĐ-CP đã hết hiệu lực (một phần)" (a message id)."""
    number = legal_document.number or legal_document.Title()
    if api.content.get_state(legal_document, default=None) == PARTLY_EXPIRED:
        return _("The legal basis ${number} has partly expired.", mapping={"number": number})
    return _("The legal basis ${number} has expired.", mapping={"number": number})


def stable_url(guide):
    """``<portal>/resolveuid/<UID>``: a link that holds while the guide's id is not final yet
    (``api.content.create`` and REST add it under a temporary id, then rename it)."""
    return f"{api.portal.get().absolute_url()}/resolveuid/{guide.UID()}"


def flag_for_review(guide, legal_document, summary=None, url=None):
    """Flag ``guide`` for review because ``legal_document`` changed; True when newly flagged.

    ``summary`` (translated) says why, in the audit trail and the notification; by
    default the text's new state. ``url``: the link of the notification (the guide's).
    """
    uid = legal_document.UID()
    reasons = tuple(getattr(aq_base(guide), "needs_review", None) or ())
    state = api.content.get_state(guide, default=None)
    if uid in reasons or state in PAST_STATES:
        return False
    guide.needs_review = reasons + (uid,)
    people = reviewers(guide)
    # Told only who may open it (a department head does not see a draft).
    told = [user_id for user_id in people
            if api.user.has_permission("View", username=user_id, obj=guide)]
    if summary is None:
        state_title = _t(api.portal.get_tool("portal_workflow").getTitleForStateOnType(
            api.content.get_state(legal_document), legal_document.portal_type), domain="plone")
        summary = _t(_("Needs review: the legal text ${number} is now “${state}”",
                       mapping={"number": legal_document.number or legal_document.Title(),
                                "state": state_title}))
    open_review_step(guide, people)
    AuditTrail(guide).record(audit.NOTE, summary, legal_document.Title())
    guide.reindexObject()
    subject = t(_("Procedure guide to review: ${code} ${title}",
                  mapping={"code": guide.code or "", "title": guide.Title()}))
    lines = [summary, t(_("Check the guide and revise it, or confirm that it still holds."))]
    for user_id in told:
        notify(user_id, subject, lines, url or guide.absolute_url())
    logger.info("%s flagged for review (%s)", "/".join(guide.getPhysicalPath()),
                legal_document.number)
    return True


def open_review_step(guide, people=None):
    """A flagged guide in force waits for its reviewers: a step of its own, usual deadline.

    A guide in a step of its workflow (drafting, approval) keeps its handlers.
    """
    flow = flow_of(guide)
    state = api.content.get_state(guide, default=None)
    steps = CaseSteps(guide)
    if flow is None or flow.is_open(state) or state in PAST_STATES or steps.current() is not None:
        return None
    people = reviewers(guide) if people is None else people
    if not people:
        return None
    department = getattr(aq_base(guide), "department", None)
    deadline = default_deadline()
    step = steps.start(state, REVIEW_STEP, people, department, deadline)
    _assign(guide, people, department, deadline)
    return step


def clear_review(guide):
    """The flags are handled: remembered in ``reviewed_texts`` so that saving does not raise
    them again (an expiry of the text later does)."""
    reasons = tuple(getattr(aq_base(guide), "needs_review", None) or ())
    if reasons:
        reviewed = tuple(getattr(aq_base(guide), "reviewed_texts", None) or ())
        guide.reviewed_texts = reviewed + tuple(uid for uid in reasons if uid not in reviewed)
        guide.needs_review = ()
        guide.reindexObject(idxs=["needs_review", "case_open"])


def close_review_step(guide, actor, action, comment=""):
    """Finish the review step of a guide in force (it waits for nobody then)."""
    flow = flow_of(guide)
    steps = CaseSteps(guide)
    if flow is None or flow.is_open(api.content.get_state(guide)) or steps.current() is None:
        return
    steps.finish(actor, action, comment)
    _participate(guide, actor)
    _assign(guide, [], None, None)


def confirm_review(guide, comment=""):
    """A reviewer confirms the guide still holds: the flag and the review step end."""
    actor = api.user.get_current().getId()
    close_review_step(guide, actor, "confirm_review", comment)
    AuditTrail(guide).record(audit.NOTE, _t(_("Review done: the guide still holds")), comment)
    clear_review(guide)
    guide.reindexObject()


def check_legal_basis(guide):
    """Flag the guide for the expired texts of its basis not flagged or handled yet; forget the
    flags and the handled texts no longer in the basis. Returns the texts newly flagged."""
    if api.content.get_state(guide, default=None) in PAST_STATES:
        return []
    basis = {IUUID(text, None) for text in targets(guide, "legal_basis")}
    reasons = tuple(getattr(aq_base(guide), "needs_review", None) or ())
    reviewed = tuple(getattr(aq_base(guide), "reviewed_texts", None) or ())
    kept = tuple(uid for uid in reasons if uid in basis)
    dropped = kept != reasons
    if dropped:
        guide.needs_review = kept
    if tuple(uid for uid in reviewed if uid in basis) != reviewed:
        guide.reviewed_texts = tuple(uid for uid in reviewed if uid in basis)
    flagged = []
    for text in expired_basis(guide):
        if text.UID() in kept or text.UID() in reviewed:
            continue
        if flag_for_review(guide, text, summary=_t(expired_basis_message(text)),
                           url=stable_url(guide)):
            flagged.append(text)
    if dropped and not flagged:
        if not kept:
            actor = api.user.get_current().getId()
            close_review_step(guide, actor, "edit",
                              _t(_("The expired texts were removed from the legal basis")))
        guide.reindexObject()
    return flagged


def warn_expired_basis(guide, request=None):
    """A status message per expired text of the basis, once per request (browser forms only)."""
    if request is None:
        request = getattr(guide, "REQUEST", None)
    if not IHTTPRequest.providedBy(request):
        request = getRequest()
    if request is None or IAPIRequest.providedBy(request):
        return
    done = request.other.setdefault("eiso.procedures.expired_warned", set())
    for text in expired_basis(guide):
        if text.UID() in done:
            continue
        done.add(text.UID())
        api.portal.show_message(expired_basis_message(text), request, type="warning")


# -- subscribers ----------------------------------------------------------------

def guide_saved(guide, event):
    """IObjectAddedEvent, IObjectModifiedEvent of a guide: its legal basis may have expired."""
    check_legal_basis(guide)
    warn_expired_basis(guide)


def legal_document_changed_state(legal_document, event):
    """IActionSucceededEvent of a legal text: its expiry flags the guides based on it."""
    if event.action not in EXPIRING_TRANSITIONS:
        return
    for guide in guides_based_on(legal_document):
        flag_for_review(guide, legal_document)


def guide_transitioned(guide, event):
    """IActionSucceededEvent of a guide: approved again or superseded, it needs no review;
    applied while flagged (flagged after its approval), it waits for its reviewers.

    ActionSucceeded comes after every IAfterTransitionEvent subscriber, so after the case
    engine has finished the case at ``apply``.
    """
    transition = event.action
    if transition in CLEARING_TRANSITIONS:
        clear_review(guide)
    elif transition == "apply" and needs_review(guide):
        if open_review_step(guide) is not None:
            guide.reindexObject()
