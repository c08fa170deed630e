from eiso.services.agency_members import AgencyMembersService
from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides


class AgencyMembersPost(AgencyMembersService):
    """Create an account: {user_id, fullname, email, password, department, roles}."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)

        def create():
            data = self.body()
            info = self.members.add(
                user_id=data.get("user_id", ""),
                fullname=data.get("fullname", ""),
                email=data.get("email", ""),
                password=data.get("password", ""),
                department=data.get("department") or None,
                roles=data.get("roles") or [],
            )
            self.request.response.setStatus(201)
            return self.serialize(info)

        return self.handle(create)
