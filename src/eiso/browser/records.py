"""Views of the records area (``ho-so``): the records listing, the list of
records due for disposal, and the views of a record, a borrow request and a
disposal proposal."""

from Acquisition import aq_base
from datetime import date
from eiso import _
from eiso.browser.listing import addable_types
from eiso.browser.listing import BatchedListing
from eiso.content.agency import get_agency
from eiso.content.fields import create_content
from eiso.content.record import ACTIVE
from eiso.content.record import related_objects
from eiso.utils import format_date
from eiso.utils import form_list
from plone import api
from plone.memoize.instance import memoize
from plone.namedfile.utils import set_headers
from plone.namedfile.utils import stream_data
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from z3c.relationfield import RelationValue
from zExceptions import NotFound
from zope.component import getUtility
from zope.component import queryUtility
from zope.i18n import translate
from zope.interface import implementer
from zope.intid.interfaces import IIntIds
from zope.publisher.interfaces import IPublishTraverse
from zope.schema.interfaces import IVocabularyFactory


OPEN_DISPOSAL_STATES = ("draft", "pending", "approved")
LENT = "lent"


def vocabulary_titles(name, context):
    factory = queryUtility(IVocabularyFactory, name)
    if factory is None:
        return {}
    return {term.value: term.title for term in factory(context)}


def fullname(user_id):
    user = api.user.get(userid=user_id) if user_id else None
    return (user.getProperty("fullname") if user else "") or user_id or ""


def retention_text(years):
    if years is None:
        return ""
    if years == 0:
        return _("Permanent")
    return _("${years} years", mapping={"years": years})


def lent_brains(uids):
    """{record UID: brain of the borrow request that has it lent now}."""
    if not uids:
        return {}
    catalog = api.portal.get_tool("portal_catalog")
    index = catalog._catalog.getIndex("record_uids")
    result = {}
    for brain in catalog.unrestrictedSearchResults(
            portal_type="BorrowRequest", review_state=LENT, record_uids=list(uids)):
        for uid in index.getEntryForObject(brain.getRID()) or ():
            result.setdefault(uid, brain)
    return result


class RecordsViewMixin:
    def t(self, message, domain="eiso"):
        return translate(message, domain=domain, context=self.request)

    @memoize
    def department_titles(self):
        agency = get_agency(self.context)
        if agency is None:
            return {}
        brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
            portal_type="Department", path="/".join(agency.getPhysicalPath()))
        return {brain.getId: brain.Title for brain in brains}

    @memoize
    def kind_titles(self):
        return {k: self.t(v) for k, v in vocabulary_titles("eiso.RecordKinds", self.context).items()}

    def record_row(self, number, brain):
        """The columns of a record that the records listing and the disposal list share."""
        return {
            "number": number,
            "code": brain.code or "",
            "title": brain.Title,
            "url": brain.getURL(),
            "kind": self.kind_titles().get(brain.record_kind, brain.record_kind or ""),
            "department": self.department_titles().get(brain.department, brain.department or ""),
            "year": brain.year or "",
            "retention": self.t(retention_text(brain.retention_years))
            if brain.retention_years is not None else "",
        }

    def state_title(self, state, portal_type):
        workflow = api.portal.get_tool("portal_workflow")
        return self.t(workflow.getTitleForStateOnType(state, portal_type) or state, "plone")


