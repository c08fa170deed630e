"""Customer feedback in the browser: a feedback's page, "Mở báo cáo sự không phù hợp",
the ``kiem-soat`` listing of feedback and nonconformities, the public form's own
view (signed time stamp, thank-you page with the code) and the links to it.
"""

from collective.easyform.browser.view import EasyFormForm
from collective.easyform.browser.view import EasyFormFormWrapper
from eiso import _
from eiso.browser.nonconformities import NonconformitiesListing
from eiso.browser.nonconformities import STATES as NC_STATES
from eiso.browser.risks import department_titles
from eiso.browser.risks import user_names
from eiso.content.agency import get_agency
from eiso.content.feedback import CHANNEL_TITLES
from eiso.content.feedback import PORTAL_TYPE
from eiso.content.nonconformity import PORTAL_TYPE as NC_TYPE
from eiso.content.nonconformity import SOURCE_TITLES
from eiso.feedback import open_nonconformity
from eiso.feedback import opened_nonconformity
from eiso.feedback.public import CODE_KEY
from eiso.feedback.public import feedback_folder
from eiso.feedback.public import feedback_form
from eiso.feedback.public import form_agency
from eiso.feedback.public import make_token
from eiso.feedback.public import TOKEN_FIELD
from eiso.utils import format_date
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from plone.memoize.instance import memoize
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Forbidden
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate


FEEDBACK_STATES = ("received", "handling", "responded", "closed", "rejected")
TYPE_TITLES = {PORTAL_TYPE: _("Customer feedback"), NC_TYPE: _("Nonconformity")}


def state_title(state, portal_type, request):
    workflow = api.portal.get_tool("portal_workflow")
    title = workflow.getTitleForStateOnType(state, portal_type) if state else ""
    return translate(title, domain="plone", context=request) if title else ""


class FeedbackView(BrowserView):
    """A feedback: who sent it and how, its content, the response, the nonconformity."""

    def t(self, message, domain="eiso"):
        return translate(message, domain=domain, context=self.request)

    def lines(self, text):
        return [line for line in (text or "").splitlines() if line.strip()]

    def details(self):
        context = self.context
        channel = CHANNEL_TITLES.get(context.channel)
        return [
            (label, value)
            for label, value in (
                (_("Code"), getattr(context, "code", None)),
                (_("State"), state_title(api.content.get_state(context, default=None),
                                         PORTAL_TYPE, self.request)),
                (_("Channel"), self.t(channel) if channel else ""),
                (_("Name of the citizen or organisation"), context.citizen_name),
                (_("Phone or e-mail"), context.contact),
                (_("Date received"), format_date(context.received_date)),
                (_("Procedure named by the citizen"), context.procedure_text),
                (_("Handling department"),
                 department_titles(context).get(context.department, context.department)),
                (_("Recorded by"), user_names()(context.Creator()) if context.Creator() else ""),
            )
            if value
        ]

    def procedure(self):
        relation = self.context.procedure
        item = relation.to_object if relation is not None and not relation.isBroken() else None
        if item is None or not api.user.has_permission("View", obj=item):
            return None
        return {"title": item.Title(), "url": item.absolute_url()}

    def response(self):
        return {
            "text": self.lines(self.context.response),
            "date": format_date(self.context.response_date),
        }

    def nonconformity(self):
        item = opened_nonconformity(self.context)
        if item is None or not api.user.has_permission("View", obj=item):
            return None
        return {"title": f"{item.code} {item.Title()}", "url": item.absolute_url()}

    def may_open_nonconformity(self):
        return (
            opened_nonconformity(self.context) is None
            and api.user.has_permission("eiso: Open nonconformity from feedback",
                                        obj=self.context)
            and api.user.has_permission("eiso: Add Nonconformity", obj=self.context)
        )

    def department_options(self):
        return [{"id": key, "title": title}
                for key, title in department_titles(self.context).items()]


class OpenNonconformity(BrowserView):
    """POST ``@@open-nonconformity``: open a nonconformity report from the feedback, once.

    Protected by "eiso: Open nonconformity from feedback" (zcml) and the CSRF token;
    the user also needs "eiso: Add Nonconformity". A second click shows the one opened
    before instead of opening another.
    """

    def __call__(self):
        if self.request.method != "POST":
            return self.request.response.redirect(self.context.absolute_url())
        CheckAuthenticator(self.request)
        messages = IStatusMessage(self.request)
        if not api.user.has_permission("eiso: Add Nonconformity", obj=self.context):
            raise Forbidden("You may not open a nonconformity here.")
        description = (self.request.form.get("description") or "").strip()
        department = (self.request.form.get("department") or "").strip() or None
        if department and department not in department_titles(self.context):
            messages.add(_("This department does not exist in the agency."), "error")
            return self.request.response.redirect(self.context.absolute_url())
        item, created = open_nonconformity(self.context, description or None, department)
        if created:
            messages.add(_("Nonconformity report ${code} opened.",
                           mapping={"code": item.code}), "info")
        else:
            messages.add(_("A nonconformity report was already opened from this feedback: "
                           "${code}.", mapping={"code": item.code}), "warning")
        return self.request.response.redirect(item.absolute_url())


