"""Procedure guides in the browser: a guide's page, its print version, the ``thu-tuc`` listing,
and the POST actions "Tạo phiên bản sửa đổi" and "Xác nhận đã rà soát".

The print version (``@@print``) is the guide as handed to citizens at the
one-stop desk (bộ phận một cửa): the agency, the procedure's code and name, its
field, time limit and fees, the dossier and the steps as tables, the legal basis
with numbers and states, the forms. It carries its own print stylesheet.
"""

from eiso import _
from eiso.browser.legal import STATES as LEGAL_STATES
from eiso.browser.legal import state_badge
from eiso.browser.legal import vocabulary_values
from eiso.browser.listing import addable_types
from eiso.browser.listing import FilteredSectionListing
from eiso.browser.records import RecordFileView
from eiso.content.agency import get_agency
from eiso.content.procedure_guide import PORTAL_TYPE
from eiso.procedures import review
from eiso.procedures import revision
from eiso.legal.relations import targets
from eiso.utils import format_date
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from plone.base.utils import munge_search_term
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import Forbidden
from zope.i18n import translate


SECTION_ID = "thu-tuc"
STATES = ("draft", "pending", "approved", "rejected", "applied", "superseded")
REVIEW_PERMISSION = "eiso: Review procedure guide"


def money(amount):
    """1.500.000 đồng; None for no amount."""
    if amount is None:
        return None
    return f"{amount:,}".replace(",", ".") + " đồng"


def state_title(request, portal_type, state):
    workflow = api.portal.get_tool("portal_workflow")
    title = workflow.getTitleForStateOnType(state, portal_type) if state else ""
    return translate(title, domain="plone", context=request) if title else ""


class ProcedureGuideView(BrowserView):
    """A guide: what a citizen needs to know, its legal basis, its review flag and versions."""

    body = ViewPageTemplateFile("templates/procedure_body.pt")

    def t(self, message):
        return translate(message, context=self.request)

    def agency(self):
        agency = get_agency(self.context)
        return agency.Title() if agency is not None else ""

    def department(self):
        department_id = self.context.department
        agency = get_agency(self.context)
        if not department_id or agency is None:
            return ""
        department = agency.get("to-chuc", {}).get(department_id)
        return department.Title() if department is not None else department_id

    def state(self):
        return state_title(self.request, PORTAL_TYPE, api.content.get_state(self.context))

    def fees(self):
        """[(label, amount)] of the charge (phí) and the fee (lệ phí) the guide sets."""
        rows = ((_("Charge"), money(self.context.charge)), (_("Fee"), money(self.context.fee)))
        return [(label, value) for label, value in rows if value is not None]

    def details(self):
        context = self.context
        fees = "; ".join(f"{self.t(label)}: {value}" for label, value in self.fees())
        rows = (
            (_("Procedure code"), context.code),
            (_("Field"), context.field),
            (_("Department"), self.department()),
            (_("Processing time"), self.t(_("${days} working days",
                                            mapping={"days": context.processing_days}))
             if context.processing_days else ""),
            (_("Charges and fees"), fees or self.t(_("None"))),
            (_("About the fees"), context.fee_note),
            (_("Version"), str(context.version or 1)),
        )
        return [(label, value) for label, value in rows if value]

    def components(self):
        return [
            {
                "number": number,
                "document": row.get("document") or "",
                "originals": row.get("originals") if row.get("originals") is not None else "",
                "copies": row.get("copies") if row.get("copies") is not None else "",
                "note": row.get("note") or "",
            }
            for number, row in enumerate(self.context.dossier_components or (), start=1)
        ]

    def steps(self):
        return [
            {
                "number": number,
                "step": row.get("step") or "",
                "responsible": row.get("responsible") or "",
                "duration": row.get("duration") or "",
                "output": row.get("output") or "",
            }
            for number, row in enumerate(self.context.steps or (), start=1)
        ]

    def legal_basis(self):
        """The texts with number, title and state (those the user may see)."""
        states = dict(LEGAL_STATES)
        rows = []
        for text in targets(self.context, "legal_basis"):
            if not api.user.has_permission("View", obj=text):
                continue
            state = api.content.get_state(text, default="")
            rows.append({
                "number": text.number,
                "title": text.Title(),
                "summary": text.summary or "",
                "signed": format_date(text.signed_date),
                "url": text.absolute_url(),
                "state": self.t(states.get(state, state)),
                "state_class": state_badge(state),
            })
        return rows

    def forms(self):
        url = self.context.absolute_url()
        return [
            {
                "name": form.filename,
                "url": f"{url}/@@procedure-form/{position}",
            }
            for position, form in enumerate(self.context.forms or ())
            if form is not None
        ]

    # -- review and versions ------------------------------------------------

    def review(self):
        """The flag "cần rà soát": the texts that changed and what the user may do."""
        if not review.needs_review(self.context):
            return None
        return {
            "texts": [
                {"number": text.number, "title": text.Title(),
                 "state": self.t(dict(LEGAL_STATES).get(api.content.get_state(text), ""))}
                for text in review.review_reasons(self.context)
            ],
            "may_confirm": api.user.has_permission(REVIEW_PERMISSION, obj=self.context),
        }

    def may_revise(self):
        return revision.may_revise(self.context)

    def versions(self):
        """The versions the user may see, newest first; each but the oldest links to its diff."""
        rows = []
        brains = revision.versions(self.context)
        for position, brain in enumerate(brains):
            rows.append({
                "version": brain.getObject().version,
                "url": brain.getURL(),
                "diff_url": (f"{brain.getURL()}/@@procedure-diff"
                             if position < len(brains) - 1 else None),
                "current": brain.UID == self.context.UID(),
                "state": state_title(self.request, PORTAL_TYPE, brain.review_state),
                "modified": format_date(brain.modified),
            })
        return rows if len(rows) > 1 else []

    def may_see_history(self):
        return api.user.has_permission("CMFEditions: Access previous versions", obj=self.context)


