"""Views of the internal documents (``tai-lieu``): the document list (seed 002 §7),
a document's page with its "Đã đọc", and a change request's page."""

from datetime import date
from eiso import _
from eiso.browser.listing import addable_types
from eiso.browser.listing import BatchedListing
from eiso.content.agency import get_agency
from eiso.content.controlled_document import DOCUMENT_KINDS
from eiso.content.controlled_document import IControlledDocumentSchema
from eiso.content.controlled_document import LEVELS
from eiso.documents import distribution
from eiso.documents import locks
from eiso.documents.reviews import review_horizon
from eiso.roles import LEADER
from eiso.utils import format_date
from eiso.workingdays import as_date
from plone import api
from plone.app.content.browser.content_status_modify import ContentStatusModifyView
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from urllib.parse import urlencode
from zExceptions import Forbidden
from zope.component import queryUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory


DOCUMENT = "ControlledDocument"
CHANGE_REQUEST = "DocumentChangeRequest"
# Listing states in the document's life order, with the colour of their badge.
STATE_COLOURS = {
    "draft": "secondary",
    "reviewing": "info",
    "pending": "warning",
    "approved": "primary",
    "effective": "success",
    "obsolete": "dark",
}
REVIEW_DUE = "review-due"
FILTERS = ("level", "kind", "department", "state", "q", "show")


def is_manager_of(agency, roles):
    """True when the current user holds one of ``roles`` in ``agency`` (or administers it)."""
    held = set(api.user.get_roles(obj=agency)) if agency is not None else set()
    return bool(held & (set(roles) | {"Manager", "Site Administrator"}))


class DocumentListingView(BatchedListing, BrowserView):
    """The document list: filters, 20 a page, from the catalog's brains only."""

    page_size = 20

    def __call__(self):
        self.agency = get_agency(self.context)
        self.form = {name: (self.request.form.get(name) or "").strip()
                     for name in FILTERS if isinstance(self.request.form.get(name, ""), str)}
        return self.index()

    # -- choices of the filters -----------------------------------------------------

    def _t(self, message):
        return translate(message, context=self.request)

    def levels(self):
        return [{"value": v, "title": self._t(t)} for v, t in LEVELS]

    def kinds(self):
        return [{"value": v, "title": self._t(t)} for v, t in DOCUMENT_KINDS]

    def departments(self):
        factory = queryUtility(IVocabularyFactory, "eiso.AgencyDepartments")
        return [{"value": term.value, "title": term.title} for term in factory(self.context)]

    def states(self):
        workflow = api.portal.get_tool("portal_workflow")["eiso_document_workflow"]
        return [{"value": state, "title": self._t_plone(workflow.states[state].title)}
                for state in STATE_COLOURS]

    def _t_plone(self, msgid):
        return translate(msgid, domain="plone", context=self.request)

    # -- the query ------------------------------------------------------------------

    def query(self):
        query = {
            "portal_type": DOCUMENT,
            "path": {"query": "/".join(self.context.getPhysicalPath()), "depth": 1},
            "sort_on": "sortable_title",
        }
        form = self.form
        if form.get("level"):
            query["document_level"] = form["level"]
        if form.get("kind"):
            query["document_kind"] = form["kind"]
        if form.get("department"):
            query["department"] = form["department"]
        if form.get("state") in STATE_COLOURS:
            query["review_state"] = form["state"]
        if form.get("q"):
            query["SearchableText"] = form["q"] if form["q"].endswith("*") else form["q"] + "*"
        if form.get("show") == REVIEW_DUE:
            query["review_state"] = "effective"
            query["review_date"] = {"query": review_horizon(date.today()), "range": "max"}
            query["sort_on"] = "review_date"
        return query

    def items(self):
        return api.content.find(**self.query())

    def filtered(self):
        return any(self.form.get(name) for name in FILTERS)

    def may_approve(self):
        """Leaders (and administrators) see "Duyệt" on the documents waiting for them."""
        if not hasattr(self, "_may_approve"):
            self._may_approve = is_manager_of(self.agency, (LEADER,))
        return self._may_approve

    def rows(self, batch):
        workflow = api.portal.get_tool("portal_workflow")
        user_id = api.user.get_current().getId()
        here = self.request.get("ACTUAL_URL", self.context.absolute_url())
        query_string = self.request.get("QUERY_STRING", "")
        came_from = f"{here}?{query_string}" if query_string else here
        rows = []
        for number, brain in enumerate(batch, start=batch.start):
            state = brain.review_state
            approve_url = None
            if (state == "pending" and self.may_approve()
                    and user_id in (brain.responsible_users or ())):
                approve_url = f"{brain.getURL()}/@@case-transition?" + urlencode(
                    {"action": "approve", "came_from": came_from})
            rows.append({
                "number": number,
                "code": brain.code or "",
                "title": brain.Title,
                "url": brain.getURL(),
                "issue_number": brain.issue_number or "",
                "effective_date": format_date(as_date(brain.effective_date))
                if brain.effective_date else "",
                "review_date": format_date(as_date(brain.review_date)) if brain.review_date else "",
                "state": state,
                "state_title": self._t_plone(
                    workflow.getTitleForStateOnType(state, DOCUMENT) or state) if state else "",
                "colour": STATE_COLOURS.get(state, "secondary"),
                "approve_url": approve_url,
                # a working copy (eiso.documents.revision): same code, next issue
                "revision": bool(getattr(brain, "is_working_copy", False)),
            })
        return rows

    def review_due_url(self):
        return f"{self.context.absolute_url()}?show={REVIEW_DUE}"

    def change_requests(self):
        """The change requests the user may see, newest first (a short list under the documents)."""
        brains = api.content.find(
            context=self.context, depth=1, portal_type=CHANGE_REQUEST,
            sort_on="created", sort_order="descending", sort_limit=20,
        )[:20]
        workflow = api.portal.get_tool("portal_workflow")
        return [{
            "code": brain.code or "", "title": brain.Title, "url": brain.getURL(),
            "state_title": self._t_plone(
                workflow.getTitleForStateOnType(brain.review_state, CHANGE_REQUEST) or ""),
            "created": format_date(brain.created),
        } for brain in brains]

    def addable_types(self):
        return addable_types(self.context)


