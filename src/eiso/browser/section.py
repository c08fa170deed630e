"""A section lists its items from the catalog, a page at a time."""

from eiso.browser.listing import addable_types
from eiso.browser.listing import BatchedListing
from eiso.utils import format_date
from plone import api
from Products.Five.browser import BrowserView
from zope.component import queryMultiAdapter


class SectionListingView(BatchedListing, BrowserView):
    page_size = 30

    def __call__(self):
        # A section may have a listing of its own, a view named
        # "section-listing-<section id>" (van-ban: the register of legal texts,
        # tai-lieu: the controlled documents, ho-so: the records).
        own = queryMultiAdapter(
            (self.context, self.request), name=f"section-listing-{self.context.getId()}"
        )
        if own is not None:
            return own()
        return self.index()

    def items(self):
        return api.content.find(context=self.context, depth=1, sort_on="sortable_title")

    def rows(self, batch):
        types = api.portal.get_tool("portal_types")
        workflow = api.portal.get_tool("portal_workflow")
        rows = []
        for number, brain in enumerate(batch, start=batch.start):
            fti = types.get(brain.portal_type)
            rows.append(
                {
                    "number": number,
                    "code": brain.code or "",
                    "title": brain.Title,
                    "url": brain.getURL(),
                    "type": fti.Title() if fti else brain.portal_type,
                    "state": workflow.getTitleForStateOnType(
                        brain.review_state, brain.portal_type
                    )
                    if brain.review_state
                    else "",
                    "modified": format_date(brain.modified),
                }
            )
        return rows

    def addable_types(self):
        return addable_types(self.context)