class ProcedureFormView(RecordFileView):
    """``guide/@@procedure-form/<n>``: the n-th form of a guide."""

    field = "forms"


class ProcedureGuidePrintView(ProcedureGuideView):
    """``@@print``: the guide on paper, without the portal around it."""


class ReviseProcedureView(BrowserView):
    """POST: draft the next version of a guide in force and go to it."""

    def __call__(self):
        if self.request.method != "POST":
            raise Forbidden("POST only")
        CheckAuthenticator(self.request)
        if not revision.may_revise(self.context):
            raise Forbidden("Not allowed")
        try:
            copy = revision.start_revision(self.context)
        except revision.RevisionError as error:
            api.portal.show_message(error.message, self.request, type="error")
            return self.request.response.redirect(self.context.absolute_url())
        api.portal.show_message(
            _("Version ${version} has been created as a draft; the version in force stays "
              "in force until the new one is applied.", mapping={"version": copy.version}),
            self.request, type="info")
        return self.request.response.redirect(copy.absolute_url())


class ConfirmReviewView(BrowserView):
    """POST: the guide still holds after its legal basis changed ("Xác nhận đã rà soát")."""

    def __call__(self):
        if self.request.method != "POST":
            raise Forbidden("POST only")
        CheckAuthenticator(self.request)
        if not review.needs_review(self.context):
            api.portal.show_message(_("This guide is not waiting for a review."), self.request,
                                    type="info")
            return self.request.response.redirect(self.context.absolute_url())
        comment = self.request.form.get("comment", "")
        review.confirm_review(self.context, comment if isinstance(comment, str) else "")
        api.portal.show_message(_("The review has been recorded: the guide still holds."),
                                self.request, type="info")
        return self.request.response.redirect(self.context.absolute_url())


class ProcedureGuidesListing(FilteredSectionListing, BrowserView):
    """The ``thu-tuc`` listing: code, name, field, processing time, state, review flag."""

    page_size = 20
    section_id = SECTION_ID
    filters = ("field", "department", "review_state", "needs_review", "SearchableText")

    def query(self):
        params = self.params
        query = {
            "portal_type": PORTAL_TYPE,
            "path": {"query": "/".join(self.context.getPhysicalPath()), "depth": 1},
            "sort_on": "code",
            "sort_order": "ascending",
        }
        for name in ("field", "department", "review_state"):
            if params[name]:
                query[name] = params[name]
        if params["needs_review"]:
            query["needs_review"] = True
        if params["SearchableText"]:
            query["SearchableText"] = munge_search_term(params["SearchableText"])
        return query

    def items(self):
        return api.portal.get_tool("portal_catalog")(**self.query())

    def options(self):
        agency = get_agency(self.context)
        departments = []
        if agency is not None and "to-chuc" in agency:
            departments = [
                {"id": brain.getId, "title": brain.Title}
                for brain in api.content.find(context=agency["to-chuc"], portal_type="Department",
                                              sort_on="sortable_title")
            ]
        return {
            "fields": vocabulary_values("eiso.Fields", self.context),
            "departments": departments,
            "states": [{"id": state, "title": state_title(self.request, PORTAL_TYPE, state)}
                       for state in STATES],
        }

    def rows(self, batch):
        return [
            {
                "number": number,
                "code": brain.code or "",
                "title": brain.Title,
                "url": brain.getURL(),
                "field": brain.field or "",
                "days": brain.processing_days or "",
                "state": state_title(self.request, PORTAL_TYPE, brain.review_state),
                "needs_review": bool(brain.needs_review),
            }
            for number, brain in enumerate(batch, start=batch.start)
        ]

    def may_add(self):
        return api.user.has_permission("eiso: Add ProcedureGuide", obj=self.context)

    def addable_types(self):
        return addable_types(self.context)


class LegalTextProceduresViewlet(ViewletBase):
    """Below a legal text: the procedure guides based on it (those the user may see)."""

    def guides(self):
        rows = []
        for guide in review.guides_based_on(self.context):
            if not api.user.has_permission("View", obj=guide):
                continue
            rows.append({
                "code": guide.code or "",
                "title": guide.Title(),
                "url": guide.absolute_url(),
                "state": state_title(self.request, PORTAL_TYPE, api.content.get_state(guide)),
                "needs_review": review.needs_review(guide),
            })
        return sorted(rows, key=lambda row: row["code"])


class ExpiredBasisViewlet(ViewletBase):
    """Above a guide (its page, edit form, transition form): the expired texts of its basis.

    Computed from the texts' states, not from the review flag: it stays as long as an
    expired or partly expired text is listed, even once a reviewer confirmed the guide.
    """

    def texts(self):
        states = dict(LEGAL_STATES)
        rows = []
        for text in review.expired_basis(self.context):
            state = api.content.get_state(text, default="")
            rows.append({
                "message": review.expired_basis_message(text),
                "url": text.absolute_url() if api.user.has_permission("View", obj=text) else None,
                "state": states.get(state, state),
            })
        return rows
