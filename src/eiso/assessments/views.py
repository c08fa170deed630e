"""Pages of an assessment: the grid with the totals (scores entered here by each side),
its print version and the evidence files."""

from eiso import _
from eiso.assessments.workflow import ASSESSOR
from eiso.assessments.workflow import format_score
from eiso.assessments.workflow import ScoreError
from eiso.assessments.workflow import SELF
from eiso.assessments.workflow import set_scores
from eiso.browser.records import RecordFileView
from eiso.content.agency import get_agency
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate


SELF_SCORING = ("draft", "pending")
ASSESSOR_SCORING = ("submitted",)
SCORE_PERMISSION = "eiso: Score assessment"


class AssessmentView(BrowserView):
    """The grid and the totals; a POST saves the columns of the side whose turn it is."""

    def t(self, message):
        return translate(message, context=self.request)

    def state(self):
        return api.content.get_state(self.context, default=None)

    def state_title(self):
        workflow = api.portal.get_tool("portal_workflow")
        state = self.state()
        for definition in workflow.getWorkflowsFor(self.context):
            if state in definition.states:
                return translate(definition.states[state].title, domain="plone",
                                 context=self.request)
        return state or ""

    def can_self_score(self):
        return self.state() in SELF_SCORING and api.user.has_permission(
            "Modify portal content", obj=self.context)

    def can_assess(self):
        return self.state() in ASSESSOR_SCORING and api.user.has_permission(
            SCORE_PERMISSION, obj=self.context)

    def show_assessor(self):
        """The assessor's columns: to the assessors while scoring, to all once published."""
        return self.state() == "published" or api.user.has_permission(
            SCORE_PERMISSION, obj=self.context)

    def agency(self):
        agency = get_agency(self.context)
        return agency.Title() if agency is not None else ""

    def rows(self):
        return [dict(row, self_text=format_score(row.get("self_score")),
                     assessor_text=format_score(row.get("assessor_score")))
                for row in self.context.scores or ()]

    def totals(self):
        context = self.context
        assessor = context.assessor_total() if self.show_assessor() else None
        grade = context.grade() if assessor is not None else None
        return {
            "max": context.max_total(),
            "self": format_score(context.self_total()),
            "assessor": format_score(assessor),
            "grade": self.t(grade[1]) if grade else "",
            "grade_id": grade[0] if grade else "",
        }

    def files(self):
        base = self.context.absolute_url()
        return [{"name": blob.filename or str(number + 1),
                 "url": f"{base}/@@assessment-file/{number}"}
                for number, blob in enumerate(self.context.evidence_files or ())]

    def lines(self, text):
        return [line for line in (text or "").splitlines() if line.strip()]

    def __call__(self):
        if self.request.method == "POST" and "form.buttons.save" in self.request.form:
            if self.save():
                self.request.response.redirect(self.context.absolute_url())
                return ""
        return self.index()

    def save(self):
        CheckAuthenticator(self.request)
        if self.can_self_score():
            columns = SELF
        elif self.can_assess():
            columns = ASSESSOR
        else:
            from AccessControl import Unauthorized

            raise Unauthorized("Scores cannot be changed now.")
        form = self.request.form
        values = {}
        for row in self.context.scores or ():
            code = row["code"]
            cells = {}
            for column in columns:
                key = f"{column}.{code}"
                if key in form:
                    cells[column] = form[key]
            if cells:
                values[code] = cells
        messages = IStatusMessage(self.request)
        try:
            set_scores(self.context, values, columns)
        except ScoreError as error:
            self.error = self.t(error.message)
            messages.add(error.message, type="error")
            return False
        messages.add(_("The scores have been saved."), type="info")
        return True

    error = None

    def submitted(self, column, code, value):
        """The cell as typed when the form is shown again after an error."""
        if self.error is not None:
            return self.request.form.get(f"{column}.{code}", value)
        return value


class AssessmentFileView(RecordFileView):
    """``assessment/@@assessment-file/<n>``: the n-th evidence file."""

    field = "evidence_files"
