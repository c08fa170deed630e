"""@@case-transition — "Chuyển hồ sơ" (seed 002): act on a case and hand it over.

The person handling a case chooses what to do (save only / the transitions
allowed now: Bổ sung, Không duyệt, Duyệt, …), attaches files, picks the next
step's department, handlers and deadline (pre-filled with the transition's
defaults) and writes a comment. :func:`eiso.cases.handover.hand_over` checks it
all and changes nothing when something is wrong.
"""

from datetime import date
from eiso import _
from eiso.utils import form_list
from eiso.cases.flows import flow_of
from eiso.cases.flows import workflow_of
from eiso.cases.handover import CaseError
from eiso.cases.handover import default_assignment
from eiso.cases.handover import hand_over
from eiso.cases.steps import CaseSteps
from eiso.members import AgencyMembers
from eiso.content.agency import get_agency
from plone import api
from plone.memoize.view import memoize
from plone.namedfile.file import NamedBlobFile
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.i18n import translate

import json
import os


SAVE_ONLY = "__save__"
MAX_FILE_SIZE = 20 * 1024 * 1024
FILE_EXTENSIONS = {
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".ppt", ".pptx", ".txt",
    ".jpg", ".jpeg", ".png", ".zip", ".rar",
}


class CaseTransitionView(BrowserView):
    def __call__(self):
        self.errors = {}
        self.workflow = api.portal.get_tool("portal_workflow")
        self.transitions = self.workflow.getTransitionsFor(self.context)
        if not self.may_act():
            api.portal.show_message(
                _("You cannot handle this case at its current step."), self.request, type="error")
            self.request.response.redirect(self.context.absolute_url())
            return ""
        if self.request.method == "POST":
            if self.request.form.get("form.cancel"):
                self.request.response.redirect(self.came_from() or self.context.absolute_url())
                return ""
            CheckAuthenticator(self.request)
            if self.handle_post():
                return ""
        return self.index()

    def came_from(self):
        """The page to go back to afterwards (e.g. the document list), when inside the portal."""
        url = self.request.form.get("came_from") or ""
        if url and api.portal.get_tool("portal_url").isURLInPortal(url):
            return url
        return None

    def may_act(self):
        return bool(self.transitions) or api.user.has_permission(
            "Modify portal content", obj=self.context)

    # -- the form's content ---------------------------------------------------

    def _translate(self, msgid, domain="eiso"):
        return translate(msgid, domain=domain, context=self.request)

    @memoize
    def actions(self):
        """[{id, title, next_step, handlers, department, deadline}] — save only first."""
        flow = flow_of(self.context)
        workflow = self.workflow[workflow_of(self.context)]
        current = CaseSteps(self.context).current()
        result = [{
            "id": SAVE_ONLY,
            "title": self._translate(_("Not sent (only save the information)")),
            "next_step": self._translate(current["title"]) if current else "",
            "handlers": list(current["handlers"]) if current else [],
            "department": current["department"] if current else "",
            "deadline": current["deadline"].isoformat() if current and current["deadline"] else "",
            "finishes": False,
        }]
        for transition in self.transitions:
            new_state = workflow.transitions[transition["id"]].new_state_id
            handlers, department, deadline = default_assignment(self.context, transition["id"])
            step = flow.steps.get(new_state) if flow else None
            result.append({
                "id": transition["id"],
                "title": self._translate(transition["title"] or transition["id"], "plone"),
                "next_step": self._translate(step.title) if step else self._translate(
                    _("Finished (no further step)")),
                "handlers": handlers,
                "department": department or "",
                "deadline": deadline.isoformat() if deadline else "",
                "finishes": step is None,
            })
        return result

    def actions_json(self):
        return json.dumps({a["id"]: a for a in self.actions()})

    def selected_action(self):
        chosen = self.request.form.get("action")
        ids = [a["id"] for a in self.actions()]
        if chosen in ids:
            return chosen
        return ids[1] if len(ids) > 1 else SAVE_ONLY

    def selected(self):
        """The values to show: what was posted, else the chosen action's defaults."""
        form = self.request.form
        action = {a["id"]: a for a in self.actions()}[self.selected_action()]
        if self.request.method == "POST":
            return {
                "handlers": form_list(form.get("handlers")),
                "department": form.get("department", ""),
                "deadline": form.get("due_date", ""),
                "comment": form.get("comment", ""),
                "next_step": action["next_step"],
                "finishes": action["finishes"],
            }
        return dict(action, comment="")

    def members(self):
        agency = get_agency(self.context)
        return [m for m in AgencyMembers(agency).list() if not m["disabled"]] if agency else []

    def departments(self):
        agency = get_agency(self.context)
        return [{"id": d.getId(), "title": d.Title()} for d in AgencyMembers(agency).departments()]

    def current_step(self):
        return CaseSteps(self.context).current()

    def today(self):
        return date.today().isoformat()

    def error(self, field):
        return self.errors.get(field)

    # -- saving ----------------------------------------------------------------

    def _files(self):
        uploads = self.request.form.get("files") or []
        if not isinstance(uploads, list):
            uploads = [uploads]
        files = []
        for upload in uploads:
            filename = getattr(upload, "filename", None)
            if not filename:
                continue
            data = upload.read()
            if not data:
                continue
            extension = os.path.splitext(filename)[1].lower()
            if extension not in FILE_EXTENSIONS:
                raise CaseError(_("The file ${file} is not accepted: use PDF, Word, Excel, "
                                  "images or ZIP.", mapping={"file": filename}), "files")
            if len(data) > MAX_FILE_SIZE:
                raise CaseError(_("The file ${file} is larger than 20 MB.",
                                  mapping={"file": filename}), "files")
            files.append(NamedBlobFile(data=data, filename=filename,
                                       contentType=upload.headers.get("content-type", "")))
        return files

    def _deadline(self, action):
        value = (self.request.form.get("due_date") or "").strip()
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            try:
                day, month, year = (int(part) for part in value.split("/"))
                return date(year, month, day)
            except ValueError:
                raise CaseError(_("The deadline is not a valid date (dd/mm/yyyy)."), "due_date")

    def handle_post(self):
        form = self.request.form
        action = self.selected_action()
        try:
            files = self._files()
            due_date = self._deadline(action)
            handlers = form_list(form.get("handlers"))
            department = form.get("department") or None
            comment = (form.get("comment") or "").strip()
            if action == SAVE_ONLY:
                hand_over(self.context, None, comment=comment, files=files,
                          department=department, handlers=handlers or None, due_date=due_date)
                message = _("Saved. The case stays at its current step.")
            else:
                hand_over(self.context, action, comment=comment, files=files,
                          department=department, handlers=handlers or None, due_date=due_date)
                message = _("The case has been handed over.")
        except CaseError as error:
            self.errors[error.field or "form"] = error.message
            api.portal.show_message(error.message, self.request, type="error")
            return False
        api.portal.show_message(message, self.request, type="info")
        if self.came_from():
            self.request.response.redirect(self.came_from())
        elif self.request.get("eiso.checked_in"):  # a revision took effect: its document
            self.request.response.redirect(self.request.get("eiso.checked_in"))
        elif api.user.has_permission("View", obj=self.context):
            self.request.response.redirect(self.context.absolute_url())
        else:
            self.request.response.redirect(f"{api.portal.get().absolute_url()}/@@inbox")
        return True
