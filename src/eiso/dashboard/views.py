"""``@@agency-dashboard`` (the figures on the agency's home page) and ``@@overdue-cases``."""

from eiso.dashboard import Dashboard
from eiso.utils import format_date
from plone import api
from plone.batching import Batch
from Products.Five.browser import BrowserView


PAGE_SIZE = 30


class DashboardView(BrowserView):
    """Included by ``agency_home.pt``; empty for anonymous users (they have no inbox)."""

    def __call__(self):
        if api.user.is_anonymous():
            return ""
        self.dashboard = Dashboard(self.context, api.user.get_current().getId(), self.request)
        self.figures = self.dashboard.data()
        return self.index()

    def format_date(self, value):
        return format_date(value)


class OverdueCasesView(BrowserView):
    """All the agency's overdue cases the user may see, most late first, by pages."""

    def __call__(self):
        self.dashboard = Dashboard(self.context, api.user.get_current().getId(), self.request)
        return self.index()

    def batch(self):
        try:
            start = max(int(self.request.form.get("b_start", 0)), 0)
        except (TypeError, ValueError):
            start = 0
        return Batch(self.dashboard.overdue_brains(), PAGE_SIZE, start=start)

    def rows(self, batch):
        rows = []
        for number, brain in enumerate(batch, start=batch.start + 1):
            row = self.dashboard.overdue_row(brain)
            row["number"] = number
            row["deadline"] = format_date(row["due_date"])
            rows.append(row)
        return rows
