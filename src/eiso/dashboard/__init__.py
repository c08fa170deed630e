"""The agency home dashboard (SPEC §10): figures for the user viewing the agency.

:class:`Dashboard` returns plain dicts and lists, so it is tested without HTML;
``@@agency-dashboard`` (:mod:`eiso.dashboard.views`) shows them on the agency's
home page. Every search runs as the viewing user (the catalog's security
filter applies): a user counts only the cases and documents they may see.
Only catalog indexes and metadata are read, never an object.

Definitions (README "Trang chủ đơn vị"):

- *my inbox*: the cases waiting for me (``@@inbox``'s tab "Chưa xử lý", same
  query: :meth:`eiso.inbox.Inbox.query`); of them *overdue* (deadline before
  today) and *due soon* (deadline today or within ``eiso.reminder_days``
  working days, as the inbox's colours and the reminders);
- *overdue cases*: the agency's open cases whose deadline is before today;
- *documents due for review*: effective controlled documents whose review date
  is past or within ``REVIEW_NOTICE_DAYS`` working days (the document list's
  "Đến hạn rà soát"), and procedure guides flagged for review (a legal basis
  expired);
- *cases by state*: the agency's cases (types with the behavior
  ``eiso.assignment``) counted per workflow state title;
- *cases opened per month*: by creation date, the last 12 months;
- *on-time rate per month*: of the cases finished in the month (reached a final
  state: ``case_finished``), the share finished on time, that is with no step
  finished after its deadline (``case_late`` false; a step without a deadline
  is never late).
"""

from datetime import date
from datetime import timedelta
from DateTime import DateTime
from eiso import _
from eiso.documents.reviews import review_horizon
from eiso.inbox import case_types
from eiso.inbox import Inbox
from eiso.workingdays import add_working_days
from eiso.workingdays import as_date
from functools import cached_property


MONTHS = 12
OVERDUE_LIMIT = 10
STATE_LIMIT = 10  # bars of the chart by state, the last one "Other states" when more
DUE_LIMIT = 10
STATE_LIMIT = 10  # bars of the chart by state, the last one "Other states" when more


def today():
    return date.today()


def month_starts(day, count=MONTHS):
    """The first days of the ``count`` months up to ``day``'s, oldest first."""
    year, month = day.year, day.month
    starts = []
    for _i in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def next_month(start):
    return date(start.year + 1, 1, 1) if start.month == 12 else date(start.year, start.month + 1, 1)


def percent(part, whole):
    return round(100 * part / whole) if whole else None


def _bar_width(value, maximum):
    return round(100 * value / maximum, 1) if maximum else 0


