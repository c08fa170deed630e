"""Listings shown a page at a time, as Plone's own: plone.batching and ``?b_start=``."""

from plone.base.interfaces.constrains import ISelectableConstrainTypes
from plone.batching import Batch
from plone.memoize.instance import memoize
from urllib.parse import urlencode
from zExceptions import NotFound


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


class FilteredSectionListing(BatchedListing):
    """Mixin of a section's own listing (``section-listing-<section_id>``) whose
    filters are request parameters named in ``filters`` (text, stripped)."""

    section_id = None
    filters = ()

    def __call__(self):
        if self.context.getId() != self.section_id:
            raise NotFound(self.context, self.__name__, self.request)
        self.params = self._params()
        return self.index()

    def _params(self):
        form = self.request.form
        params = {}
        for name in self.filters:
            value = form.get(name)
            params[name] = value.strip() if isinstance(value, str) else ""
        return params

    def filtered(self):
        return any(self.params[name] for name in self.filters)

    def url(self, **changes):
        """This listing's URL with the current parameters, changed by ``changes``."""
        values = dict(self.params, **changes)
        query = urlencode([(k, v) for k, v in values.items() if v])
        return self.context.absolute_url() + (f"?{query}" if query else "")
