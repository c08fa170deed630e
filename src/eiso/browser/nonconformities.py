"""Nonconformities in the browser: a nonconformity's page and the ``kiem-soat`` listing.

The page shows every field in Vietnamese and the item it was opened from; the
case timeline ("Quá trình xử lý") is the viewlet every case has. The listing
reads brains only: filters by state, source, department and year, 20 a page.
"""

from eiso import _
from eiso.browser.listing import addable_types
from eiso.browser.listing import FilteredSectionListing
from eiso.browser.risks import department_titles
from eiso.browser.risks import user_names
from eiso.content.nonconformity import PORTAL_TYPE
from eiso.content.nonconformity import SECTION_ID
from eiso.content.nonconformity import SOURCE_TITLES
from eiso.utils import format_date
from plone import api
from Products.Five.browser import BrowserView
from zope.component import getUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory


STATES = ("reported", "analysed", "approved", "implementing", "verified", "closed", "rejected")


def clause_titles(context):
    factory = getUtility(IVocabularyFactory, "eiso.IsoClauses")
    return {term.value: term.title for term in factory(context)}


class NonconformityView(BrowserView):
    """A nonconformity: where it was found, its cause, corrective action and verification."""

    def t(self, message, domain="eiso"):
        return translate(message, domain=domain, context=self.request)

    def lines(self, text):
        return [line for line in (text or "").splitlines() if line.strip()]

    def state(self):
        workflow = api.portal.get_tool("portal_workflow")
        state = api.content.get_state(self.context, default=None)
        title = workflow.getTitleForStateOnType(state, PORTAL_TYPE) if state else ""
        return self.t(title, "plone") if title else ""

    def details(self):
        context = self.context
        clause = context.clause
        clause_title = clause_titles(context).get(clause) if clause else None
        source = SOURCE_TITLES.get(context.source)
        return [
            (label, value)
            for label, value in (
                (_("Code"), getattr(context, "code", None)),
                (_("State"), self.state()),
                (_("Source of the nonconformity"), self.t(source) if source else ""),
                (_("ISO clause"), f"{clause} {self.t(clause_title)}" if clause_title else clause),
                (_("Department"),
                 department_titles(context).get(context.department, context.department)),
                (_("Reported by"), user_names()(context.Creator())),
                (_("Reported on"), format_date(context.created())),
            )
            if value
        ]

    def source_item(self):
        """The item it was opened from, when the user may see it."""
        relation = self.context.source_item
        item = relation.to_object if relation is not None and not relation.isBroken() else None
        if item is None or not api.user.has_permission("View", obj=item):
            return None
        types = api.portal.get_tool("portal_types")
        fti = types.get(item.portal_type)
        code = getattr(item, "code", None)
        return {
            "title": f"{code} {item.Title()}" if code else item.Title(),
            "url": item.absolute_url(),
            "type": fti.Title() if fti is not None else item.portal_type,
        }

    def action(self):
        context = self.context
        return {
            "root_cause": self.lines(context.root_cause),
            "corrective_action": self.lines(context.corrective_action),
            "responsible": user_names()(context.responsible),
            "due": format_date(context.action_due_date),
        }

    def verification(self):
        context = self.context
        verified = bool(context.verified_date)
        return {
            "text": self.lines(context.verification),
            "effective": self.t(
                _("The corrective action was effective") if context.action_effective
                else _("The corrective action was not effective")
            ) if verified else "",
            "by": user_names()(context.verified_by),
            "date": format_date(context.verified_date),
        }


class NonconformitiesListing(FilteredSectionListing, BrowserView):
    """The ``kiem-soat`` listing of nonconformities: code, content, source, department,
    current step, deadline, state; filters; 20 a page; catalog only."""

    page_size = 20
    section_id = SECTION_ID
    filters = ("review_state", "source", "department", "year")

    def t(self, message, domain="eiso"):
        return translate(message, domain=domain, context=self.request)

    def base_query(self):
        return {
            "portal_type": PORTAL_TYPE,
            "path": {"query": "/".join(self.context.getPhysicalPath()), "depth": 1},
        }

    def query(self):
        params = self.params
        query = self.base_query()
        query.update(sort_on="created", sort_order="descending")
        if params["review_state"]:
            query["review_state"] = params["review_state"]
        if params["source"]:
            query["nc_source"] = params["source"]
        if params["department"]:
            query["department"] = params["department"]
        if params["year"]:
            try:
                query["year"] = int(params["year"])
            except ValueError:
                query["year"] = -1  # nothing matches a year that is not a number
        return query

    def items(self):
        return api.portal.get_tool("portal_catalog")(**self.query())

    def state_title(self, state):
        workflow = api.portal.get_tool("portal_workflow")
        title = workflow.getTitleForStateOnType(state, PORTAL_TYPE) if state else ""
        return self.t(title, "plone") if title else ""

    def options(self):
        years = {
            brain.year
            for brain in api.portal.get_tool("portal_catalog")(**self.base_query())
            if brain.year
        }
        return {
            "states": [{"id": state, "title": self.state_title(state)} for state in STATES],
            "sources": [{"id": key, "title": self.t(title)}
                        for key, title in SOURCE_TITLES.items()],
            "departments": [{"id": key, "title": title}
                            for key, title in department_titles(self.context).items()],
            "years": sorted(years, reverse=True),
        }

    def rows(self, batch):
        departments = department_titles(self.context)
        name = user_names()
        rows = []
        for number, brain in enumerate(batch, start=batch.start):
            step = (brain.case_step or "").partition("|")[2]
            source = SOURCE_TITLES.get(brain.nc_source)
            rows.append({
                "number": number,
                "code": brain.code or "",
                "title": brain.Title,
                "url": brain.getURL(),
                "source": self.t(source) if source else "",
                "department": departments.get(brain.department, brain.department or ""),
                "step": self.t(step) if step else "",
                "handlers": ", ".join(name(u) for u in brain.responsible_users or ()),
                "deadline": format_date(brain.due_date),
                "state": self.state_title(brain.review_state),
            })
        return rows

    def may_add(self):
        return api.user.has_permission("eiso: Add Nonconformity", obj=self.context)

    def addable_types(self):
        return addable_types(self.context)
