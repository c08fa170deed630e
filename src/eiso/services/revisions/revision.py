"""REST ``@revision`` on a controlled document (Sửa đổi tài liệu).

``GET``: the issue history (Lịch sử ban hành), the working copy under way (for
those who may see it) and what the current user may do.
``POST`` on an effective document: "Sửa đổi tài liệu" — 201 with the working copy
(``iterate : Check out content``; 403 otherwise, 409 when a revision is under way
or another user is editing the document).
``DELETE`` on a working copy in draft: "Hủy bản sửa đổi" (``Delete objects``).
Refusals carry a Vietnamese message; nothing is changed.
"""

from eiso import _
from eiso.documents import locks
from eiso.documents import revision
from eiso.utils import format_date
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides


def _iso(value):
    return value.isoformat() if value is not None else None


def status(document):
    working_copy = revision.working_copy_of(document)
    baseline = revision.baseline_of(document)
    history = [] if baseline is not None else revision.issues(document)
    return {
        "@id": f"{document.absolute_url()}/@revision",
        "issue_number": document.issue_number or 1,
        "is_working_copy": baseline is not None,
        "baseline": baseline.absolute_url() if baseline is not None
        and api.user.has_permission("View", obj=baseline) else None,
        "working_copy": working_copy.absolute_url() if working_copy is not None
        and api.user.has_permission("View", obj=working_copy) else None,
        "can_revise": revision.may_revise(document),
        "issues": [{
            "issue_number": entry["issue"],
            "effective_date": _iso(entry.get("effective_date")),
            "effective_date_title": format_date(entry.get("effective_date")),
            "approved_by": entry.get("approved_by") or None,
        } for entry in history],
    }


class RevisionGet(Service):
    def reply(self):
        return status(self.context)


class _Refusing(Service):
    def refuse(self, code, message):
        self.request.response.setStatus(code)
        return {"error": {"type": {400: "BadRequest", 403: "Forbidden", 409: "Conflict"}[code],
                          "message": translate(message, context=self.request)}}


class RevisionPost(_Refusing):
    def reply(self):
        # A JSON API call authenticated by header or token: plone.restapi's CSRF rules.
        alsoProvides(self.request, IDisableCSRFProtection)
        if revision.working_copy_of(self.context) is not None:
            return self.refuse(409, _("The document is already being revised: finish or "
                                      "cancel that revision first."))
        if not revision.may_revise(self.context):
            return self.refuse(403, _("You cannot revise this document now: only an effective "
                                      "document without a revision under way can be revised."))
        edited = locks.locked_message(self.context)
        if edited is not None:
            return self.refuse(409, edited)
        try:
            working_copy = revision.start_revision(self.context)
        except revision.RevisionError as error:
            return self.refuse(400, error.message)
        self.request.response.setStatus(201)
        self.request.response.setHeader("Location", working_copy.absolute_url())
        return status(working_copy)


class RevisionDelete(_Refusing):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        if (revision.baseline_of(self.context) is None
                or api.content.get_state(self.context) != "draft"
                or not api.user.has_permission("Delete objects", obj=self.context)):
            return self.refuse(403, _("Only the reviser or a document controller can cancel "
                                      "a revision, while it is a draft."))
        baseline = revision.cancel_revision(self.context)
        return status(baseline)
