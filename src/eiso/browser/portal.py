"""The portal's front page: the agencies the user may see, or a login prompt."""

from plone import api
from Products.Five.browser import BrowserView


class PortalView(BrowserView):
    def is_anonymous(self):
        return api.user.is_anonymous()

    def agencies(self):
        # The catalog only returns the agencies the user may view.
        brains = api.content.find(
            context=self.context, portal_type="Agency", depth=1, sort_on="sortable_title"
        )
        return [
            {"title": b.Title, "url": b.getURL(), "code": b.code, "description": b.Description}
            for b in brains
        ]

    def can_add_agency(self):
        return api.user.has_permission("eiso: Add Agency", obj=self.context)

    def login_url(self):
        return f"{self.context.absolute_url()}/login"
