"""The search page (``@@search``): Vietnamese full text with facets (SPEC §11).

It replaces Plone's ``@@search`` on our browser layer, so the search box of
the header and every link to ``@@search`` land here. It subclasses Plone's
view: ``results()``, which other code calls on ``@@search``, works as before.
"""

from eiso import _
from eiso.browser.listing import requested_start
from eiso.search.facets import FacetedSearch
from eiso.search.facets import SORTS
from eiso.search.indexers import item_text
from eiso.search.snippets import has_hit
from eiso.search.snippets import query_words
from eiso.search.snippets import snippet
from eiso.utils import format_date
from plone import api
from plone.batching import Batch
from Products.CMFPlone.browser.search import Search
from urllib.parse import urlencode
from zope.i18n import translate

import datetime
import logging


logger = logging.getLogger("eiso.search")


class SearchView(Search):
    page_size = 20

    def __call__(self):
        self.prepare()
        return self.index()

    def prepare(self):
        """Read the request's search (``@search-facets`` calls it too)."""
        self.search = FacetedSearch(self.context, self.request)
        self.words = query_words(self.search.text)
        return self

    @property
    def text(self):
        return self.search.text

    def batch(self, size=None):
        search = self.search
        start = requested_start(self.request)
        size = size or self.page_size
        if not search.asked:
            return Batch([], size, start=0)
        if search.sort == "relevance":
            return Batch(search.results, size, start=start)
        return Batch(search.sorted_results(start, size), size, start=start)

    def _labels(self, portal_type, review_state):
        """(type title, state title), translated once per page."""
        key = (portal_type, review_state)
        if key not in self._label_cache:
            fti = api.portal.get_tool("portal_types").get(portal_type)
            state = (
                api.portal.get_tool("portal_workflow").getTitleForStateOnType(
                    review_state, portal_type)
                if review_state else ""
            )
            language = self.search.language
            self._label_cache[key] = (
                translate(fti.Title(), domain=fti.i18n_domain or "plone", context=self.request,
                          target_language=language) if fti else portal_type,
                translate(state, domain="plone", context=self.request,
                          target_language=language) if state else "",
            )
        return self._label_cache[key]

    def rows(self, batch):
        self._label_cache = {}
        rows = []
        for number, brain in enumerate(batch, start=batch.start):
            review_state = brain.review_state or ""  # Missing.Value without a workflow
            type_title, state = self._labels(brain.portal_type, review_state)
            if isinstance(brain.effective_date, datetime.date):
                date_label, date = _("Effective"), brain.effective_date
            else:
                date_label, date = _("Modified"), brain.modified
            rows.append({
                "number": number,
                "code": brain.code or "",
                "title": brain.Title or brain.getId,
                "url": brain.getURL(),
                "portal_type": brain.portal_type,
                "review_state": review_state,
                "type": type_title,
                "state": state,
                "date_label": date_label,
                "date": format_date(date),
                "snippet": self.snippet(brain),
            })
        return rows

    def snippet(self, brain):
        """Around the hit in the description (no object woken); the
        description's beginning when the hit is in the title or code shown
        above it; else around the hit in the item's own text (this page's items
        only; files are not read again); else the hit is in an attached file."""
        description = brain.Description or ""
        if not self.words or has_hit(description, self.words):
            return {"html": snippet(description, self.words), "in_file": False}
        if has_hit(f"{brain.Title} {brain.code or ''}", self.words):
            # Found in what the row shows already: nothing to wake.
            return {"html": snippet(description, self.words), "in_file": False}
        try:
            text = item_text(brain.getObject(), files=False)
        except Exception:  # an item that cannot be read still gets listed
            logger.warning("Cannot read %s for its snippet", brain.getPath(), exc_info=True)
            text = ""
        if has_hit(text, self.words):
            return {"html": snippet(text, self.words), "in_file": False}
        return {"html": snippet(description, self.words), "in_file": bool(self.search.text)}

    # Links: the same search with one thing changed.

    def _form(self, **changes):
        form = []
        for key in ("SearchableText", "sort_on"):
            value = changes.get(key, self.request.form.get(key))
            if value:
                form.append((key, value))
        filters = changes.get("filters", self.search.filters)
        for facet_id, values in filters.items():
            form.extend((facet_id, str(value)) for value in values)
        return form

    def url(self, **changes):
        return f"{self.context.absolute_url()}/@@search?{urlencode(self._form(**changes))}"

    def facets(self):
        facets = self.search.facets()
        for facet in facets:
            for value in facet["values"]:
                filters = {k: [str(v) for v in vs] for k, vs in self.search.filters.items()}
                chosen = filters.setdefault(facet["id"], [])
                if value["selected"]:
                    chosen.remove(value["value"])
                else:
                    chosen.append(value["value"])
                value["url"] = self.url(filters={k: v for k, v in filters.items() if v})
        return facets

    def sort_options(self):
        return [
            {"id": sort_id, "title": title, "selected": sort_id == self.search.sort,
             "url": self.url(sort_on=sort_id)}
            for sort_id, (title, _index, _order) in SORTS.items()
        ]

    def clear_url(self):
        return self.url(filters={})
