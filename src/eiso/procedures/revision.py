"""New versions of a procedure guide (seed function 21: Sửa đổi quy trình hướng dẫn).

A guide in force (``applied``) is not edited: a new version is drafted. It is a
copy in the same ``thu-tuc`` section, ``draft`` again, with the same code,
``version`` + 1, its own case (Bước 1 for the reviser) and audit trail, and
``revision_of`` the UID of the guide it revises. Citizens keep being served by
the version in force; when the new one is applied, it supersedes it
(``ProcedureGuide.supersede_scope``: same agency and code).

CMFEditions keeps a version of each guide at approval and at application
(``save_version``), shown in Plone's history.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from eiso import _
from eiso.cases import audit
from eiso.cases import steps
from eiso.cases.audit import AuditTrail
from eiso.cases.handover import _t
from eiso.cases.handover import start_clean
from eiso.content.fields import rename_added
from eiso.content.procedure_guide import PORTAL_TYPE
from eiso.copies import copy_info
from eiso.copies import copying
from eiso.procedures.review import close_review_step
from plone import api


OWN_KEYS = (steps.KEY, audit.KEY)
APPLIED = "applied"
# States of a version still being worked on.
OPEN_STATES = ("draft", "pending", "approved", "rejected")
VERSIONED_TRANSITIONS = ("approve", "apply")


class RevisionError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def versions(guide):
    """Every version of the guide's procedure in its section, newest first (brains)."""
    catalog = api.portal.get_tool("portal_catalog")
    container = aq_parent(aq_inner(guide))
    brains = catalog(portal_type=PORTAL_TYPE, code=guide.code,
                     path={"query": "/".join(container.getPhysicalPath()), "depth": 1})
    return sorted(brains, key=lambda brain: brain.getObject().version, reverse=True)


def revision_under_way(guide):
    """The version being drafted from ``guide``, or None (unrestricted)."""
    catalog = api.portal.get_tool("portal_catalog")
    container = aq_parent(aq_inner(guide))
    for brain in catalog.unrestrictedSearchResults(
        portal_type=PORTAL_TYPE, code=guide.code, review_state=list(OPEN_STATES),
        path={"query": "/".join(container.getPhysicalPath()), "depth": 1},
    ):
        if brain.UID != guide.UID():
            return brain._unrestrictedGetObject()
    return None


def may_revise(guide):
    return (
        api.content.get_state(guide, default=None) == APPLIED
        and api.user.has_permission("eiso: Add ProcedureGuide", obj=guide)
    )


def start_revision(guide):
    """Draft the next version of the applied ``guide``; return it.

    The caller checks the permission (``eiso: Add ProcedureGuide``).
    Raises :class:`RevisionError` with a Vietnamese message when it cannot start.
    """
    if api.content.get_state(guide, default=None) != APPLIED:
        raise RevisionError(_("Only a guide in force can be revised."))
    existing = revision_under_way(guide)
    if existing is not None:
        raise RevisionError(_("Version ${version} of this guide is already being drafted.",
                              mapping={"version": existing.version}))
    reviser = api.user.get_current().getId()
    # Copying a guide in force needs "Copy or Move", which only Managers hold there.
    # ``revision_copied`` reads the reviser during the copy.
    with copying(guide, reviser), api.env.adopt_roles(["Manager"]):
        container = aq_parent(aq_inner(guide))
        copy = api.content.copy(source=guide, target=container, safe_id=True)
        copy = rename_added(copy, f"{guide.getId()}-phien-ban-{copy.version}")
    summary = _t(_("Version ${version} started", mapping={"version": copy.version}))
    AuditTrail(guide).record(audit.NOTE, summary, copy.absolute_url())
    close_review_step(guide, reviser, "revise", summary)
    guide.reindexObject()
    copy.reindexObject()
    return copy


def revision_copied(copy, event):
    """IObjectCopiedEvent: a new version starts clean (before it is added)."""
    reviser = copy_info(event.original)
    if reviser is None:
        return  # an ordinary copy
    start_clean(copy, event.original, reviser, [reviser], OWN_KEYS)
    copy.version = (getattr(aq_base(event.original), "version", None) or 1) + 1
    # The flags of the version revised are handled by this revision: saving it does not
    # raise them again (the warning on an expired basis stays while the text is listed).
    original = event.original
    handled = tuple(getattr(aq_base(original), "reviewed_texts", None) or ())
    handled += tuple(uid for uid in getattr(aq_base(original), "needs_review", None) or ()
                     if uid not in handled)
    copy.reviewed_texts = handled
    copy.needs_review = ()
    for name in ("version_id", "_version_id"):
        if name in copy.__dict__:
            delattr(copy, name)


def save_version(guide, event):
    """IAfterTransitionEvent: keep a version (CMFEditions) at approval and application."""
    if event.transition is None or event.transition.getId() not in VERSIONED_TRANSITIONS:
        return
    repository = api.portal.get_tool("portal_repository")
    if not repository.isVersionable(guide):
        return
    title = _t(event.transition.title or event.transition.getId(), domain="plone")
    comment = _t(_("Version ${version}: ${action}",
                   mapping={"version": guide.version, "action": title}))
    with api.env.adopt_roles(["Manager"]):
        repository.save(obj=guide, comment=comment)
