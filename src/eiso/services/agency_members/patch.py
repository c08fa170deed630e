from eiso.services.agency_members import AgencyMembersService
from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides


class AgencyMembersPatch(AgencyMembersService):
    """Change an account: any of {department, roles, fullname, email, disabled, password}.

    ``{"disabled": true}`` disables the account; ``{"disabled": false,
    "password": "…"}`` enables it again with a new password.
    """

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        if not self.user_id:
            return self.error(400, "Missing user id", "user_id")
        if not self.members.is_member(self.user_id):
            return self.error(404, "Not found", "user_id")

        def change():
            data = self.body()
            members = self.members
            if data.get("disabled") is False and members.is_disabled(self.user_id):
                members.enable(self.user_id, data.get("password", ""))
            if any(k in data for k in ("department", "roles", "fullname", "email")):
                department = data.get("department")
                if "department" in data and department is None:
                    department = ""
                members.update(
                    self.user_id,
                    department=department,
                    roles=data.get("roles"),
                    fullname=data.get("fullname"),
                    email=data.get("email"),
                )
            if data.get("disabled") is True:
                members.disable(self.user_id)
            return self.serialize(members.info(self.user_id))

        return self.handle(change)