class RecordsListingView(RecordsViewMixin, BatchedListing, BrowserView):
    """``ho-so``: the records with STT, code, title, kind, department, year,
    retention, location and state or lending; filters; 20 a page; catalog only."""

    page_size = 20

    def filters(self):
        form = self.request.form
        year = (form.get("year") or "").strip()
        return {
            "record_kind": form.get("record_kind") or "",
            "department": form.get("department") or "",
            "year": year if year.isdigit() else "",
            "review_state": form.get("review_state") or "",
        }

    def query(self):
        query = {"portal_type": "Record", "path": {
            "query": "/".join(self.context.getPhysicalPath()), "depth": 1},
            "sort_on": "sortable_title"}
        for name, value in self.filters().items():
            if value:
                query[name] = int(value) if name == "year" else value
        return query

    def items(self):
        return api.portal.get_tool("portal_catalog")(**self.query())

    def rows(self):
        batch = self.batch()
        lent = lent_brains([brain.UID for brain in batch])
        rows = []
        for number, brain in enumerate(batch, start=batch.start):  # start is 1-based
            borrowing = lent.get(brain.UID)
            if borrowing is not None:
                status = self.t(_("Lent to ${name} until ${date}", mapping={
                    "name": fullname(borrowing.Creator),
                    "date": format_date(borrowing.due_date) or "—"}))
            else:
                status = self.state_title(brain.review_state, "Record")
            rows.append(dict(
                self.record_row(number, brain),
                location=brain.storage_location or "",
                status=status,
                lent=borrowing is not None,
                state=brain.review_state,
            ))
        return rows

    def kind_options(self):
        return sorted(self.kind_titles().items(), key=lambda item: item[1])

    def department_options(self):
        return sorted(self.department_titles().items(), key=lambda item: item[1])

    def state_options(self):
        return [(state, self.state_title(state, "Record")) for state in (ACTIVE, "destroyed")]

    def addable_types(self):
        return addable_types(self.context)

    def can_propose_disposal(self):
        return api.user.has_permission("eiso: Add DisposalProposal", obj=self.context)


class DisposalDueView(RecordsViewMixin, BrowserView):
    """"Hồ sơ đến hạn hủy": kept records whose retention has ended and that no
    open disposal proposal holds yet; "Lập đề nghị hủy" proposes the ticked ones."""

    def __call__(self):
        if self.request.method == "POST" and self.request.form.get("form.create"):
            CheckAuthenticator(self.request)
            if self.create_proposal():
                return ""
        return self.index()

    def proposed_uids(self):
        """UIDs of the records held by an open disposal proposal of the agency."""
        catalog = api.portal.get_tool("portal_catalog")
        index = catalog._catalog.getIndex("record_uids")
        agency = get_agency(self.context)
        uids = set()
        for brain in catalog.unrestrictedSearchResults(
                portal_type="DisposalProposal", review_state=OPEN_DISPOSAL_STATES,
                path="/".join(agency.getPhysicalPath())):
            uids.update(index.getEntryForObject(brain.getRID()) or ())
        return uids

    @memoize
    def brains(self):
        proposed = self.proposed_uids()
        brains = api.portal.get_tool("portal_catalog")(
            portal_type="Record", review_state=ACTIVE,
            path="/".join(self.context.getPhysicalPath()),
            disposal_due={"query": date.today(), "range": "max"},
            sort_on="disposal_due",
        )
        return [brain for brain in brains if brain.UID not in proposed]

    def rows(self):
        lent = lent_brains([brain.UID for brain in self.brains()])
        return [dict(
            self.record_row(number, brain),
            uid=brain.UID,
            due=format_date(brain.disposal_due),
            lent=brain.UID in lent,
        ) for number, brain in enumerate(self.brains(), start=1)]

    def create_proposal(self):
        chosen = set(form_list(self.request.form.get("uids")))
        due = {brain.UID: brain for brain in self.brains()}
        selected = [due[uid] for uid in due if uid in chosen]
        if not chosen or not selected or len(selected) != len(chosen):
            api.portal.show_message(
                _("Tick the records to destroy (only records due for disposal)."),
                self.request, type="error")
            return False
        intids = getUtility(IIntIds)
        records = [brain.getObject() for brain in selected]
        proposal = create_content(
            self.context,
            "DisposalProposal",
            title=self.t(_("Proposal to destroy ${count} records", mapping={"count": len(records)})),
            records=[RelationValue(intids.getId(record)) for record in records],
            reason=self.t(_("Their retention period has ended.")),
        )
        api.portal.show_message(
            _("The disposal proposal has been created: check the reason, then submit it."),
            self.request, type="info")
        self.request.response.redirect(f"{proposal.absolute_url()}/edit")
        return True


