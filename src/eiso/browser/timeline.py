"""The case timeline ("Quá trình xử lý") below every case item, and its files.

``CaseHistory`` turns the stored steps (``eiso.cases.steps``) and audit trail
(``eiso.cases.audit``) into what people read: names instead of user ids,
titles instead of ids, a status colour per step. The viewlet, ``@@audit-trail``
and the REST service ``@case-history`` all read through it.
"""

from datetime import date
from eiso import _
from eiso.cases import audit
from eiso.cases.audit import AuditTrail
from eiso.cases.flows import workflow_of
from eiso.cases.steps import CaseSteps
from eiso.content.agency import get_agency
from eiso.members import AgencyMembers
from eiso.utils import format_date
from eiso.workingdays import calendar
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from plone.namedfile.utils import set_headers
from plone.namedfile.utils import stream_data
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate


FULLNAMES_KEY = "eiso.fullnames"

# Step statuses, in the order of the legend: (id, title, Bootstrap colour classes).
DONE_ON_TIME = "done-on-time"
DONE_LATE = "done-late"
OVERDUE = "overdue"
DUE_SOON = "due-soon"
ON_TIME = "on-time"
STATUSES = (
    (OVERDUE, _("Waiting – overdue"), "text-bg-danger", "border-danger"),
    (DUE_SOON, _("Waiting – due soon"), "text-bg-warning", "border-warning"),
    (ON_TIME, _("Waiting – on time"), "text-bg-primary", "border-primary"),
    (DONE_ON_TIME, _("Finished – on time"), "text-bg-success", "border-success"),
    (DONE_LATE, _("Finished – late"), "bg-danger-subtle text-danger-emphasis", "border-danger-subtle"),
)
STATUS_TITLES = {status: title for status, title, badge, border in STATUSES}
STATUS_CLASSES = {status: (badge, border) for status, title, badge, border in STATUSES}

KIND_TITLES = {
    audit.CREATED: _("Created"),
    audit.EDITED: _("Content edited"),
    audit.TRANSITION: _("Moved to the next step"),
    audit.ASSIGNMENT: _("Handlers changed"),
    audit.NOTE: _("Note added"),
}


def fullnames(request):
    """``name(user_id)`` → full name (the id when there is none), each user looked up once
    per request."""
    annotations = IAnnotations(request)
    cache = annotations.get(FULLNAMES_KEY)
    if cache is None:
        cache = annotations[FULLNAMES_KEY] = {}

    def name(user_id):
        if not user_id:
            return ""
        if user_id not in cache:
            user = api.user.get(userid=user_id)
            cache[user_id] = (user.getProperty("fullname") if user is not None else "") or user_id
        return cache[user_id]

    return name


def _day(value):
    """A Zope DateTime as a local date."""
    return value.asdatetime().date() if value is not None else None


def step_status(step, today, reminder_days, days):
    """The colour of a step: finished on time / late, or waiting overdue / due soon / on time.

    ``days`` is an ``eiso.workingdays`` calendar (read once for many steps).
    """
    deadline = step["deadline"]
    if step["finished"] is not None:
        late = deadline is not None and _day(step["finished"]) > deadline
        return DONE_LATE if late else DONE_ON_TIME
    if deadline is None:
        return ON_TIME
    if deadline < today:
        return OVERDUE
    if days.working_days_between(today, deadline) <= reminder_days:
        return DUE_SOON
    return ON_TIME


