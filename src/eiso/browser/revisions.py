"""Revisions of controlled documents in the browser (eiso.documents.revision).

* the viewlet "Sửa đổi tài liệu" below a document: the banner of a working copy,
  the buttons "Sửa đổi tài liệu" / "Hủy bản sửa đổi", and "Lịch sử ban hành"
  (each issue, its effective date, who approved it; for those allowed to see
  former issues: the old version, its file and the diff with the next issue);
* ``@@revise-document`` and ``@@cancel-revision``: POST with the authenticator.

Every decision is a permission: ``iterate : Check out content`` (mapped by the
workflow in ``effective`` only), ``Delete objects`` on the working copy (its
owner and the document controllers in ``draft``), ``CMFEditions: Access previous
versions`` (not Staff: they read the issue in force).
"""

from eiso import _
from eiso.documents import revision
from eiso.utils import format_date
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate
from zExceptions import Forbidden
from zExceptions import NotFound


ACCESS_PREVIOUS = "CMFEditions: Access previous versions"


def _fullname(user_id):
    user = api.user.get(userid=user_id) if user_id else None
    return (user.getProperty("fullname") or user_id) if user is not None else (user_id or "")


class RevisionsViewlet(ViewletBase):
    def update(self):
        super().update()
        self.baseline = revision.baseline_of(self.context)
        self.working_copy = revision.working_copy_of(self.context)

    def _t(self, message):
        return translate(message, context=self.request)

    def banner(self):
        """"Bản sửa đổi của …, lần ban hành N (đang soạn thảo)" on a working copy."""
        if self.baseline is None:
            return None
        state = api.content.get_state(self.context)
        workflow = api.portal.get_tool("portal_workflow")
        title = workflow.getTitleForStateOnType(state, self.context.portal_type)
        return {
            "text": self._t(_("Revision of “${title}”, issue ${issue} (${state})", mapping={
                "title": self.baseline.Title(), "issue": self.context.issue_number,
                "state": translate(title, domain="plone", context=self.request).lower()})),
            "url": self.baseline.absolute_url()
            if api.user.has_permission("View", obj=self.baseline) else None,
        }

    def working_copy_info(self):
        """The revision under way, on the effective document (for those who may see it)."""
        if self.working_copy is None or not api.user.has_permission("View", obj=self.working_copy):
            return None
        return {
            "text": self._t(_("Issue ${issue} is being prepared.",
                              mapping={"issue": self.working_copy.issue_number})),
            "url": self.working_copy.absolute_url(),
        }

    def may_revise(self):
        return revision.may_revise(self.context)

    def may_cancel(self):
        return (
            self.baseline is not None
            and api.content.get_state(self.context) == "draft"
            and api.user.has_permission("Delete objects", obj=self.context)
        )

    def may_see_versions(self):
        return api.user.has_permission(ACCESS_PREVIOUS, obj=self.context)

    def issues(self):
        if self.baseline is not None:
            return []
        entries = revision.issues(self.context)
        current = self.context.issue_number
        url = self.context.absolute_url()
        versions = self.may_see_versions()
        rows = []
        for index, entry in enumerate(entries):
            version_id = entry.get("version_id")
            old = versions and version_id is not None and entry["issue"] != current
            following = entries[index + 1] if index + 1 < len(entries) else None
            rows.append({
                "issue": entry["issue"],
                "current": entry["issue"] == current,
                "effective_date": format_date(entry.get("effective_date")),
                "approved_by": _fullname(entry.get("approved_by")),
                "view_url": f"{url}/@@document-issue?issue={entry['issue']}" if old else None,
                "diff_url": (f"{url}/@@history?one={following['version_id']}&two={version_id}"
                             if versions and following and following.get("version_id") is not None
                             and version_id is not None else None),
            })
        return list(reversed(rows))

    def available(self):
        return bool(self.banner() or self.working_copy_info() or self.may_revise() or self.issues())


class ReviseView(BrowserView):
    """POST: check out a working copy ("Sửa đổi tài liệu") and go to it."""

    def __call__(self):
        if self.request.method != "POST":
            raise Forbidden("POST only")
        CheckAuthenticator(self.request)
        if not revision.may_revise(self.context):
            message = _("You cannot revise this document now: only an effective document "
                        "without a revision under way can be revised.")
            if revision.working_copy_of(self.context) is not None:
                message = _("The document is already being revised: finish or cancel that "
                            "revision first.")
            api.portal.show_message(message, self.request, type="error")
            return self.request.response.redirect(self.context.absolute_url())
        try:
            working_copy = revision.start_revision(self.context)
        except revision.RevisionError as error:
            api.portal.show_message(error.message, self.request, type="error")
            return self.request.response.redirect(self.context.absolute_url())
        api.portal.show_message(
            _("The revision has been created as a draft; staff keep reading the effective "
              "issue until the revision takes effect."), self.request, type="info")
        return self.request.response.redirect(working_copy.absolute_url())


class CancelRevisionView(BrowserView):
    """POST: drop a working copy in draft ("Hủy bản sửa đổi")."""

    def __call__(self):
        if self.request.method != "POST":
            raise Forbidden("POST only")
        CheckAuthenticator(self.request)
        if (revision.baseline_of(self.context) is None
                or api.content.get_state(self.context) != "draft"
                or not api.user.has_permission("Delete objects", obj=self.context)):
            raise Forbidden("Not allowed")
        baseline = revision.cancel_revision(self.context)
        api.portal.show_message(_("The revision has been cancelled."), self.request, type="info")
        return self.request.response.redirect(baseline.absolute_url())


class DocumentIssueView(BrowserView):
    """A former issue of a document (``?issue=N``), from the version history."""

    def __call__(self):
        if not api.user.has_permission(ACCESS_PREVIOUS, obj=self.context):
            raise Forbidden("Not allowed")
        try:
            wanted = int(self.request.get("issue", ""))
        except ValueError:
            raise NotFound(self.context, "issue", self.request)
        entry = next((e for e in revision.issues(self.context) if e["issue"] == wanted), None)
        if entry is None or entry.get("version_id") is None:
            raise NotFound(self.context, "issue", self.request)
        self.entry = entry
        repository = api.portal.get_tool("portal_repository")
        self.version = repository.retrieve(self.context, entry["version_id"]).object
        return self.index()

    def title(self):
        return translate(_("Issue ${issue} of “${title}” (no longer in force)", mapping={
            "issue": self.entry["issue"], "title": self.version.Title()}), context=self.request)

    def effective_date(self):
        return format_date(self.entry.get("effective_date"))

    def approved_by(self):
        return _fullname(self.entry.get("approved_by"))

    def file_info(self):
        file = getattr(self.version, "file", None)
        if file is None:
            return None
        return {
            "filename": file.filename,
            "url": (f"{self.context.absolute_url()}/@@download-version?version_id="
                    f"{self.entry['version_id']}&field_id=file"),
        }

    def text(self):
        value = getattr(self.version, "text", None)
        return value.output_relative_to(self.context) if value is not None else ""
