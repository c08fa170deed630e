"""The ISO inbox (Kiểm soát hoạt động ISO): one user's cases, read from the catalog.

Tabs (SPEC §4): ``waiting`` (Chưa xử lý: the case waits for me), ``following``
(Đã xử lý, theo dõi: I acted on it, it still moves and does not wait for me),
``done`` (Hoàn thành: I took part in it and it is finished). The page
``@@inbox`` and the REST service ``@inbox`` both go through :class:`Inbox`.

Rows are built from catalog brains and their metadata only: a list of hundreds
of cases never wakes an object. User names and department titles are looked up
once per request, whatever the number of rows.
"""

from dataclasses import dataclass
from datetime import date
from eiso import _
from eiso.workingdays import as_date
from eiso.workingdays import calendar
from functools import cached_property
from plone import api
from ZTUtils.Lazy import LazyCat
from zope.i18n import translate


TABS = {
    "waiting": _("Waiting for me"),
    "following": _("Handled, following"),
    "done": _("Finished"),
}
# Sort index → its natural order, used when no order is asked for.
SORTS = {
    "due_date": "ascending",
    "code": "ascending",
    "sortable_title": "ascending",
    "modified": "descending",
    "created": "descending",
}
ORDERS = ("ascending", "descending")
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
STATUS_TITLES = {
    "overdue": _("Overdue"),
    "due_soon": _("Due soon"),
    "on_time": _("On time"),
    "none": "",
}


def today():
    return date.today()


class InboxError(ValueError):
    """A bad parameter; ``message`` is a translatable message."""

    def __init__(self, message, field):
        super().__init__(message)
        self.message = message
        self.field = field


def _text(form, name, default=""):
    value = form.get(name) or default
    if not isinstance(value, str):
        raise InboxError(_("${name} must be given once.", mapping={"name": name}), name)
    return value


def _integer(form, name, default):
    value = form.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InboxError(_("${name} must be a whole number.", mapping={"name": name}), name)


@dataclass(frozen=True)
class InboxParams:
    """What to list: a tab, filters, an order and a page."""

    tab: str = "waiting"
    portal_type: str = ""
    year: int = None
    responsible_department: str = ""
    sort_on: str = "due_date"
    sort_order: str = "ascending"
    b_start: int = 0
    b_size: int = PAGE_SIZE

    @classmethod
    def from_form(cls, form):
        """Read request parameters; raise InboxError on a bad one."""
        tab = _text(form, "tab", "waiting")
        if tab not in TABS:
            raise InboxError(_("There is no tab “${tab}”.", mapping={"tab": tab}), "tab")
        sort_on = _text(form, "sort_on", "due_date")
        if sort_on not in SORTS:
            raise InboxError(_("Cases cannot be sorted by “${sort_on}”.",
                               mapping={"sort_on": sort_on}), "sort_on")
        sort_order = _text(form, "sort_order", SORTS[sort_on])
        if sort_order == "reverse":
            sort_order = "descending"
        if sort_order not in ORDERS:
            raise InboxError(_("The order must be “ascending” or “descending”."), "sort_order")
        portal_type = _text(form, "portal_type")
        if portal_type and portal_type not in case_types():
            raise InboxError(_("“${type}” is not a type of case.", mapping={"type": portal_type}),
                             "portal_type")
        return cls(
            tab=tab,
            portal_type=portal_type,
            year=_integer(form, "year", None),
            responsible_department=_text(form, "responsible_department"),
            sort_on=sort_on,
            sort_order=sort_order,
            b_start=max(_integer(form, "b_start", 0), 0),
            b_size=min(max(_integer(form, "b_size", PAGE_SIZE), 1), MAX_PAGE_SIZE),
        )

    @property
    def filtered(self):
        return bool(self.portal_type or self.year or self.responsible_department)


def case_types():
    """{portal_type: FTI} of the types with the behavior ``eiso.assignment``."""
    return {
        fti.getId(): fti
        for fti in api.portal.get_tool("portal_types").listTypeInfo()
        if "eiso.assignment" in (getattr(fti, "behaviors", None) or ())
    }