class Dashboard:
    """The figures of ``agency`` for ``user_id`` (the current user: searches are restricted)."""

    def __init__(self, agency, user_id, request=None):
        self.agency = agency
        self.user_id = user_id
        self.inbox = Inbox(agency, user_id, request)
        self.catalog = self.inbox.catalog
        self.path = "/".join(agency.getPhysicalPath())
        self.url = agency.absolute_url()

    @cached_property
    def today(self):
        return today()

    @cached_property
    def case_types(self):
        return sorted(case_types())

    def search(self, query, **sort):
        return self.inbox.search(dict(query, path=self.path), **sort)

    def count(self, query):
        return len(self.search(query))

    # -- my inbox -----------------------------------------------------------------

    def due_soon_range(self):
        """(today, last deadline that is due soon), as the inbox's ``status`` counts."""
        # working_days_between(today, d) <= N  <=>  d before the (N+1)-th working day
        last = add_working_days(self.today, self.inbox.reminder_days + 1) - timedelta(days=1)
        return self.today, last

    def my_inbox(self):
        """{waiting, overdue, due_soon, reminder_days, url}: the cases waiting for me."""
        waiting = self.inbox.query("waiting")
        yesterday = self.today - timedelta(days=1)
        return {
            "waiting": self.count(waiting),
            "overdue": self.count(dict(waiting, due_date={"query": yesterday, "range": "max"})),
            "due_soon": self.count(dict(waiting, due_date={"query": self.due_soon_range(),
                                                          "range": "min:max"})),
            "reminder_days": self.inbox.reminder_days,
            "url": f"{self.url}/@@inbox",
        }

    # -- overdue cases -------------------------------------------------------------

    def overdue_query(self):
        return {
            "portal_type": self.case_types,
            "case_open": True,
            "due_date": {"query": self.today - timedelta(days=1), "range": "max"},
        }

    def overdue_brains(self):
        """The agency's overdue cases the user may see, most late first (lazy)."""
        return self.search(self.overdue_query(), sort_on="due_date", sort_order="ascending")

    def overdue_row(self, brain):
        row = self.inbox.row(brain)
        row["days_late"] = (self.today - row["due_date"]).days
        row["handler_names"] = ", ".join(h["fullname"] for h in row["handlers"])
        return row

    def overdue(self, limit=OVERDUE_LIMIT):
        """{count, rows (the ``limit`` most late), url}."""
        brains = self.overdue_brains()
        return {
            "count": len(brains),
            "rows": [self.overdue_row(brain) for brain in brains[:limit]],
            "url": f"{self.url}/@@overdue-cases",
        }

    # -- documents due for review --------------------------------------------------------

    def documents_due(self, limit=DUE_LIMIT):
        """{documents, documents_count, documents_url, guides, guides_count, guides_url}."""
        documents = self.search(
            {"portal_type": "ControlledDocument", "review_state": "effective",
             "review_date": {"query": review_horizon(self.today), "range": "max"}},
            sort_on="review_date", sort_order="ascending")
        guides = self.search({"portal_type": "ProcedureGuide", "needs_review": True},
                             sort_on="code", sort_order="ascending")
        document_rows = []
        for brain in documents[:limit]:
            review = as_date(brain.review_date)
            document_rows.append({
                "code": brain.code or "", "title": brain.Title, "url": brain.getURL(),
                "review_date": review, "overdue": review < self.today,
            })
        return {
            "documents": document_rows,
            "documents_count": len(documents),
            "documents_url": f"{self.url}/tai-lieu?show=review-due",
            "guides": [{"code": brain.code or "", "title": brain.Title, "url": brain.getURL()}
                       for brain in guides[:limit]],
            "guides_count": len(guides),
            "guides_url": f"{self.url}/thu-tuc?needs_review=1",
        }

    # -- charts -----------------------------------------------------------------------

    @cached_property
    def cases(self):
        """All the agency's cases the user may see (brains, metadata only)."""
        return self.search({"portal_type": self.case_types})

    def cases_by_state(self, limit=STATE_LIMIT):
        """{total, rows: [{title, count, width}]}: per state title, most cases first.

        Beyond ``limit`` titles, the smallest are summed up in a last row "Other states".
        """
        counts = {}
        for brain in self.cases:
            title = self.inbox.state_title(brain.portal_type, brain.review_state) \
                or brain.review_state or ""
            counts[title] = counts.get(title, 0) + 1
        rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if len(rows) > limit:
            others = sum(count for _title, count in rows[limit - 1:])
            rows = rows[:limit - 1] + [(self.inbox.translate(_("Other states")), others)]
        maximum = max((count for _title, count in rows), default=0)
        return {
            "total": sum(counts.values()),
            "rows": [{"title": title, "count": count, "width": _bar_width(count, maximum)}
                     for title, count in rows],
        }

    def _months(self):
        return [{"start": start, "label": start.strftime("%m/%Y")}
                for start in month_starts(self.today)]

    def opened_by_month(self):
        """[{label, count, width}] of the last 12 months, by the cases' creation date."""
        months = self._months()
        first = DateTime(months[0]["start"].isoformat())
        index = {(m["start"].year, m["start"].month): m for m in months}
        for month in months:
            month["count"] = 0
        brains = self.search({"portal_type": self.case_types,
                              "created": {"query": first, "range": "min"}})
        for brain in brains:
            created = brain.created
            month = index.get((created.year(), created.month()))
            if month is not None:
                month["count"] += 1
        maximum = max(m["count"] for m in months)
        for month in months:
            month["width"] = _bar_width(month["count"], maximum)
            del month["start"]
        return {"total": sum(m["count"] for m in months), "rows": months}

    def on_time_by_month(self):
        """[{label, finished, on_time, late, rate}] of the last 12 months (rate None: none finished)."""
        months = self._months()
        index = {(m["start"].year, m["start"].month): m for m in months}
        for month in months:
            month.update(finished=0, on_time=0, late=0)
        brains = self.search({"portal_type": self.case_types,
                              "case_finished": {"query": (months[0]["start"], self.today),
                                                "range": "min:max"}})
        for brain in brains:
            finished = brain.case_finished
            if not isinstance(finished, date):
                continue
            month = index.get((finished.year, finished.month))
            if month is None:
                continue
            month["finished"] += 1
            month["late" if brain.case_late else "on_time"] += 1
        for month in months:
            month["rate"] = percent(month["on_time"], month["finished"])
            del month["start"]
        finished = sum(m["finished"] for m in months)
        on_time = sum(m["on_time"] for m in months)
        return {"finished": finished, "on_time": on_time, "rate": percent(on_time, finished),
                "rows": months}

    def data(self):
        """Everything, as one dict (the REST-friendly form)."""
        return {
            "inbox": self.my_inbox(),
            "overdue": self.overdue(),
            "documents_due": self.documents_due(),
            "cases_by_state": self.cases_by_state(),
            "opened_by_month": self.opened_by_month(),
            "on_time_by_month": self.on_time_by_month(),
        }
