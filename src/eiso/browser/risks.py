"""Risks and opportunities: a risk's page, the register with its heat map, the Excel export.

The register (``@@risk-register`` on the ``boi-canh`` section) reads brains only.
Its level filter and the level colours follow the thresholds of the ISO settings
at the time of reading (a level is a range of ``risk_score``).
"""

from eiso import _
from eiso.browser.file_import import table_workbook
from eiso.browser.file_import import XLSX
from eiso.browser.listing import BatchedListing
from eiso.cases.handover import CaseError
from eiso.content.risk import IRiskSchema
from eiso.content.risk import KINDS
from eiso.content.risk import LEVEL_TITLES
from eiso.content.risk import LEVELS
from eiso.content.risk import level_of
from eiso.content.risk import not_in_the_future
from eiso.content.risk import open_actions
from eiso.content.risk import PORTAL_TYPE
from eiso.content.risk import SCALE
from eiso.content.risk import score_range
from eiso.content.risk import thresholds
from eiso.inbox import STATUS_TITLES as INBOX_STATUS_TITLES
from eiso.risks.treatment import record_done
from eiso.risks.treatment import TREATING
from eiso.utils import format_date
from eiso.workingdays import calendar
from plone import api
from plone.app.layout.viewlets import ViewletBase
from Products.Five.browser import BrowserView
from z3c.form import button
from z3c.form import field
from plone.z3cform.layout import wrap_form
from z3c.form import form
from urllib.parse import urlencode
from zExceptions import NotFound
from zope import schema
from zope.component import getUtility
from zope.event import notify
from zope.i18n import translate
from zope.lifecycleevent import ObjectModifiedEvent
from zope.schema.interfaces import IVocabularyFactory

import datetime
import transaction


SECTION_ID = "boi-canh"
STATES = ("draft", "pending", "approved", "rejected", "applied", "superseded")


def level_class(level):
    """CSS class of a level's colour (green low, amber medium, red high)."""
    return f"eiso-risk-level eiso-risk-{level}" if level else "eiso-risk-level"


def user_names():
    """user id → full name, each looked up once."""
    cache = {}

    def name(user_id):
        if not user_id:
            return ""
        if user_id not in cache:
            user = api.user.get(userid=user_id)
            cache[user_id] = (user.getProperty("fullname") if user else "") or user_id
        return cache[user_id]

    return name


def department_titles(context):
    factory = getUtility(IVocabularyFactory, "eiso.AgencyDepartments")
    return {term.value: term.title for term in factory(context)}


class RiskView(BrowserView):
    """A risk: its rating, treatment and residual rating, with the level colours."""

    def t(self, message, domain="eiso"):
        return translate(message, domain=domain, context=self.request)

    def kind(self):
        value = self.context.kind
        return self.t(KINDS.getTerm(value).title) if value in KINDS else ""

    def rating(self, score):
        level = level_of(score)
        return {
            "score": score or "",
            "level": self.t(LEVEL_TITLES[level]) if level else "",
            "class": level_class(level),
        }

    def details(self):
        context = self.context
        departments = department_titles(context)
        analysis = context.context_analysis.to_object if context.context_analysis else None
        if analysis is not None and not api.user.has_permission("View", obj=analysis):
            analysis = None
        return {
            "fields": [
                (label, value)
                for label, value in (
                    (_("Code"), getattr(context, "code", None)),
                    (_("Risk or opportunity"), self.kind()),
                    (_("Year"), context.year),
                    (_("Process or activity"), context.process),
                    (_("Department"), departments.get(context.department, context.department)),
                )
                if value
            ],
            "analysis": {"title": analysis.Title(), "url": analysis.absolute_url()}
            if analysis is not None else None,
        }

    def lines(self, text):
        return [line for line in (text or "").splitlines() if line.strip()]

    def reassess_url(self):
        """The re-rating form, for who may re-rate the approved or applied risk."""
        state = api.content.get_state(self.context, default=None)
        if state in ("approved", "applied") and api.user.has_permission(
                "Review portal content", obj=self.context):
            return f"{self.context.absolute_url()}/@@risk-reassessment"
        return None

    def treatment(self):
        context = self.context
        return {
            "text": self.lines(context.treatment),
            "actions": action_rows(context.actions(), self.request),
        }

    def update_url(self):
        """"Cập nhật biện pháp", for who may act on the approved risk with open actions."""
        if api.content.get_state(self.context, default=None) != TREATING:
            return None
        if not open_actions(self.context.actions()):
            return None
        if not api.user.has_permission("Review portal content", obj=self.context):
            return None
        return f"{self.context.absolute_url()}/@@risk-treatment-update"


DONE = "done"


