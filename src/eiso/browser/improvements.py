"""Improvements in the browser: a proposal's page, a plan's page (with its actions
table, printable) and the action that fills a draft plan, and the ``cai-tien`` listing.

The listing reads brains only: filters by type, state and year, 20 a page.
"""

from eiso import _
from eiso.browser.listing import addable_types
from eiso.browser.listing import FilteredSectionListing
from eiso.browser.risks import department_titles
from eiso.browser.risks import user_names
from eiso.content.agency import get_agency
from eiso.content.improvement import action_problems
from eiso.content.improvement import CANCELLED
from eiso.content.improvement import DONE
from eiso.content.improvement import PLAN_TYPE
from eiso.content.improvement import PROPOSAL_TYPE
from eiso.content.improvement import SECTION_ID
from eiso.content.improvement import SOURCE_TITLES
from eiso.content.improvement import STATUS_TITLES
from eiso.improvements import plans
from eiso.inbox import STATUS_TITLES as DEADLINE_TITLES
from eiso.utils import format_date
from eiso.workingdays import calendar
from plone import api
from plone.memoize.view import memoize
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import Forbidden
from zope.component import getUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory

import datetime


TYPES = (PROPOSAL_TYPE, PLAN_TYPE)
PROPOSAL_STATES = ("draft", "pending", "accepted", "planned", "rejected")
PLAN_STATES = ("draft", "pending", "approved", "rejected", "applied", "superseded")


def state_title(request, portal_type, state):
    workflow = api.portal.get_tool("portal_workflow")
    title = workflow.getTitleForStateOnType(state, portal_type) if state else ""
    return translate(title, domain="plone", context=request) if title else ""


def clause_titles(context):
    factory = getUtility(IVocabularyFactory, "eiso.IsoClauses")
    return {term.value: term.title for term in factory(context)}


class ImprovementView(BrowserView):
    def t(self, message, domain="eiso"):
        return translate(message, domain=domain, context=self.request)

    def lines(self, text):
        return [line for line in (text or "").splitlines() if line.strip()]

    def state(self):
        return state_title(self.request, self.context.portal_type,
                           api.content.get_state(self.context, default=None))


class ProposalView(ImprovementView):
    """A proposal: the problem, the proposed change, its benefit and the plans holding it."""

    def details(self):
        context = self.context
        return [
            (label, value)
            for label, value in (
                (_("Code"), getattr(context, "code", None)),
                (_("State"), self.state()),
                (_("Department concerned"),
                 department_titles(context).get(context.department, context.department)),
                (_("Proposer"), user_names()(context.Creator())),
                (_("Proposed on"), format_date(context.created())),
            )
            if value
        ]

    def clauses(self):
        titles = clause_titles(self.context)
        return [f"{clause} {self.t(titles[clause])}" if clause in titles else clause
                for clause in self.context.iso_clauses or []]

    def plans(self):
        """The plans the user may see whose actions name this proposal."""
        code = getattr(self.context, "code", None)
        agency = get_agency(self.context)
        if not code or agency is None:
            return []
        found = []
        for brain in api.content.find(context=agency, portal_type=PLAN_TYPE,
                                      sort_on="created"):
            plan = brain.getObject()
            if code in plans.referenced_codes(plan):
                found.append({"title": f"{plan.code} {plan.Title()}", "url": brain.getURL(),
                              "state": state_title(self.request, PLAN_TYPE,
                                                   brain.review_state)})
        return found


def deadline_status(deadline, status, today=None):
    """The inbox's colours for an action: overdue, due_soon, on_time; none when done."""
    if deadline is None or status in (DONE, CANCELLED):
        return "none"
    today = today or datetime.date.today()
    if deadline < today:
        return "overdue"
    days = api.portal.get_registry_record("eiso.reminder_days", default=2)
    if calendar().working_days_between(today, deadline) <= days:
        return "due_soon"
    return "on_time"


