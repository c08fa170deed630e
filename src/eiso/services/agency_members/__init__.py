"""REST ``@agency-members``: the same operations as the members page."""

from eiso import _
from eiso.members import AgencyMembers
from eiso.members import MemberError
from plone.restapi.deserializer import json_body
from eiso.services import TraversingService
from zope.i18n import translate


class AgencyMembersService(TraversingService):
    """Base: ``@agency-members[/<user_id>]`` on an agency."""

    @property
    def user_id(self):
        return self.params[0] if self.params else None

    @property
    def members(self):
        return AgencyMembers(self.context)

    def serialize(self, info):
        info = dict(info)
        info["@id"] = f"{self.context.absolute_url()}/@agency-members/{info['id']}"
        return info

    def error(self, status, message, field=None):
        self.request.response.setStatus(status)
        return {
            "error": {
                "type": "BadRequest" if status == 400 else "NotFound",
                "message": translate(message, context=self.request),
                "field": field,
            }
        }

    def body(self):
        data = json_body(self.request)
        if not isinstance(data, dict):
            raise MemberError("Expected a JSON object.")
        # Texts are texts and roles a list of them: anything else is a 400, not a 500.
        for name in ("user_id", "fullname", "email", "password", "department"):
            if data.get(name) is not None and not isinstance(data[name], str):
                raise MemberError(_("“${field}” must be text.", mapping={"field": name}), name)
        roles = data.get("roles")
        if roles is not None and not (isinstance(roles, list)
                                      and all(isinstance(role, str) for role in roles)):
            raise MemberError(_("“${field}” must be a list of texts.",
                                mapping={"field": "roles"}), "roles")
        if data.get("disabled") is not None and not isinstance(data["disabled"], bool):
            raise MemberError(_("“${field}” must be true or false.",
                                mapping={"field": "disabled"}), "disabled")
        return data

    def handle(self, operation):
        """Run ``operation``; bad input answers 400 with a translated message."""
        try:
            return operation()
        except MemberError as error:
            return self.error(400, error.message, error.field)
