"""The agency's home page: its details, its sections with item counts."""

from eiso import _
from eiso.content.section import SECTION_IDS
from plone import api
from plone.memoize import ram
from Products.Five.browser import BrowserView


def _sections_cache_key(method, self):
    """Counts change with any catalog write and differ by what the user may see."""
    catalog = api.portal.get_tool("portal_catalog")
    user = api.user.get_current()
    return (
        "/".join(self.context.getPhysicalPath()),
        catalog.getCounter(),
        tuple(sorted(catalog._listAllowedRolesAndUsers(user))),
        self.request.get("LANGUAGE", ""),
    )


class AgencyHomeView(BrowserView):
    @ram.cache(_sections_cache_key)
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