class PlanView(ImprovementView):
    """A plan: its actions with their source, owner, deadline (coloured), result and status."""

    table = ViewPageTemplateFile("templates/improvement_plan_table.pt")

    @memoize
    def rows(self):
        name = user_names()
        catalog = api.portal.get_tool("portal_catalog")
        agency = get_agency(self.context)
        path = "/".join(agency.getPhysicalPath()) if agency is not None else None
        rows = []
        for number, row in enumerate(self.context.actions or [], start=1):
            ref = (row.get("source_ref") or "").strip()
            url = None
            if ref and path:
                brains = catalog(code=ref, path=path)
                url = brains[0].getURL() if brains else None
            source = SOURCE_TITLES.get(row.get("source"))
            status = STATUS_TITLES.get(row.get("status"))
            deadline = deadline_status(row.get("deadline"), row.get("status"))
            rows.append({
                "number": number,
                "action": row.get("action") or "",
                "source": self.t(source) if source else "",
                "ref": ref,
                "ref_url": url,
                "owner": name(row.get("owner")),
                "deadline": format_date(row.get("deadline")),
                "deadline_status": deadline,
                "deadline_title": self.t(DEADLINE_TITLES[deadline]) if deadline != "none" else "",
                "result": row.get("result") or "",
                "status": self.t(status) if status else "",
            })
        return rows

    def problems(self):
        """What must be completed before the plan is submitted (shown on a draft)."""
        if api.content.get_state(self.context, default=None) != "draft":
            return []
        return [self.t(problem) for problem in
                action_problems(self.context.actions, self.context.year)]

    def may_feed(self):
        return (api.content.get_state(self.context, default=None) == "draft"
                and api.user.has_permission("Modify portal content", obj=self.context))

    def may_record_results(self):
        return (api.content.get_state(self.context, default=None) == "applied"
                and api.user.has_permission(RESULTS_PERMISSION, obj=self.context))

    def agency(self):
        agency = get_agency(self.context)
        return agency.Title() if agency is not None else ""


class PlanFeedView(BrowserView):
    """POST ``@@improvement-plan-feed``: "Lấy từ đề xuất và sự không phù hợp" on a draft plan."""

    def __call__(self):
        if self.request.method != "POST":
            raise Forbidden("POST only")
        CheckAuthenticator(self.request)
        if api.content.get_state(self.context) != "draft":
            api.portal.show_message(
                _("Actions are filled in only while the plan is a draft."), self.request,
                type="error")
        else:
            added = plans.feed(self.context)
            if added:
                api.portal.show_message(
                    _("${count} actions added from the accepted proposals and the "
                      "nonconformities: check their owners and deadlines.",
                      mapping={"count": len(added)}), self.request, type="info")
            else:
                api.portal.show_message(
                    _("No accepted proposal or nonconformity is left to add."), self.request,
                    type="info")
        self.request.response.redirect(self.context.absolute_url())
        return ""


class ImprovementsListing(FilteredSectionListing, BrowserView):
    """The ``cai-tien`` listing of proposals and plans: code, title, type, department,
    current step, handlers, deadline, state; filters; 20 a page; catalog only."""

    page_size = 20
    section_id = SECTION_ID
    filters = ("portal_type", "review_state", "year")

    def t(self, message, domain="eiso"):
        return translate(message, domain=domain, context=self.request)

    def base_query(self):
        return {"portal_type": list(TYPES),
                "path": {"query": "/".join(self.context.getPhysicalPath()), "depth": 1}}

    def query(self):
        params = self.params
        query = self.base_query()
        query.update(sort_on="created", sort_order="descending")
        if params["portal_type"] in TYPES:
            query["portal_type"] = params["portal_type"]
        elif params["portal_type"]:
            query["portal_type"] = "-"  # an unknown type matches nothing
        if params["review_state"]:
            query["review_state"] = params["review_state"]
        if params["year"]:
            try:
                query["year"] = int(params["year"])
            except ValueError:
                query["year"] = -1
        return query

    def items(self):
        return api.portal.get_tool("portal_catalog")(**self.query())

    def type_titles(self):
        types = api.portal.get_tool("portal_types")
        return {name: self.t(types[name].Title()) for name in TYPES if name in types}

    def options(self):
        years = {brain.year for brain in
                 api.portal.get_tool("portal_catalog")(**self.base_query()) if brain.year}
        # A state id both workflows have may have two titles ("Chờ quyết định / Chờ duyệt").
        titles = {}
        for portal_type, ids in ((PROPOSAL_TYPE, PROPOSAL_STATES), (PLAN_TYPE, PLAN_STATES)):
            for state in ids:
                title = state_title(self.request, portal_type, state)
                if title not in titles.setdefault(state, []):
                    titles[state].append(title)
        states = [{"id": state, "title": " / ".join(names)} for state, names in titles.items()]
        return {
            "types": [{"id": key, "title": title} for key, title in self.type_titles().items()],
            "states": states,
            "years": sorted(years, reverse=True),
        }

    def rows(self, batch):
        departments = department_titles(self.context)
        name = user_names()
        types = self.type_titles()
        rows = []
        for number, brain in enumerate(batch, start=batch.start):
            step = (brain.case_step or "").partition("|")[2]
            # plans have no department: their brains hold Missing.Value
            department = brain.department if isinstance(brain.department, str) else ""
            rows.append({
                "number": number,
                "code": brain.code or "",
                "title": brain.Title,
                "url": brain.getURL(),
                "type": types.get(brain.portal_type, brain.portal_type),
                "department": departments.get(department, department),
                "step": self.t(step) if step else "",
                "handlers": ", ".join(name(u) for u in brain.responsible_users or ()),
                "deadline": format_date(brain.due_date),
                "state": state_title(self.request, brain.portal_type, brain.review_state),
            })
        return rows

    def addable_types(self):
        return addable_types(self.context)


