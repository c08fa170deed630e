"""The register of external legal documents: a text's page and the ``van-ban`` listing."""

from eiso import _
from eiso.browser.listing import addable_types
from eiso.browser.listing import FilteredSectionListing
from eiso.content.legal_document import PORTAL_TYPE
from eiso.legal.relations import referrers
from eiso.legal.relations import targets
from eiso.utils import format_date
from plone import api
from plone.base.utils import munge_search_term
from Products.Five.browser import BrowserView
from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory


SECTION_ID = "van-ban"
STATES = (
    ("in_force", _("In force")),
    ("partly_expired", _("Partly expired")),
    ("expired", _("Expired")),
)
# sort id → (index, order, title)
SORTS = {
    "signed": ("signed_date", "descending", _("Latest signed first")),
    "signed_asc": ("signed_date", "ascending", _("Oldest first")),
    "number": ("code", "ascending", _("Number and symbol")),
    "title": ("sortable_title", "ascending", _("Title")),
}
DEFAULT_SORT = "signed"


def vocabulary_values(name, context):
    return [term.value for term in getUtility(IVocabularyFactory, name)(context)]


def state_badge(state):
    """CSS class of the state's colour (green in force, amber partly, grey expired)."""
    return f"eiso-badge eiso-legal-{state}"


class LegalDocumentView(BrowserView):
    """A legal text: its details, its file, its relations both ways, its history."""

    def details(self):
        context = self.context
        return [
            (label, value)
            for label, value in (
                (_("Number and symbol"), context.number),
                (_("Kind of text"), context.legal_kind),
                (_("Issuing body"), context.issuer),
                (_("Date signed"), format_date(context.signed_date)),
                (_("Effective date"), format_date(context.effective_date)),
                (_("Field"), context.field),
            )
            if value
        ]

    def state(self):
        state = api.content.get_state(self.context, default="")
        return {"id": state, "title": dict(STATES).get(state, state), "class": state_badge(state)}

    def file(self):
        blob = self.context.file
        if blob is None:
            return None
        size = blob.getSize()
        return {
            "name": blob.filename,
            "url": f"{self.context.absolute_url()}/@@download/file/{blob.filename}",
            "size": f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB",
        }

    def _link(self, item):
        return {
            "number": item.number,
            "title": item.Title(),
            "summary": item.summary or "",
            "url": item.absolute_url(),
            "state": dict(STATES).get(api.content.get_state(item, default=""), ""),
            "state_class": state_badge(api.content.get_state(item, default="")),
        }

    def relations(self):
        """(heading, texts) for each relation that has texts the user may see."""
        checker = api.user.has_permission
        groups = (
            (_("Amends or supplements:"), [
                t for t in targets(self.context, "amends") if checker("View", obj=t)]),
            (_("Replaces:"), [
                t for t in targets(self.context, "replaces") if checker("View", obj=t)]),
            (_("Amended or supplemented by:"), referrers(self.context, "amends")),
            (_("Replaced by:"), referrers(self.context, "replaces")),
        )
        return [
            {"title": title, "texts": [self._link(item) for item in items]}
            for title, items in groups
            if items
        ]

    def history(self):
        """The text's changes of state, newest first, with their comments."""
        workflow = api.portal.get_tool("portal_workflow")
        entries = []
        for entry in (getattr(self.context, "workflow_history", {}) or {}).get(
            "eiso_legal_workflow", ()
        ):
            actor = entry.get("actor")
            user = api.user.get(userid=actor) if actor else None
            entries.append(
                {
                    "time": format_date(entry.get("time"), with_time=True),
                    "state": workflow.getTitleForStateOnType(
                        entry.get("review_state"), PORTAL_TYPE),
                    "actor": (user.getProperty("fullname") or actor) if user else (actor or ""),
                    "comment": entry.get("comments") or "",
                }
            )
        return list(reversed(entries))

    def delete_url(self):
        """The legal officer removes expired texts (seed function 10)."""
        if api.user.has_permission("Delete objects", obj=self.context):
            return f"{self.context.absolute_url()}/delete_confirmation"
        return None


class LegalDocumentsListing(FilteredSectionListing, BrowserView):
    """The register (``van-ban``): filters, sort, 20 rows a page, brains only.

    Shown as the section's own listing (``section-listing`` looks up
    ``section-listing-<section id>``).
    """

    page_size = 20
    section_id = SECTION_ID
    filters = ("legal_kind", "issuer", "field", "year", "review_state", "SearchableText")

    def _params(self):
        params = super()._params()
        sort = self.request.form.get("sort")
        params["sort"] = sort if sort in SORTS else DEFAULT_SORT
        return params

    def url(self, **changes):
        if changes.get("sort", self.params.get("sort")) == DEFAULT_SORT:
            changes["sort"] = ""
        return super().url(**changes)

    def query(self):
        params = self.params
        index, order, title = SORTS[params["sort"]]
        query = {
            "portal_type": PORTAL_TYPE,
            "path": {"query": "/".join(self.context.getPhysicalPath()), "depth": 1},
            "sort_on": index,
            "sort_order": order,
        }
        for name in ("legal_kind", "issuer", "field", "review_state"):
            if params[name]:
                query[name] = params[name]
        if params["year"]:
            try:
                query["year"] = int(params["year"])
            except ValueError:
                query["year"] = -1  # nothing matches a year that is not a number
        text = params["SearchableText"]
        if text:
            # As Plone's search: every word as a prefix, "quoted phrases" kept.
            query["SearchableText"] = munge_search_term(text)
        return query

    def items(self):
        return api.portal.get_tool("portal_catalog")(**self.query())

    def all_brains(self):
        if not hasattr(self, "_all"):
            self._all = api.portal.get_tool("portal_catalog")(
                portal_type=PORTAL_TYPE,
                path={"query": "/".join(self.context.getPhysicalPath()), "depth": 1},
            )
        return self._all

    def options(self):
        """Choices of the filters: configured kinds and fields, the issuers and years in use."""
        issuers = set()
        years = set()
        for brain in self.all_brains():
            if brain.issuer:
                issuers.add(brain.issuer)
            if brain.signed_date:
                years.add(brain.signed_date.year)
        return {
            "kinds": vocabulary_values("eiso.LegalKinds", self.context),
            "fields": vocabulary_values("eiso.Fields", self.context),
            "issuers": sorted(issuers),
            "years": sorted(years, reverse=True),
            "states": [{"id": state, "title": title} for state, title in STATES],
            "sorts": [{"id": key, "title": value[2]} for key, value in SORTS.items()],
        }

    def rows(self, batch):
        states = dict(STATES)
        rows = []
        for number, brain in enumerate(batch, start=batch.start):
            rows.append(
                {
                    "number": number,
                    "code": brain.code or "",
                    "title": brain.Title,
                    "summary": brain.Description or "",
                    "url": brain.getURL(),
                    "kind": brain.legal_kind or "",
                    "issuer": brain.issuer or "",
                    "signed": format_date(brain.signed_date),
                    "effective": format_date(brain.effective_date),
                    "state": states.get(brain.review_state, brain.review_state or ""),
                    "state_class": state_badge(brain.review_state),
                }
            )
        return rows


    def may_add(self):
        return api.user.has_permission("eiso: Add LegalDocument", obj=self.context)

    def addable_types(self):
        return addable_types(self.context)