class Inbox:
    """The cases of ``user_id`` under ``context`` (the site root: all; an agency: its own).

    Queries run as the current user: the catalog's security filter applies.
    """

    def __init__(self, context, user_id, request=None):
        self.context = context
        self.user_id = user_id
        self.request = request if request is not None else getattr(context, "REQUEST", None)
        self.catalog = api.portal.get_tool("portal_catalog")
        self.site_depth = len(api.portal.get().getPhysicalPath())
        # The whole site needs no path query (the costliest index at 50,000 items).
        path = context.getPhysicalPath()
        self.scope = {"path": "/".join(path)} if len(path) > self.site_depth else {}
        self._searches = {}
        self._translations = {}
        self._fullnames = {}
        self._type_titles = {}
        self._state_titles = {}

    def translate(self, message, domain="eiso"):
        if not message:
            return ""
        key = (message, getattr(message, "domain", None) or domain,
               repr(getattr(message, "mapping", None)))
        if key not in self._translations:
            self._translations[key] = translate(message, domain=domain, context=self.request)
        return self._translations[key]

    # -- queries ------------------------------------------------------------

    def query(self, tab, params=None):
        params = params or InboxParams()
        me = self.user_id
        query = dict(self.scope)
        if tab == "waiting":
            query.update(responsible_users=me, case_open=True)
        elif tab == "following":
            query.update(case_participants=me, case_open=True, responsible_users={"not": [me]})
        else:
            query.update(case_participants=me, case_open=False)
        if params.portal_type:
            query["portal_type"] = params.portal_type
        if params.year:
            query["year"] = params.year
        if params.responsible_department:
            query["responsible_department"] = params.responsible_department
        return query

    def search(self, query, **sort):
        """Catalog results (lazy), each query run once per request."""
        key = repr(sorted({**query, **sort}.items()))
        if key not in self._searches:
            self._searches[key] = self.catalog(query, show_inactive=self.show_inactive, **sort)
        return self._searches[key]

    @cached_property
    def show_inactive(self):
        """Asked once for all the queries of a request, not by each."""
        return self.catalog.allow_inactive({})

    def counts(self, params=None):
        """{tab: number of cases}, with the filters of ``params``."""
        return {tab: len(self.search(self.query(tab, params))) for tab in TABS}

    def results(self, params):
        """The brains of ``params.tab``, sorted, lazily (only a page is ever loaded)."""
        query = self.query(params.tab, params)
        sort = {"sort_on": params.sort_on, "sort_order": params.sort_order}
        if params.sort_on != "due_date":
            return self.search(query, **sort)
        # The catalog leaves out of a sort the items without a value (a draft
        # without a deadline, every finished case), yet may count them in the
        # result's actual_result_count: they come after the others, counted once.
        total = len(self.search(query))
        dated = self.search(query, **sort)
        if len(dated) == total:
            return dated
        latest = {"sort_on": "modified", "sort_order": "descending"}
        if not len(dated):
            return self.search(query, **latest)
        undated = self.search(dict(query, UID={"not": [brain.UID for brain in dated]}), **latest)
        return LazyCat([dated, undated], length=total, actual_result_count=total)

    # -- rows -----------------------------------------------------------------

    def fullname(self, user_id):
        if user_id not in self._fullnames:
            user = api.user.get(userid=user_id)
            self._fullnames[user_id] = (user.getProperty("fullname") if user else "") or user_id
        return self._fullnames[user_id]

    def agency_path(self, path):
        return "/".join(path.split("/")[: self.site_depth + 1])

    @cached_property
    def departments(self):
        """{(agency path, department id): title} of the departments the user may see."""
        return {
            (self.agency_path(brain.getPath()), brain.getId): brain.Title
            for brain in self.search({"portal_type": "Department", **self.scope})
        }

    def type_title(self, portal_type):
        if portal_type not in self._type_titles:
            fti = api.portal.get_tool("portal_types").get(portal_type)
            self._type_titles[portal_type] = self.translate(fti.Title()) if fti else portal_type
        return self._type_titles[portal_type]

    def state_title(self, portal_type, state):
        key = (portal_type, state)
        if key not in self._state_titles:
            workflow = api.portal.get_tool("portal_workflow")
            title = workflow.getTitleForStateOnType(state, portal_type) if state else ""
            self._state_titles[key] = self.translate(title, domain="plone")
        return self._state_titles[key]

    def status(self, is_open, deadline):
        """overdue, due_soon (within ``eiso.reminder_days`` working days), on_time or none."""
        if not is_open or deadline is None:
            return "none"
        if deadline < self.today:
            return "overdue"
        if self.calendar.working_days_between(self.today, deadline) <= self.reminder_days:
            return "due_soon"
        return "on_time"

    @cached_property
    def today(self):
        return today()

    @cached_property
    def calendar(self):
        return calendar()

    @cached_property
    def reminder_days(self):
        return api.portal.get_registry_record("eiso.reminder_days", default=2)

    def row(self, brain):
        number, _sep, step_title = (brain.case_step or "").partition("|")
        deadline = as_date(brain.due_date) if isinstance(brain.due_date, date) else None
        department_id = brain.responsible_department or None
        department = None
        if department_id:
            title = self.departments.get((self.agency_path(brain.getPath()), department_id))
            department = {"id": department_id, "title": title or department_id}
        status = self.status(brain.case_open, deadline)
        step_title = self.translate(step_title)
        return {
            "uid": brain.UID,
            "url": brain.getURL(),
            "code": brain.code or "",
            "title": brain.Title,
            "portal_type": brain.portal_type,
            "type_title": self.type_title(brain.portal_type),
            "review_state": brain.review_state,
            "review_state_title": self.state_title(brain.portal_type, brain.review_state),
            "step_number": int(number) if number.isdigit() else None,
            "step_title": step_title,
            "step": self.translate(_("Step ${number}: ${title}",
                                     mapping={"number": number, "title": step_title}))
            if number else "",
            "handlers": [{"id": u, "fullname": self.fullname(u)}
                         for u in brain.responsible_users or ()],
            "department": department,
            "due_date": deadline,
            "status": status,
            "status_title": self.translate(STATUS_TITLES[status]),
            "modified": brain.modified,
        }

    # -- filter options ------------------------------------------------------

    def options(self):
        """What the filters offer: case types, years and departments."""
        types = sorted(
            ({"id": name, "title": self.type_title(name)} for name in case_types()),
            key=lambda item: item["title"].lower(),
        )
        years = sorted((y for y in self.catalog.uniqueValuesFor("year") if y), reverse=True)
        titles = {}
        for (_agency, department_id), title in self.departments.items():
            titles.setdefault(department_id, set()).add(title)
        departments = sorted(
            ({"id": key, "title": " / ".join(sorted(value))} for key, value in titles.items()),
            key=lambda item: item["title"].lower(),
        )
        return {"types": types, "years": years, "departments": departments}
