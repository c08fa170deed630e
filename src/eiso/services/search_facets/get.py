"""REST ``@search-facets``: the search page's search as JSON (SPEC §11).

``GET /@search-facets?SearchableText=chat luong&sort_on=relevance|date|title
&portal_type=…&agency=…&department=…&year=…&review_state=…&iso_clauses=…
&document_level=…&b_start=0&b_size=20`` (``b_size`` at most 100).

Same semantics as ``@@search``: every unquoted word is a prefix, accents and
case do not matter, a facet's values are OR-ed, facets are AND-ed. plone.restapi's
own ``@search`` folds accents too (the lexicon does it) but takes
``SearchableText`` as given: add ``*`` to a word for a prefix there.
"""

from eiso.browser.search import SearchView
from eiso.search.facets import search_text
from plone.restapi.batching import HypermediaBatch
from plone.restapi.services import Service
from zope.i18n import translate


MAX_SIZE = 100


class SearchBatch(HypermediaBatch):
    def __init__(self, request, batch):
        self.request = request
        self.b_start = batch.first
        self.b_size = batch.size
        self.batch = batch


class SearchFacetsGet(Service):
    def reply(self):
        try:
            size = min(max(int(self.request.form.get("b_size", 20)), 1), MAX_SIZE)
        except (TypeError, ValueError):
            size = 20
        view = SearchView(self.context, self.request).prepare()
        batch = view.batch(size)
        result = {
            "@id": f"{self.context.absolute_url()}/@search-facets",
            "SearchableText": view.search.text,
            "query": search_text(view.search.text),
            "sort_on": view.search.sort,
            "items_total": batch.sequence_length,
            "items": [self.serialize(row) for row in view.rows(batch)],
            "facets": [
                {"id": facet["id"], "title": facet["title"],
                 "values": [{key: value[key] for key in ("value", "title", "count", "selected")}
                            for value in facet["values"]]}
                for facet in view.search.facets()
            ],
        }
        if view.search.error:
            self.request.response.setStatus(400)
            result["error"] = {
                "type": "BadRequest",
                "message": translate(
                    "The search words could not be understood: check the quotes and try again.",
                    domain="eiso", context=self.request),
            }
        links = SearchBatch(self.request, batch).links
        if links:
            result["batching"] = links
        return result

    def serialize(self, row):
        return {
            "@id": row["url"],
            "@type": row["portal_type"],
            "type_title": row["type"],
            "code": row["code"],
            "title": row["title"],
            "review_state": row["review_state"],
            "state_title": row["state"],
            "date": row["date"],
            "date_label": translate(row["date_label"], context=self.request),
            "snippet": row["snippet"]["html"],
            "in_file": row["snippet"]["in_file"],
        }
