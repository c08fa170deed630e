"""The agency's home page: its details, its sections with item counts."""

from eiso import _
from eiso.content.section import SECTION_IDS
from plone import api
from Products.Five.browser import BrowserView


class AgencyHomeView(BrowserView):
    def sections(self):
        catalog = api.portal.get_tool("portal_catalog")
        result = []
        for section_id in SECTION_IDS:
            section = self.context.get(section_id)
            if section is None:
                continue
            path = "/".join(section.getPhysicalPath())
            # Everything below the section the user may see, the section excluded.
            count = len(catalog(path={"query": path})) - 1
            result.append(
                {
                    "id": section_id,
                    "title": section.Title(),
                    "description": section.Description(),
                    "url": section.absolute_url(),
                    "count": max(count, 0),
                }
            )
        return result

    def can_manage_members(self):
        return api.user.has_permission("eiso: Manage agency members", obj=self.context)

    def details(self):
        context = self.context
        return [
            (label, value)
            for label, value in (
                (_("Code"), context.code),
                (_("Address"), context.address),
                (_("Phone"), context.phone),
                (_("E-mail"), context.email),
                (_("Superior agency"), context.superior),
            )
            if value
        ]