class CaseHistory:
    """The steps and the audit trail of ``item``, ready to show."""

    def __init__(self, item, request):
        self.item = item
        self.request = request
        self.name = fullnames(request)
        self.url = item.absolute_url()

    def _t(self, message, domain="eiso"):
        return translate(message, domain=domain, context=self.request)

    def code(self):
        return getattr(self.item, "code", None) or ""

    def state_title(self):
        workflow = api.portal.get_tool("portal_workflow")
        state = api.content.get_state(self.item, default=None)
        if state is None:
            return ""
        title = workflow.getTitleForStateOnType(state, self.item.portal_type) or state
        return self._t(title, domain="plone")

    def is_finished(self):
        return CaseSteps(self.item).current() is None

    def _department_titles(self):
        agency = get_agency(self.item)
        if agency is None:
            return {}
        return {d.getId(): d.Title() for d in AgencyMembers(agency).departments()}

    def _action_titles(self):
        workflow = api.portal.get_tool("portal_workflow").get(workflow_of(self.item) or "")
        transitions = workflow.transitions if workflow is not None else {}

        def title(action):
            if not action:
                return ""
            transition = transitions.get(action)
            return self._t((transition.title if transition is not None else "") or action,
                           domain="plone")

        return title

    def file_url(self, number, index):
        return f"{self.url}/@@case-file?step={number}&index={index}"

    def _files(self, number, files, first_index):
        return [
            {
                "index": index,
                "filename": file.filename or f"tap-tin-{index + 1}",
                "size": file.getSize(),
                "content_type": file.contentType,
                "url": self.file_url(number, index),
            }
            for index, file in enumerate(files, start=first_index)
        ]

    def steps(self):
        """Every step, oldest first, as a mapping of display values."""
        departments = self._department_titles()
        action_title = self._action_titles()
        days = calendar()
        today = date.today()
        reminder_days = api.portal.get_registry_record("eiso.reminder_days", default=2) or 0
        result = []
        for step in CaseSteps(self.item):
            number = step["number"]
            handlers = list(step["handlers"])
            status = step_status(step, today, reminder_days, days)
            badge, border = STATUS_CLASSES[status]
            # file indexes as CaseSteps.file counts them: the step's own, then its notes'
            index = len(step["files"])
            notes = []
            for note in step["notes"]:
                notes.append({
                    "time": note["time"],
                    "actor": note["actor"],
                    "actor_name": self.name(note["actor"]),
                    "comment": note["comment"],
                    "files": self._files(number, note["files"], index),
                })
                index += len(note["files"])
            actor = step["actor"]
            result.append({
                "number": number,
                "state": step["state"],
                "title": self._t(step["title"]),
                "handlers": [{"id": h, "fullname": self.name(h)} for h in handlers],
                "department": step["department"],
                "department_title": departments.get(step["department"], step["department"] or ""),
                "deadline": step["deadline"],
                "started": step["started"],
                "finished": step["finished"],
                "actor": actor,
                "actor_name": self.name(actor),
                "actor_differs": bool(actor) and actor not in handlers,
                "action": step["action"],
                "action_title": action_title(step["action"]),
                "comment": step["comment"],
                "files": self._files(number, step["files"], 0),
                "notes": notes,
                "status": status,
                "status_title": self._t(STATUS_TITLES[status]),
                "badge_class": badge,
                "border_class": border,
            })
        return result

    def audit(self):
        """Every audit entry, oldest first."""
        return [
            {
                "time": entry["time"],
                "user": entry["user"],
                "fullname": self.name(entry["user"]),
                "kind": entry["kind"],
                "kind_title": self._t(KIND_TITLES.get(entry["kind"], entry["kind"])),
                "summary": entry["summary"],
                "details": entry["details"],
            }
            for entry in AuditTrail(self.item)
        ]


class TimelineViewlet(ViewletBase):
    """"Quá trình xử lý" below the body of a case item (its default view only)."""

    format_date = staticmethod(format_date)

    def update(self):
        super().update()
        context_state = api.content.get_view("plone_context_state", self.context, self.request)
        self.available = context_state.is_view_template()
        if self.available:
            self.history = CaseHistory(self.context, self.request)

    def render(self):
        return self.index() if self.available else ""

    def legend(self):
        return [
            {"status": status, "title": translate(title, context=self.request),
             "badge_class": badge}
            for status, title, badge, border in STATUSES
        ]

    def can_act(self):
        """The current user may move or change the case (the "Xử lý" button)."""
        workflow = api.portal.get_tool("portal_workflow")
        return bool(workflow.getTransitionsFor(self.context)) or api.user.has_permission(
            "Modify portal content", obj=self.context)

    def transition_url(self):
        return f"{self.context.absolute_url()}/@@case-transition"

    def audit_url(self):
        return f"{self.context.absolute_url()}/@@audit-trail"


class CaseFileView(BrowserView):
    """``@@case-file?step=N&index=M``: a file attached to step N (0-based M, notes' files
    after the step's own)."""

    def __call__(self):
        try:
            number = int(self.request.form.get("step", ""))
            index = int(self.request.form.get("index", ""))
        except (TypeError, ValueError):
            raise NotFound(self.context, "case-file", self.request)
        file = CaseSteps(self.context).file(number, index)
        if file is None:
            raise NotFound(self.context, "case-file", self.request)
        set_headers(file, self.request.response, filename=file.filename or f"tap-tin-{index + 1}")
        return stream_data(file)
