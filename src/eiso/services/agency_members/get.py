from eiso.services.agency_members import AgencyMembersService


class AgencyMembersGet(AgencyMembersService):
    def reply(self):
        members = self.members
        if self.user_id:
            if not members.is_member(self.user_id):
                return self.error(404, "Not found", "user_id")
            return self.serialize(members.info(self.user_id))
        items = [self.serialize(info) for info in members.list()]
        return {
            "@id": f"{self.context.absolute_url()}/@agency-members",
            "items": items,
            "items_total": len(items),
            "departments": [
                {"id": d.getId(), "title": d.Title()} for d in members.departments()
            ],
        }