class ControlListing(NonconformitiesListing):
    """The ``kiem-soat`` listing: customer feedback and nonconformities together, with
    their type; filters by type, state, channel (feedback), source (nonconformities),
    department and year; 20 a page; catalog only."""

    filters = ("portal_type", "review_state", "channel", "source", "department", "year")

    def base_query(self):
        return {
            "portal_type": [PORTAL_TYPE, NC_TYPE],
            "path": {"query": "/".join(self.context.getPhysicalPath()), "depth": 1},
        }

    def query(self):
        query = super().query()
        params = self.params
        if params["portal_type"] in TYPE_TITLES:
            query["portal_type"] = params["portal_type"]
        elif params["portal_type"]:
            query["portal_type"] = "-"  # an unknown type matches nothing
        if params["channel"]:
            query["feedback_channel"] = params["channel"]
        return query

    def state_title(self, state, portal_type=NC_TYPE):
        return state_title(state, portal_type, self.request)

    def options(self):
        options = super().options()
        states = {}
        for state in FEEDBACK_STATES:
            states[state] = self.state_title(state, PORTAL_TYPE)
        for state in NC_STATES:
            title = self.state_title(state, NC_TYPE)
            states[state] = f"{states[state]} / {title}" if (
                state in states and states[state] != title) else title
        options.update(
            types=[{"id": key, "title": self.t(title)} for key, title in TYPE_TITLES.items()],
            states=[{"id": key, "title": title} for key, title in states.items()],
            channels=[{"id": key, "title": self.t(title)}
                      for key, title in CHANNEL_TITLES.items()],
        )
        return options

    def rows(self, batch):
        departments = department_titles(self.context)
        name = user_names()
        rows = []
        for number, brain in enumerate(batch, start=batch.start):
            step = (brain.case_step or "").partition("|")[2]
            if brain.portal_type == PORTAL_TYPE:
                origin = CHANNEL_TITLES.get(brain.feedback_channel)
            else:
                origin = SOURCE_TITLES.get(brain.nc_source)
            rows.append({
                "number": number,
                "type": self.t(TYPE_TITLES[brain.portal_type]),
                "portal_type": brain.portal_type,
                "code": brain.code or "",
                "title": brain.Title,
                "url": brain.getURL(),
                "origin": self.t(origin) if origin else "",
                "department": departments.get(brain.department, brain.department or ""),
                "step": self.t(step) if step else "",
                "handlers": ", ".join(name(u) for u in brain.responsible_users or ()),
                "deadline": format_date(brain.due_date),
                "state": self.state_title(brain.review_state, brain.portal_type),
            })
        return rows

    @memoize
    def counts(self):
        """How many of each type the filters found (all pages)."""
        catalog = api.portal.get_tool("portal_catalog")
        query = self.query()
        result = {}
        for portal_type in TYPE_TITLES:
            if query["portal_type"] in (portal_type, [PORTAL_TYPE, NC_TYPE]):
                result[portal_type] = len(catalog(**dict(query, portal_type=portal_type)))
            else:
                result[portal_type] = 0
        return {"feedback": result[PORTAL_TYPE], "nonconformities": result[NC_TYPE]}

    def may_add(self):
        return bool(self.addable_types())


# -- the public form ---------------------------------------------------------------


class FeedbackEasyForm(EasyFormForm):
    """The agency's public form: a fresh signed time stamp each time it is shown, and a
    thank-you page giving the code of the feedback filed."""

    thank_you_template = ViewPageTemplateFile("templates/feedback_thanks.pt")

    def updateWidgets(self, prefix=None):
        # A fresh stamp each time the form is shown, also when it comes back with an
        # error: the submission itself is read from the request, not from the widget.
        super().updateWidgets(prefix)
        widget = self.widgets.get(TOKEN_FIELD) if self.widgets is not None else None
        if widget is not None:
            widget.value = make_token(self.context)

    def feedback_code(self):
        return IAnnotations(self.request).get(CODE_KEY)

    def agency_title(self):
        agency = form_agency(self.context)
        return agency.Title() if agency is not None else ""


class FeedbackFormView(EasyFormFormWrapper):
    form = FeedbackEasyForm


class FeedbackFormLink(ViewletBase):
    """"Gửi ý kiến phản ánh": on the site's front page the public folder of the forms
    (it lists every agency's form: the front page names no agency), on an agency's home
    page (its members only) the address of its own form, to give to citizens."""

    index = ViewPageTemplateFile("templates/feedback_links.pt")

    def update(self):
        super().update()
        self.link = None
        agency = get_agency(self.context)
        target = feedback_form(agency) if agency is not None else feedback_folder()
        if target is not None and api.user.has_permission("View", obj=target):
            self.link = {"url": target.absolute_url(), "agency": agency is not None}

    def available(self):
        return self.link is not None
