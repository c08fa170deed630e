"""Management reviews in the browser: the review's page with the departments' status
table (seed 002 §5, "Trạng thái báo cáo của các phòng ban"), a department's report,
the leader's conclusion form (``@@conclude-report``) and the minutes as a Word file
(``@@review-minutes.docx``).
"""

from eiso import _
from eiso.browser.risks import department_titles
from eiso.browser.risks import user_names
from eiso.cases.handover import CaseError
from eiso.cases.handover import hand_over
from eiso.content.management_review import CONCLUSION_FIELDS
from eiso.content.management_review import INPUTS
from eiso.content.management_review import IReviewReportSchema
from eiso.reviews import minutes
from eiso.reviews.workflow import CONCLUDED
from eiso.reviews.workflow import objective_rows
from eiso.reviews.workflow import reports_not_concluded
from eiso.reviews.workflow import review_of
from eiso.utils import format_date
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate

import datetime
import transaction


REPORTED_STATES = ("submitted", CONCLUDED)


def state_title(request, item):
    workflow = api.portal.get_tool("portal_workflow")
    state = api.content.get_state(item, default=None)
    title = workflow.getTitleForStateOnType(state, item.portal_type) if state else ""
    return translate(title, domain="plone", context=request) if title else ""


def lines(text):
    return [line for line in (text or "").splitlines() if line.strip()]


def may_conclude(report):
    """The current user can conclude ``report`` now."""
    return api.content.get_state(report, default=None) == "submitted" and any(
        t["id"] == "conclude"
        for t in api.portal.get_tool("portal_workflow").getTransitionsFor(report)
    ) and api.user.has_permission("eiso: Conclude review report", obj=report)


class ReviewView(BrowserView):
    """The notice (meeting, agenda, departments, deadline), the status of the
    departments' reports and conclusions, and the result."""

    def t(self, message, domain="eiso"):
        return translate(message, domain=domain, context=self.request)

    lines = staticmethod(lines)

    def details(self):
        context = self.context
        return [
            (label, value)
            for label, value in (
                (_("Code"), getattr(context, "code", None)),
                (_("State"), state_title(self.request, context)),
                (_("Year"), getattr(context, "year", None)),
                (_("Meeting date"), format_date(context.meeting_date)),
                (_("Meeting place"), context.meeting_place),
                (_("Deadline of the departments' reports"),
                 format_date(context.report_deadline)),
                (_("Drafted by"), user_names()(context.Creator())),
            )
            if value
        ]

    def agenda(self):
        chosen = set(self.context.agenda or ())
        return [term.title for term in INPUTS if term.value in chosen]

    def status(self):
        """One row per department, as seed 002's table: report and conclusion status."""
        titles = department_titles(self.context)
        reports = self.context.reports()
        names = user_names()
        rows = []
        for department in self.context.departments or ():
            report = reports.get(department)
            state = api.content.get_state(report, default=None) if report is not None else None
            visible = report is not None and api.user.has_permission("View", obj=report)
            rows.append({
                "department": titles.get(department, department),
                "reported": state in REPORTED_STATES,
                "concluded": state == CONCLUDED,
                "url": report.absolute_url() if visible else None,
                "conclude_url": (f"{report.absolute_url()}/@@conclude-report"
                                 if report is not None and may_conclude(report) else None),
                "handlers": ", ".join(names(u) for u in (
                    getattr(report, "responsible_users", None) or ())) if report else "",
            })
        return rows

    def has_reports(self):
        return bool(self.context.reports())

    def not_concluded(self):
        """Departments not concluded yet, while the leader is to conclude the review."""
        if api.content.get_state(self.context, default=None) != "concluding":
            return []
        return reports_not_concluded(self.context)

    def minutes_url(self):
        if api.content.get_state(self.context, default=None) in ("recording", "completed"):
            return f"{self.context.absolute_url()}/@@review-minutes.docx"
        return None


