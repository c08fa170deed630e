"""@@agency-members — "Thành viên và vai trò": the accounts of an agency.

Listing, creating, moving between departments, changing roles, disabling and
enabling accounts. The rules live in :mod:`eiso.members`; this view only
reads the form, checks the CSRF token and reports the outcome.
"""

from eiso import _
from eiso.browser.listing import BatchedListing
from eiso.utils import form_list
from eiso.members import AgencyMembers
from eiso.members import MemberError
from eiso.roles import AGENCY_ROLES
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import Forbidden


class AgencyMembersView(BatchedListing, BrowserView):
    page_size = 50

    def __call__(self):
        self.members = AgencyMembers(self.context)
        self.errors = {}
        self.form_values = {}
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if self.handle_post():
                self.request.response.redirect(self.page_url())
                return ""
        return self.index()

    def page_url(self):
        url = f"{self.context.absolute_url()}/@@agency-members"
        b_start = self.request.form.get("b_start")
        return f"{url}?b_start={int(b_start)}" if str(b_start or "").isdigit() else url

    # -- actions ------------------------------------------------------------

    def handle_post(self):
        form = self.request.form
        action = form.get("action")
        user_id = form.get("user_id", "").strip()
        try:
            if action == "create":
                self.form_values = {k: form.get(k, "") for k in ("user_id", "fullname", "email", "department")}
                self.form_values["roles"] = form.get("roles", [])
                info = self.members.add(
                    user_id=user_id,
                    fullname=form.get("fullname", ""),
                    email=form.get("email", ""),
                    password=form.get("password", ""),
                    department=form.get("department") or None,
                    roles=form_list(form.get("roles")),
                )
                message = _("Account ${user} has been created.", mapping={"user": info["fullname"]})
            elif action == "update":
                info = self.members.update(
                    user_id,
                    department=form.get("department", ""),
                    roles=form_list(form.get("roles")),
                )
                message = _("The changes to ${user} have been saved.", mapping={"user": info["fullname"]})
            elif action == "disable":
                if user_id == api.user.get_current().getId():
                    raise MemberError(_("You cannot disable your own account."))
                info = self.members.disable(user_id)
                message = _("Account ${user} has been disabled.", mapping={"user": info["fullname"]})
            elif action == "enable":
                info = self.members.enable(user_id, form.get("password", ""))
                message = _("Account ${user} has been enabled again.", mapping={"user": info["fullname"]})
            else:
                raise Forbidden("Unknown action")
        except MemberError as error:
            self.errors[error.field or "form"] = error.message
            self.errors["action"] = action
            self.errors["user"] = user_id
            api.portal.show_message(error.message, request=self.request, type="error")
            return False
        api.portal.show_message(message, request=self.request, type="info")
        return True

    # -- reading ------------------------------------------------------------

    def items(self):
        return self.members.list()

    def departments(self):
        return [{"id": d.getId(), "title": d.Title()} for d in self.members.departments()]

    def roles(self):
        return [{"id": role, "title": title} for role, title in AGENCY_ROLES]

    def value(self, name):
        return self.form_values.get(name, "")

    def error(self, field):
        if self.errors.get("action") == "create":
            return self.errors.get(field)
        return None

    def current_user(self):
        return api.user.get_current().getId()