RESULTS_PERMISSION = "eiso: Record improvement results"


class PlanResultsForm(BrowserView):
    """"Cập nhật kết quả thực hiện" of an applied plan: the result and status of each action.

    Only these two columns change (the approved actions, owners and deadlines stay as
    approved); every row is checked first, and nothing is saved when one is wrong.
    """

    template = ViewPageTemplateFile("templates/improvement_plan_results.pt")

    def t(self, message, domain="eiso"):
        return translate(message, domain=domain, context=self.request)

    def __call__(self):
        self.errors = {}
        if api.content.get_state(self.context, default=None) != "applied":
            api.portal.show_message(
                _("Results are recorded on the applied plan only."), self.request, type="error")
            return self.request.response.redirect(self.context.absolute_url())
        form = self.request.form
        if self.request.method == "POST" and form.get("form.buttons.save"):
            CheckAuthenticator(self.request)
            if self.save():
                api.portal.show_message(_("The results were saved."), request=self.request)
                return self.request.response.redirect(self.context.absolute_url())
            api.portal.show_message(
                _("The results were not saved: correct the rows marked below."),
                request=self.request, type="error")
        elif self.request.method == "POST" and form.get("form.buttons.cancel"):
            return self.request.response.redirect(self.context.absolute_url())
        return self.template()

    def statuses(self):
        return [{"id": key, "title": self.t(title)} for key, title in STATUS_TITLES.items()]

    def rows(self):
        form = self.request.form
        name = user_names()
        rows = []
        for number, row in enumerate(self.context.actions or [], start=1):
            rows.append({
                "number": number,
                "action": row.get("action") or "",
                "owner": name(row.get("owner")),
                "deadline": format_date(row.get("deadline")),
                "result": form.get(f"result_{number}", row.get("result") or ""),
                "status": form.get(f"status_{number}", row.get("status") or ""),
                "error": self.errors.get(number),
            })
        return rows

    def save(self):
        from eiso.cases import audit
        from eiso.cases.audit import AuditTrail
        from eiso.cases.handover import _t

        form = self.request.form
        updated = []
        for number, row in enumerate(self.context.actions or [], start=1):
            status = (form.get(f"status_{number}") or "").strip()
            result = (form.get(f"result_{number}") or "").strip()
            if status not in STATUS_TITLES:
                self.errors[number] = self.t(_("Choose the status of the action."))
            elif status == DONE and not result:
                self.errors[number] = self.t(_("Write the result of an action that is done."))
            updated.append(dict(row, status=status, result=result or None))
        if self.errors:
            return False
        self.context.actions = updated
        self.context.reindexObject()
        AuditTrail(self.context).record(
            audit.EDITED, _t(_("Results of the improvement actions recorded")))
        return True