def action_status(row, today=None, days=None, working_days=None):
    """done, overdue, due_soon (within ``eiso.reminder_days`` working days) or on_time:
    the colours of the inbox."""
    if row.get("done"):
        return DONE
    due = row.get("due_date")
    if due is None:
        return "none"
    today = today or datetime.date.today()
    if due < today:
        return "overdue"
    if days is None:
        days = api.portal.get_registry_record("eiso.reminder_days", default=2)
    working_days = working_days or calendar().working_days_between
    if working_days(today, due) <= days:
        return "due_soon"
    return "on_time"


STATUS_TITLES = dict(INBOX_STATUS_TITLES, done=_("Done"))


def action_rows(rows, request, names=None):
    """The rows of the actions table: owner's full name, dates, status and its colour."""
    names = names or user_names()
    today = datetime.date.today()
    days = api.portal.get_registry_record("eiso.reminder_days", default=2)
    working_days = calendar().working_days_between
    result = []
    for number, row in enumerate(rows, start=1):
        status = action_status(row, today, days, working_days)
        title = STATUS_TITLES.get(status, "")
        result.append({
            "number": number,
            "action": row.get("action") or "",
            "owner": names(row.get("owner")),
            "due": format_date(row.get("due_date")),
            "done": format_date(row.get("done")),
            "result": row.get("result") or "",
            "status": status,
            "status_title": translate(title, domain="eiso", context=request) if title else "",
            "class": f"eiso-badge eiso-badge-{status}",
        })
    return result


def actions_text(rows, request, names=None):
    """The actions in one cell of the Excel register, one line each:
    "1. action — owner — hạn dd/mm/yyyy — hoàn thành dd/mm/yyyy"."""
    lines = []
    for row in action_rows(rows, request, names):
        parts = [f"{row['number']}. {row['action']}", row["owner"],
                 translate(_("deadline ${date}", mapping={"date": row["due"]}), domain="eiso",
                           context=request) if row["due"] else ""]
        if row["done"]:
            parts.append(translate(_("done ${date}", mapping={"date": row["done"]}),
                                   domain="eiso", context=request))
        lines.append(" — ".join(part for part in parts if part))
    return "\n".join(lines)


