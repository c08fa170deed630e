"""Internal audits in the browser: the audit's page (plan, team, checklist summary,
findings with the nonconformities they opened) and its printable report, the
checklist form the auditors fill in (``@@audit-checklist``), the findings form
(``@@audit-findings``) and the action that makes the checklist from the criteria
(``@@audit-checklist-generate``).

The checklist form lists the questions grouped by the main clause of ISO 9001:2015
(4 … 10), one answer and one evidence per question; every row is checked first and
nothing is saved when one is wrong.
"""

from eiso import _
from eiso.audits import internal
from eiso.browser.audits import state_title
from eiso.browser.risks import department_titles
from eiso.browser.risks import user_names
from eiso.content.agency import get_agency
from eiso.content.internal_audit import ANSWER_TITLES
from eiso.content.internal_audit import FILL_PERMISSION
from eiso.content.internal_audit import FINDING_TITLES
from eiso.content.internal_audit import IInternalAuditSchema
from eiso.content.internal_audit import NONCONFORMITY
from eiso.content.internal_audit import PLAN_PERMISSION
from eiso.utils import format_date
from eiso.vocabularies.iso_clauses import ISO_9001_CLAUSES
from plone import api
from plone.memoize.view import memoize
from plone.protect import CheckAuthenticator
from plone.z3cform.layout import wrap_form
from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from z3c.form import button
from z3c.form import field
from z3c.form import form
from zExceptions import Forbidden
from zope.event import notify
from zope.i18n import translate
from zope.lifecycleevent import ObjectModifiedEvent


CLAUSE_TITLES = dict(ISO_9001_CLAUSES)
UNANSWERED = "unanswered"


def main_clause(clause):
    return (clause or "").split(".")[0]


class InternalAuditView(BrowserView):
    """An audit: its plan and team, the checklist's summary, the findings."""

    macros_template = ViewPageTemplateFile("templates/internal_audit_macros.pt")

    @property
    def page_macros(self):
        """The checklist's summary and the findings, shared by the page and ``@@print``."""
        return self.macros_template.macros

    def t(self, message, domain="eiso"):
        return translate(message, domain=domain, context=self.request)

    def agency(self):
        agency = get_agency(self.context)
        return agency.Title() if agency is not None else ""

    def state_id(self):
        return api.content.get_state(self.context, default=None)

    def state(self):
        return state_title(self.request, self.context.portal_type, self.state_id())

    @memoize
    def departments(self):
        return department_titles(self.context)

    def department(self, department_id):
        return self.departments().get(department_id, department_id) or ""

    def lines(self, text):
        return [line for line in (text or "").splitlines() if line.strip()]

    def programme(self):
        uid = self.context.programme
        if not uid:
            return None
        brains = api.portal.get_tool("portal_catalog")(UID=uid)
        if not brains:
            return None
        brain = brains[0]
        return {"title": " ".join(p for p in (brain.code or "", brain.Title) if p),
                "url": brain.getURL()}

    def details(self):
        context = self.context
        name = user_names()
        rows = (
            (_("Code"), getattr(context, "code", None)),
            (_("State"), self.state()),
            (_("Dates"), " – ".join(d for d in (format_date(context.start_date),
                                                 format_date(context.end_date)) if d)),
            (_("Departments audited"),
             ", ".join(self.department(d) for d in context.departments or ())),
            (_("Lead auditor"), name(context.lead_auditor)),
            (_("Audit team"),
             ", ".join(name(u) for u in context.team or () if u != context.lead_auditor)),
        )
        return [(label, value) for label, value in rows if value]

    def summary(self):
        """[{id, title, count}] of the answers, then the questions not answered yet."""
        counts = dict.fromkeys(list(ANSWER_TITLES) + [UNANSWERED], 0)
        for row in self.context.checklist or ():
            answer = row.get("answer")
            counts[answer if answer in ANSWER_TITLES else UNANSWERED] += 1
        titles = dict(ANSWER_TITLES, **{UNANSWERED: _("Not answered yet")})
        return [{"id": key, "title": self.t(titles[key]), "count": count}
                for key, count in counts.items()]

    def checklist_groups(self):
        """The checklist grouped by main clause (4 … 10), in the checklist's order."""
        groups = {}
        answers = {key: self.t(title) for key, title in ANSWER_TITLES.items()}
        for number, row in enumerate(self.context.checklist or (), start=1):
            clause = row.get("clause") or ""
            group = main_clause(clause)
            if group not in groups:
                title = CLAUSE_TITLES.get(group)
                groups[group] = {
                    "clause": group,
                    "title": f"{group}. {self.t(title)}" if title else
                    (group or self.t(_("Other questions"))),
                    "rows": [],
                }
            groups[group]["rows"].append({
                "number": number,
                "clause": clause,
                "question": row.get("question") or "",
                "department": self.department(row.get("department")),
                "department_id": row.get("department") or "",
                "answer": row.get("answer") or "",
                "answer_title": answers.get(row.get("answer"), ""),
                "evidence": row.get("evidence") or "",
            })
        return sorted(groups.values(), key=lambda g: _clause_key(g["clause"]))

    def findings(self):
        catalog = api.portal.get_tool("portal_catalog")
        rows = []
        for number, row in enumerate(self.context.findings or (), start=1):
            kind = FINDING_TITLES.get(row.get("kind"))
            nc = None
            uid = row.get("nonconformity")
            if uid:
                brains = catalog(UID=uid)
                if brains:
                    nc = {"code": brains[0].code or brains[0].Title,
                          "url": brains[0].getURL()}
                else:  # not visible to this user: the code only
                    hidden = catalog.unrestrictedSearchResults(UID=uid)
                    nc = {"code": hidden[0].code if hidden else "", "url": None}
            rows.append({
                "number": number,
                "kind": row.get("kind"),
                "kind_title": self.t(kind) if kind else "",
                "clause": row.get("clause") or "",
                "department": self.department(row.get("department")),
                "description": row.get("description") or "",
                "evidence": row.get("evidence") or "",
                "nonconformity": nc,
                "pending_nc": row.get("kind") == NONCONFORMITY and not uid,
            })
        return rows

    def may_generate(self):
        return api.user.has_permission(PLAN_PERMISSION, obj=self.context)

    def may_fill(self):
        return api.user.has_permission(FILL_PERMISSION, obj=self.context)


