"""Listings shown a page at a time, as Plone's own: plone.batching and ``?b_start=``."""

from plone.base.interfaces.constrains import ISelectableConstrainTypes
from plone.batching import Batch
from plone.memoize.instance import memoize


def requested_start(request):
    """Where the page asked by ``?b_start=`` begins: 0 when missing, negative or not a number."""
    try:
        return max(int(request.form.get("b_start", 0)), 0)
    except (TypeError, ValueError):
        return 0


def addable_types(container):
    """The types the user may add to ``container``: id, title and add form URL."""
    constraints = ISelectableConstrainTypes(container, None)
    if constraints is None:
        return []
    base = container.absolute_url()
    return [
        {"id": fti.getId(), "title": fti.Title(), "url": f"{base}/++add++{fti.getId()}"}
        for fti in constraints.allowedContentTypes()
    ]


class BatchedListing:
    """Mixin of a view that lists ``items()`` ``page_size`` at a time.

    The template shows ``view/batch`` with Plone's ``batch_macros``; the page is
    computed once per view, however often the view and its template ask for it.
    """

    page_size = 20

    def items(self):
        """The whole sequence to list (brains, or any sequence plone.batching takes)."""
        raise NotImplementedError

    @memoize
    def batch(self):
        return Batch(self.items(), self.page_size, start=requested_start(self.request))