class RiskRegister(BatchedListing, BrowserView):
    """The register of risks and opportunities of an agency (``boi-canh/@@risk-register``)."""

    page_size = 20
    filters = ("kind", "department", "level", "review_state", "likelihood", "impact", "year")

    def __call__(self):
        self.check_section()
        self.params = self._params()
        return self.index()

    def check_section(self):
        if self.context.getId() != SECTION_ID:
            raise NotFound(self.context, self.__name__, self.request)

    def t(self, message, domain="eiso"):
        return translate(message, domain=domain, context=self.request)

    def _params(self):
        form = self.request.form
        params = {}
        for name in self.filters:
            value = form.get(name)
            params[name] = value.strip() if isinstance(value, str) else ""
        return params

    def url(self, view="@@risk-register", **changes):
        values = dict(self.params, **changes)
        query = urlencode([(k, v) for k, v in values.items() if v])
        base = f"{self.context.absolute_url()}/{view}"
        return base + (f"?{query}" if query else "")

    def base_query(self):
        return {
            "portal_type": PORTAL_TYPE,
            "path": {"query": "/".join(self.context.getPhysicalPath()), "depth": 1},
        }

    def query(self, grid=True):
        """The catalog query of the filters; ``grid=False`` leaves out the heat map's cell."""
        params = self.params
        query = self.base_query()
        query.update(sort_on="risk_score", sort_order="descending")
        if params["kind"] in KINDS:
            query["risk_kind"] = params["kind"]
        elif params["kind"]:
            query["risk_kind"] = "-"  # nothing matches an unknown kind
        for name in ("department", "review_state"):
            if params[name]:
                query[name] = params[name]
        if params["level"]:
            if params["level"] in LEVEL_TITLES:
                low, high = score_range(params["level"])
                query["risk_score"] = {"query": (low, high), "range": "min:max"}
            else:
                query["risk_score"] = -1
        names = ("year", "likelihood", "impact") if grid else ("year",)
        for name in names:
            if params[name]:
                index = name if name == "year" else f"risk_{name}"
                try:
                    query[index] = int(params[name])
                except ValueError:
                    query[index] = -1
        return query

    def items(self):
        return api.portal.get_tool("portal_catalog")(**self.query())

    def filtered(self):
        return any(self.params[name] for name in self.filters)

    def options(self):
        workflow = api.portal.get_tool("portal_workflow")
        years = {
            brain.year
            for brain in api.portal.get_tool("portal_catalog")(**self.base_query())
            if brain.year
        }
        return {
            "kinds": [{"id": term.value, "title": term.title} for term in KINDS],
            "departments": [
                {"id": key, "title": title}
                for key, title in department_titles(self.context).items()
            ],
            "levels": [{"id": key, "title": title} for key, title in LEVELS],
            "states": [
                {"id": state,
                 "title": self.t(workflow.getTitleForStateOnType(state, PORTAL_TYPE), "plone")}
                for state in STATES
            ],
            "scale": list(SCALE),
            "years": sorted(years, reverse=True),
        }

    def heat_map(self):
        """Rows of likelihood 5 → 1, cells of impact 1 → 5: count, colour, link."""
        counts = {}
        for brain in api.portal.get_tool("portal_catalog")(**self.query(grid=False)):
            key = (brain.risk_likelihood, brain.risk_impact)
            counts[key] = counts.get(key, 0) + 1
        limits = thresholds()
        return [
            {
                "likelihood": likelihood,
                "cells": [
                    {
                        "impact": impact,
                        "count": counts.get((likelihood, impact), 0),
                        "class": "eiso-risk-cell " + level_class(
                            level_of(likelihood * impact, limits)),
                        "url": self.url(likelihood=str(likelihood), impact=str(impact)),
                        "selected": self.params["likelihood"] == str(likelihood)
                        and self.params["impact"] == str(impact),
                    }
                    for impact in SCALE
                ],
            }
            for likelihood in reversed(SCALE)
        ]

    def row(self, brain, names, departments, workflow, limits):
        level = level_of(brain.risk_score, limits)
        kind = brain.risk_kind
        return {
            "code": brain.code or "",
            "kind": self.t(KINDS.getTerm(kind).title) if kind in KINDS else "",
            "kind_id": kind or "",
            "title": brain.Title,
            "description": brain.Description or "",
            "url": brain.getURL(),
            "department": departments.get(brain.department, brain.department or ""),
            "likelihood": brain.risk_likelihood or "",
            "impact": brain.risk_impact or "",
            "score": brain.risk_score or "",
            "level": self.t(LEVEL_TITLES[level]) if level else "",
            "level_class": level_class(level),
            "owner": ", ".join(names(user_id) for user_id in brain.treatment_owners or ()),
            "due": format_date(brain.treatment_next_due),
            "state": self.t(
                workflow.getTitleForStateOnType(brain.review_state, PORTAL_TYPE), "plone"
            ) if brain.review_state else "",
        }

    def rows(self, batch):
        names = user_names()
        departments = department_titles(self.context)
        workflow = api.portal.get_tool("portal_workflow")
        limits = thresholds()
        rows = []
        for number, brain in enumerate(batch, start=batch.start):
            row = self.row(brain, names, departments, workflow, limits)
            row["number"] = number
            rows.append(row)
        return rows

    def may_add(self):
        return api.user.has_permission("eiso: Add Risk", obj=self.context)

    def add_url(self):
        return f"{self.context.absolute_url()}/++add++{PORTAL_TYPE}"

    def export_url(self):
        return self.url(view="@@risk-register.xlsx")


# Columns of the Excel register: (header, key of the row or function of the object).
EXPORT_COLUMNS = (
    (_("No."), "number"),
    (_("Code"), "code"),
    (_("Risk or opportunity"), "kind"),
    (_("Description"), "description"),
    (_("Process or activity"), "process"),
    (_("Department"), "department"),
    (_("Cause"), "cause"),
    (_("Consequence"), "consequence"),
    (_("Likelihood"), "likelihood"),
    (_("Impact"), "impact"),
    (_("Score"), "score"),
    (_("Level"), "level"),
    (_("Treatment"), "treatment"),
    (_("Treatment actions"), "actions"),
    (_("Owners of the open actions"), "owner"),
    (_("Next due date"), "due"),
    (_("Residual likelihood"), "residual_likelihood"),
    (_("Residual impact"), "residual_impact"),
    (_("Residual score"), "residual_score"),
    (_("Residual level"), "residual_level"),
    (_("State"), "state"),
)