class RecordView(RecordsViewMixin, BrowserView):
    def details(self):
        context = self.context
        clauses = vocabulary_titles("eiso.IsoClauses", context)
        media = vocabulary_titles("eiso.RecordMedia", context)
        return [(label, value) for label, value in (
            (_("Record code"), context.code),
            (_("Kind of record"), self.kind_titles().get(context.record_kind, context.record_kind)),
            (_("Department"), self.department_titles().get(context.department, context.department)),
            (_("Year"), context.year),
            (_("Retention period"), self.t(retention_text(context.retention_years))),
            (_("Due for disposal on"), format_date(context.disposal_due)),
            (_("Storage location"), context.storage_location),
            (_("Medium"), self.t(media[context.medium]) if context.medium in media else context.medium),
            (_("ISO 9001 clauses"), ", ".join(
                self.t(clauses.get(c, c)) for c in context.iso_clauses or ())),
            (_("State"), self.state_title(api.content.get_state(context), "Record")),
        ) if value not in (None, "")]

    def files(self):
        base = self.context.absolute_url()
        return [{"name": f.filename or f"{index + 1}", "url": f"{base}/@@record-file/{index}",
                 "size": f.getSize()} for index, f in enumerate(self.context.files or ())]

    @memoize
    def borrowings(self):
        """The borrow requests of this record, newest first (unrestricted: the
        record's readers see who has it, not the requests themselves)."""
        catalog = api.portal.get_tool("portal_catalog")
        result = []
        for brain in catalog.unrestrictedSearchResults(
                portal_type="BorrowRequest", record_uids=self.context.UID(),
                sort_on="created", sort_order="descending"):
            item = brain._unrestrictedGetObject()
            state = brain.review_state
            overdue = state == LENT and item.return_date and item.return_date < date.today()
            result.append({
                "code": brain.code or "",
                "borrower": fullname(brain.Creator),
                "borrow_date": format_date(item.borrow_date),
                "return_date": format_date(item.return_date),
                "state": state,
                "state_title": self.state_title(state, "BorrowRequest"),
                "overdue": overdue,
                "url": brain.getURL() if api.user.has_permission("View", obj=item) else None,
            })
        return result

    def current_lending(self):
        for borrowing in self.borrowings():
            if borrowing["state"] == LENT:
                return borrowing
        return None


@implementer(IPublishTraverse)
class RecordFileView(BrowserView):
    """``record/@@record-file/<n>``: the n-th file of a record.

    Serves the n-th file of any list-of-files field (``field``): staff profiles,
    declarations, procedure guides' forms and assessments' evidence use it too,
    each under its own view name and with the View permission of its item.
    """

    field = "files"
    index = None

    def publishTraverse(self, request, name):
        self.index = name
        return self

    def __call__(self):
        files = getattr(self.context, self.field, None) or []
        try:
            blob = files[int(self.index)]
        except (TypeError, ValueError, IndexError):
            raise NotFound(self, self.index, self.request)
        set_headers(blob, self.request.response, filename=blob.filename)
        return stream_data(blob)


class CaseRecordsMixin(RecordsViewMixin):
    records_table = ViewPageTemplateFile("templates/case_records.pt")

    def records(self):
        lent = lent_brains([r.UID() for r in related_objects(self.context.records)])
        rows = []
        for record in related_objects(getattr(aq_base(self.context), "records", None)):
            state = api.content.get_state(record, default=None)
            borrowing = lent.get(record.UID())
            rows.append({
                "code": getattr(record, "code", ""),
                "title": record.Title(),
                "url": record.absolute_url(),
                "state": state,
                "state_title": self.state_title(state, "Record") if state else "",
                "lent": borrowing is not None and borrowing.UID != self.context.UID(),
            })
        return rows


class BorrowRequestView(CaseRecordsMixin, BrowserView):
    def details(self):
        context = self.context
        overdue = (api.content.get_state(context) == LENT and context.return_date
                   and context.return_date < date.today())
        return [(label, value) for label, value in (
            (_("Case code"), getattr(context, "code", None)),
            (_("Borrower"), fullname(context.Creator())),
            (_("Borrowing date"), format_date(context.borrow_date)),
            (_("Agreed return date"), format_date(context.return_date)
             + (" — " + self.t(_("Overdue")) if overdue else "")),
            (_("State"), self.state_title(api.content.get_state(context), "BorrowRequest")),
        ) if value]


class DisposalProposalView(CaseRecordsMixin, BrowserView):
    def details(self):
        context = self.context
        return [(label, value) for label, value in (
            (_("Case code"), getattr(context, "code", None)),
            (_("Proposed by"), fullname(context.Creator())),
            (_("State"), self.state_title(api.content.get_state(context), "DisposalProposal")),
        ) if value]

    def minutes_url(self):
        minutes = getattr(aq_base(self.context), "minutes", None)
        if minutes is None:
            return None
        return f"{self.context.absolute_url()}/@@download/minutes/{minutes.filename}"
