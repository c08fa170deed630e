"""@@inbox — "Kiểm soát hoạt động ISO": the cases waiting for the user, those they
follow and those finished (SPEC §4). The query is :class:`eiso.inbox.Inbox`."""

from eiso.inbox import Inbox
from eiso.inbox import InboxError
from eiso.inbox import InboxParams
from eiso.inbox import SORTS
from eiso.inbox import TABS
from eiso.interfaces import IAgency
from eiso.utils import format_date
from plone import api
from plone.batching import Batch
from Products.Five.browser import BrowserView
from urllib.parse import urlencode
from zExceptions import Unauthorized
from zope.i18n import translate


# The request parameters that make a page of the inbox, in URL order.
PARAMS = ("tab", "portal_type", "year", "responsible_department", "sort_on", "sort_order")


class InboxView(BrowserView):
    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("The ISO inbox is personal: log in first.")
        self.inbox = Inbox(self.context, api.user.get_current().getId(), self.request)
        self.error = None
        try:
            self.params = InboxParams.from_form(self.request.form)
        except InboxError as error:
            self.error = translate(error.message, context=self.request)
            self.params = InboxParams()
        return self.index()

    # -- links ----------------------------------------------------------------

    def url(self, **changes):
        """This page with the current tab, filters and order, changed by ``changes``."""
        values = {name: getattr(self.params, name) for name in PARAMS}
        if values["sort_order"] == SORTS[values["sort_on"]]:
            values["sort_order"] = None
        values.update(changes)
        query = urlencode([(name, values[name]) for name in PARAMS if values.get(name)])
        base = f"{self.context.absolute_url()}/@@inbox"
        return f"{base}?{query}" if query else base

    def tabs(self):
        counts = self.inbox.counts(self.params)
        return [
            {"id": tab, "title": title, "count": counts[tab], "url": self.url(tab=tab),
             "active": tab == self.params.tab}
            for tab, title in TABS.items()
        ]

    def sort_link(self, sort_on):
        """{url, order} of a column heading: a click sorts by it, a second click reverses."""
        active = self.params.sort_on == sort_on
        if active:
            order = "ascending" if self.params.sort_order == "descending" else "descending"
        else:
            order = SORTS[sort_on]
        return {
            "url": self.url(sort_on=sort_on, sort_order=order),
            "aria": (self.params.sort_order if active else "none"),
            "arrow": ("▲" if self.params.sort_order == "ascending" else "▼") if active else "",
        }

    def reset_url(self):
        return self.url(portal_type=None, year=None, responsible_department=None)

    # -- content --------------------------------------------------------------

    def agency_title(self):
        return self.context.Title() if IAgency.providedBy(self.context) else ""

    def options(self):
        return self.inbox.options()

    def batch(self):
        return Batch(self.inbox.results(self.params), self.params.b_size,
                     start=self.params.b_start)

    def rows(self, batch):
        rows = []
        for number, brain in enumerate(batch, start=batch.start):
            row = self.inbox.row(brain)
            row["number"] = number
            row["deadline"] = format_date(row["due_date"])
            row["modified_date"] = format_date(row["modified"])
            row["handler_names"] = ", ".join(h["fullname"] for h in row["handlers"])
            rows.append(row)
        return rows

    def reminder_days(self):
        return self.inbox.reminder_days