class RiskRegisterExport(RiskRegister):
    """``@@risk-register.xlsx``: every risk the filters select, one row each."""

    def __call__(self):
        self.check_section()
        self.params = self._params()
        data = self.workbook()
        response = self.request.response
        response.setHeader("Content-Type", XLSX)
        response.setHeader(
            "Content-Disposition", 'attachment; filename="so-dang-ky-rui-ro-co-hoi.xlsx"'
        )
        response.setHeader("Content-Length", str(len(data)))
        return data

    def export_rows(self):
        names = user_names()
        departments = department_titles(self.context)
        workflow = api.portal.get_tool("portal_workflow")
        limits = thresholds()
        for number, brain in enumerate(self.items(), start=1):
            row = self.row(brain, names, departments, workflow, limits)
            risk = brain.getObject()
            residual = risk.residual_score()
            residual_level = level_of(residual, limits)
            row.update(
                number=number,
                description=risk.description or "",
                process=risk.process or "",
                cause=risk.cause or "",
                consequence=risk.consequence or "",
                treatment=risk.treatment or "",
                actions=actions_text(risk.actions(), self.request, names),
                residual_likelihood=risk.residual_likelihood or "",
                residual_impact=risk.residual_impact or "",
                residual_score=residual or "",
                residual_level=self.t(LEVEL_TITLES[residual_level]) if residual_level else "",
            )
            yield row

    def workbook(self):
        return table_workbook(
            self.t(_("Risks and opportunities")),
            [self.t(header) for header, key in EXPORT_COLUMNS],
            ([row[key] for header, key in EXPORT_COLUMNS] for row in self.export_rows()))


class RiskRegisterLink(ViewletBase):
    """The link to the register above the listing of ``boi-canh``."""

    def available(self):
        on_register = getattr(self.view, "__name__", "") in ("risk-register",)
        return self.context.getId() == SECTION_ID and not on_register

    def render(self):
        if not self.available():
            return ""
        return super().render()

    def url(self):
        return f"{self.context.absolute_url()}/@@risk-register"


class RiskReassessmentForm(form.Form):
    """``@@risk-reassessment``: the treatment's owner, while he handles the approved risk,
    or a leader re-rates it once treated; only these two fields (the risk itself is
    no longer editable after approval)."""

    # IRiskSchema's own fields: its invariant checks both are given, or neither.
    fields = field.Fields(IRiskSchema).select("residual_likelihood", "residual_impact")
    label = _("Re-rate after the treatment")
    description = _("How likely and how severe the risk is now that it has been treated.")

    ignoreContext = False

    def getContent(self):
        return self.context

    @button.buttonAndHandler(_("Save"), name="save")
    def save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        for name in ("residual_likelihood", "residual_impact"):
            setattr(self.context, name, data[name])
        notify(ObjectModifiedEvent(self.context))
        api.portal.show_message(_("The residual rating is saved."), self.request)
        self.request.response.redirect(self.context.absolute_url())

    @button.buttonAndHandler(_("Cancel"), name="cancel")
    def cancel(self, action):
        self.request.response.redirect(self.context.absolute_url())


RiskReassessmentView = wrap_form(RiskReassessmentForm)


class RiskTreatmentUpdateForm(form.Form):
    """``@@risk-treatment-update`` ("Cập nhật biện pháp"): the date done and the result
    of each open action of the approved risk.

    Permission Review portal content: in ``approved`` the step's handlers (the owners
    of the open actions, holding ``CaseHandler``) and the leaders. Saving moves the
    case on (``eiso.risks.treatment.record_done``).
    """

    label = _("Update the treatment actions")
    description = _("Enter the date each action was done and its result; the actions "
                    "left empty stay open.")
    ignoreContext = True

    def open_rows(self):
        return [(index, row) for index, row in enumerate(self.context.actions())
                if not row.get("done")]

    def update(self):
        names = user_names()
        fields = []
        for index, row in self.open_rows():
            details = translate(_("${owner}, due ${date}", mapping={
                "owner": names(row.get("owner")), "date": format_date(row.get("due_date"))}),
                domain="eiso", context=self.request)
            done = schema.Date(title=_("Date done"), required=False,
                               constraint=not_in_the_future)
            done.__name__ = f"done_{index}"
            done.title = f"{row.get('action')} — {details}"
            result = schema.TextLine(title=_("Result"), required=False)
            result.__name__ = f"result_{index}"
            fields.extend((done, result))
        self.fields = field.Fields(*fields)
        super().update()

    @button.buttonAndHandler(_("Save"), name="save")
    def save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        updates = {
            index: (data.get(f"done_{index}"), data.get(f"result_{index}"))
            for index, row in self.open_rows() if data.get(f"done_{index}")
        }
        if not updates:
            self.status = _("Enter the date done of at least one action.")
            return
        try:
            record_done(self.context, updates)
        except CaseError as error:
            transaction.doom()
            self.status = error.message
            return
        api.portal.show_message(_("The treatment actions are updated."), self.request)
        self.request.response.redirect(self.next_url())

    def next_url(self):
        """The risk, or the inbox when the user no longer handles (nor sees) it."""
        if api.user.has_permission("View", obj=self.context):
            return self.context.absolute_url()
        return f"{api.portal.get().absolute_url()}/@@inbox"

    @button.buttonAndHandler(_("Cancel"), name="cancel")
    def cancel(self, action):
        self.request.response.redirect(self.context.absolute_url())


RiskTreatmentUpdateView = wrap_form(RiskTreatmentUpdateForm)