class ReportView(BrowserView):
    """A department's report: its objectives, other inputs and the leader's conclusion."""

    lines = staticmethod(lines)

    def details(self):
        context = self.context
        review = review_of(context)
        return [
            (label, value)
            for label, value in (
                (_("Code"), getattr(context, "code", None)),
                (_("State"), state_title(self.request, context)),
                (_("Department"), context.department_title()),
                (_("Management review"), review.Title()),
                (_("Deadline of the departments' reports"),
                 format_date(getattr(review, "report_deadline", None))),
            )
            if value
        ]

    def review_url(self):
        return review_of(self.context).absolute_url()

    def objectives(self):
        return objective_rows(self.context)

    def concluded(self):
        return api.content.get_state(self.context, default=None) == CONCLUDED

    def conclusion(self):
        context = self.context
        return [
            (IReviewReportSchema[name].title, value)
            for name, value in (
                ("conclusion", context.conclusion),
                ("direction", context.direction),
                ("responsibility", context.responsibility),
                ("completion_date", format_date(context.completion_date)),
                ("corrective_action", context.corrective_action),
            )
            if value
        ]

    def conclude_url(self):
        if may_conclude(self.context):
            return f"{self.context.absolute_url()}/@@conclude-report"
        return None


class ConcludeReportForm(BrowserView):
    """The leader's conclusion on a department's report (seed 002: "Nhập các nội dung
    kết luận và chọn hoàn thành"): saves the conclusion and fires ``conclude``, or, with
    "Save only", keeps the report waiting. Optionally opens a nonconformity report."""

    fields = CONCLUSION_FIELDS + ("corrective_action",)

    def __call__(self):
        self.errors = {}
        if not may_conclude(self.context):
            api.portal.show_message(
                _("This report cannot be concluded now."), self.request, type="error")
            self.request.response.redirect(self.context.absolute_url())
            return ""
        if self.request.method == "POST":
            if self.request.form.get("form.cancel"):
                self.request.response.redirect(review_of(self.context).absolute_url())
                return ""
            CheckAuthenticator(self.request)
            if self.handle_post():
                return ""
        return self.index()

    def label(self, name):
        return IReviewReportSchema[name].title

    def value(self, name):
        form = self.request.form
        if name in form:
            return form.get(name) or ""
        value = getattr(self.context, name, None)
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value or ""

    def objectives(self):
        return objective_rows(self.context)

    def report_lines(self, name):
        return lines(getattr(self.context, name, None))

    def _date(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            try:
                day, month, year = (int(part) for part in value.split("/"))
                return datetime.date(year, month, day)
            except ValueError:
                raise CaseError(_("The completion date is not a valid date (dd/mm/yyyy)."),
                                "completion_date")

    def handle_post(self):
        form = self.request.form
        save_only = bool(form.get("form.save"))
        savepoint = transaction.savepoint()
        try:
            values = {name: (form.get(name) or "").strip() or None for name in self.fields
                      if name != "completion_date"}
            values["completion_date"] = self._date(form.get("completion_date"))
            for name, value in values.items():
                setattr(self.context, name, value)
            if save_only:
                self.context.reindexObject()
                message = _("The conclusion is saved; the report is not concluded yet.")
            else:
                hand_over(self.context, "conclude",
                          comment=(form.get("comment") or "").strip())
                message = _("The report is concluded.")
                if form.get("open_nonconformity"):
                    self._open_nonconformity()
                    message = _("The report is concluded and a nonconformity report is "
                                "opened for the department.")
        except CaseError as error:
            savepoint.rollback()
            self.errors[error.field or "form"] = error.message
            api.portal.show_message(error.message, self.request, type="error")
            return False
        api.portal.show_message(message, self.request, type="info")
        self.request.response.redirect(review_of(self.context).absolute_url())
        return True

    def _open_nonconformity(self):
        from eiso.nonconformities import open_nonconformity

        context = self.context
        description = context.corrective_action or context.conclusion
        open_nonconformity(
            context, "review",
            translate(_("Management review ${review}, ${department}: ${text}", mapping={
                "review": review_of(context).Title(), "department": context.Title(),
                "text": description}), context=self.request),
            department=context.department,
            corrective_action=context.corrective_action,
        )


class MinutesDocx(BrowserView):
    """``@@review-minutes.docx``: the minutes of the review as a Word file."""

    def __call__(self):
        data = minutes.minutes_docx(self.context, self.request)
        filename = f"bien-ban-{self.context.getId()}.docx"
        response = self.request.response
        response.setHeader("Content-Type", minutes.DOCX_TYPE)
        response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
        response.setHeader("Content-Length", str(len(data)))
        return data