def _clause_key(clause):
    try:
        return (0, int(clause))
    except ValueError:
        return (1, clause)


class InternalAuditPrintView(InternalAuditView):
    """``@@print``: the audit report on paper (A4 portrait), without the portal around it."""


class ChecklistGenerateView(BrowserView):
    """POST ``@@audit-checklist-generate``: "Tạo danh sách kiểm tra" while the plan is
    editable: adds the questions of the criteria the checklist lacks."""

    def __call__(self):
        if self.request.method != "POST":
            raise Forbidden("POST only")
        CheckAuthenticator(self.request)
        added = internal.add_checklist(self.context)
        if added:
            notify(ObjectModifiedEvent(self.context))
            api.portal.show_message(
                _("${count} questions added to the checklist from the audit criteria.",
                  mapping={"count": len(added)}), self.request, type="info")
        else:
            api.portal.show_message(
                _("The checklist already has every question of the audit criteria."),
                self.request, type="info")
        self.request.response.redirect(self.context.absolute_url())
        return ""


class ChecklistForm(InternalAuditView):
    """``@@audit-checklist`` ("Điền danh sách kiểm tra"): the answers and evidence of each
    question, grouped by clause. Permission ``eiso: Fill audit checklist`` (the audit's
    auditors while it is carried out)."""

    template = ViewPageTemplateFile("templates/audit_checklist.pt")

    def __call__(self):
        self.errors = {}
        form = self.request.form
        if self.request.method == "POST" and form.get("form.buttons.save"):
            CheckAuthenticator(self.request)
            if self.save():
                api.portal.show_message(_("The checklist was saved."), request=self.request)
                return self.request.response.redirect(self.context.absolute_url())
            api.portal.show_message(
                _("The checklist was not saved: correct the questions marked below."),
                request=self.request, type="error")
        elif self.request.method == "POST" and form.get("form.buttons.cancel"):
            return self.request.response.redirect(self.context.absolute_url())
        return self.template()

    def answers(self):
        return [{"id": key, "title": self.t(title)} for key, title in ANSWER_TITLES.items()]

    def groups(self):
        form = self.request.form
        groups = self.checklist_groups()
        for group in groups:
            for row in group["rows"]:
                number = row["number"]
                row["answer"] = form.get(f"answer_{number}", row["answer"])
                row["evidence"] = form.get(f"evidence_{number}", row["evidence"])
                row["error"] = self.errors.get(number)
        return groups

    def save(self):
        from eiso.cases import audit
        from eiso.cases.audit import AuditTrail
        from eiso.cases.handover import _t

        form = self.request.form
        updated = []
        for number, row in enumerate(self.context.checklist or [], start=1):
            answer = (form.get(f"answer_{number}") or "").strip()
            evidence = " ".join((form.get(f"evidence_{number}") or "").split())
            if answer and answer not in ANSWER_TITLES:
                self.errors[number] = self.t(_("Choose one of the answers."))
            elif answer in ("not_conform", "observation") and not evidence:
                self.errors[number] = self.t(
                    _("Write the evidence of a nonconformity or an observation."))
            updated.append(dict(row, answer=answer or None, evidence=evidence or None))
        if self.errors:
            return False
        self.context.checklist = updated
        self.context.reindexObject()
        AuditTrail(self.context).record(audit.EDITED, _t(_("Checklist filled in")))
        return True


class FindingsForm(form.EditForm):
    """``@@audit-findings`` ("Ghi nhận phát hiện"): the findings of the audit, for its
    auditors while it is carried out (the plan itself is not editable then)."""

    fields = field.Fields(IInternalAuditSchema).select("findings")
    fields["findings"].widgetFactory = DataGridFieldWidgetFactory
    label = _("Findings of the audit")
    description = _("One row per finding. Each nonconformity opens a nonconformity "
                    "report when the audit report is submitted.")

    def getContent(self):
        return self.context

    @button.buttonAndHandler(_("Save"), name="save")
    def save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        changes = self.applyChanges(data)
        if changes:
            api.portal.show_message(_("The findings were saved."), self.request)
        self.request.response.redirect(self.context.absolute_url())

    @button.buttonAndHandler(_("Cancel"), name="cancel")
    def cancel(self, action):
        self.request.response.redirect(self.context.absolute_url())


FindingsView = wrap_form(FindingsForm)
