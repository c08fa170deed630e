"""The agency's home page: what it applies now, its details, its sections with item counts."""

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

    # Not cached: it must change as soon as an item is applied.
    def applied(self):
        """The quality policy and context analysis the agency applies now."""
        return {
            "policy": self._applied("QualityPolicy"),
            "context": self._applied("ContextAnalysis"),
        }

    def _applied(self, portal_type):
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog(
            portal_type=portal_type,
            review_state="applied",
            path="/".join(self.context.getPhysicalPath()),
            # Sites not yet upgraded to the case engine have no ``year`` index.
            sort_on="year" if "year" in catalog.indexes() else "created",
            sort_order="descending",
            sort_limit=1,
        )[:1]
        return brains[0].getObject() if brains else None

    def can_manage_members(self):
        return api.user.has_permission("eiso: Manage agency members", obj=self.context)

    def can_export_audit_trail(self):
        return api.user.has_permission("eiso: Export audit trail", obj=self.context)

    def can_view_iso_report(self):
        return api.user.has_permission("eiso: View ISO report", obj=self.context)

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