class ControlledDocumentView(BrowserView):
    """A document's page: its fields, its file, "Đã đọc" and who has read it."""

    def _t(self, message, domain="eiso"):
        return translate(message, domain=domain, context=self.request)

    def _term(self, field_name, value):
        field = IControlledDocumentSchema[field_name]
        if field_name in ("distribution", "iso_clauses"):
            field = field.value_type
        bound = field.bind(self.context)
        try:
            return self._t(bound.vocabulary.getTerm(value).title)
        except (LookupError, AttributeError):
            return value

    def details(self):
        context = self.context
        workflow = api.portal.get_tool("portal_workflow")
        state = api.content.get_state(context)
        rows = [
            (_("Document code"), context.code),
            (_("Document level"), self._term("level", context.level) if context.level else ""),
            (_("Document kind"),
             self._term("document_kind", context.document_kind) if context.document_kind else ""),
            (_("Department in charge"),
             self._term("department", context.department) if context.department else ""),
            (_("Issue number"), context.issue_number),
            (_("Effective date"), format_date(context.effective_date)),
            (_("Periodic review date"), format_date(context.review_date)),
            (_("Distribution"), ", ".join(self._term("distribution", d)
                                          for d in context.distribution or ())
             or self._t(_("The whole agency"))),
            (_("ISO 9001:2015 clauses"), "; ".join(self._term("iso_clauses", c)
                                                  for c in context.iso_clauses or ())),
            (_("State"), self._t(workflow.getTitleForStateOnType(state, DOCUMENT) or state,
                                 domain="plone")),
        ]
        return [(label, value) for label, value in rows if value not in (None, "")]

    def state_colour(self):
        return STATE_COLOURS.get(api.content.get_state(self.context), "secondary")

    def file_info(self):
        file = self.context.file
        if file is None:
            return None
        size = file.getSize()
        return {
            "url": f"{self.context.absolute_url()}/@@download/file/{file.filename}",
            "filename": file.filename,
            "size": f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024
            else f"{max(size // 1024, 1)} KB",
        }

    # -- Đã đọc -------------------------------------------------------------------

    def is_effective(self):
        return api.content.get_state(self.context) == "effective"

    def read_at(self):
        if api.user.is_anonymous():
            return None
        return format_date(
            distribution.read_at(self.context, api.user.get_current().getId()), with_time=True)

    def may_acknowledge(self):
        return self.is_effective() and api.user.has_permission(
            "eiso: Acknowledge document", obj=self.context)

    def may_see_readers(self):
        return api.user.has_permission("eiso: View document readers", obj=self.context)

    def read_status(self):
        status = distribution.read_status(self.context)
        for entry in status["read"]:
            entry["read_at"] = format_date(entry["read_at"], with_time=True)
        return status


class AcknowledgeView(BrowserView):
    """POST ``@@document-read``: the current user has read the current issue ("Đã đọc")."""

    def __call__(self):
        if self.request.method != "POST":
            raise Forbidden("POST only")
        CheckAuthenticator(self.request)
        if api.content.get_state(self.context) != "effective":
            api.portal.show_message(
                _("Only an effective document can be marked as read."), self.request, type="error")
        else:
            distribution.acknowledge(self.context, api.user.get_current().getId())
            api.portal.show_message(
                _("Thank you: you have read this document."), self.request, type="info")
        self.request.response.redirect(self.context.absolute_url())
        return ""


class ChangeRequestView(BrowserView):
    def target(self):
        document = self.context.target_document()
        if document is None or not api.user.has_permission("View", obj=document):
            return None
        return {"title": document.Title(), "code": document.code or "",
                "url": document.absolute_url()}

    def file_info(self):
        file = self.context.file
        if file is None:
            return None
        return {"url": f"{self.context.absolute_url()}/@@download/file/{file.filename}",
                "filename": file.filename}


class DocumentStatusModifyView(ContentStatusModifyView):
    """The toolbar's state menu (``content_status_modify``) on a document: while another
    user is editing it, the message of ``eiso.documents.locks`` instead of an error page."""

    # The publisher passes the form's values by these names: keep the same signature.
    def __call__(self, workflow_action=None, comment="", effective_date=None,
                 expiration_date=None, **kwargs):
        workflow = api.portal.get_tool("portal_workflow")
        if workflow_action and workflow_action not in locks.SYSTEM_TRANSITIONS and (
                workflow_action in {t["id"] for t in workflow.getTransitionsFor(self.context)}):
            message = locks.locked_message(self.context)
            if message is not None:
                api.portal.show_message(message, self.request, type="error")
                return self.request.response.redirect(self.context.absolute_url())
        return super().__call__(workflow_action, comment, effective_date=effective_date,
                                expiration_date=expiration_date, **kwargs)
