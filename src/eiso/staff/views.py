"""Views of staff profiles: a profile with its tables and files, the ``nhan-su``
listing with its filters, and its Excel export. Every list comes from the
catalog as the viewer may see it: the workflow and the profile's local roles
decide, no view decides by itself."""

from eiso import _
from eiso.browser.file_import import table_workbook
from eiso.browser.file_import import XLSX
from eiso.browser.listing import addable_types
from eiso.browser.listing import FilteredSectionListing
from eiso.browser.records import RecordFileView
from eiso.content.agency import get_agency
from eiso.content.staff_profile import PORTAL_TYPE
from eiso.content.staff_profile import SECTION_ID
from eiso.utils import format_date
from plone import api
from plone.memoize.instance import memoize
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zope.i18n import translate


def department_titles(context):
    agency = get_agency(context)
    if agency is None:
        return {}
    brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        portal_type="Department", path="/".join(agency.getPhysicalPath()))
    return {brain.getId: brain.Title for brain in brains}


def qualification_text(row):
    """"Thạc sĩ Quản lý công (Học viện Hành chính, 2015)"."""
    extra = ", ".join(str(v) for v in (row.get("issuer"), row.get("year")) if v)
    return f"{row.get('name') or ''} ({extra})" if extra else (row.get("name") or "")


def latest(rows):
    """The most recent of the rows (by year; the last one given when no year)."""
    rows = [row for row in rows or () if row.get("name")]
    if not rows:
        return None
    return max(enumerate(rows), key=lambda item: (item[1].get("year") or 0, item[0]))[1]


class StaffProfileView(BrowserView):
    def t(self, message):
        return translate(message, domain="eiso", context=self.request)

    def details(self):
        context = self.context
        departments = department_titles(context)
        return [(label, value) for label, value in (
            (_("Account"), context.user_id),
            (_("Birth date"), format_date(context.birth_date)),
            (_("Position"), context.position),
            (_("Department"), departments.get(context.department, context.department)),
            (_("Phone"), context.phone),
            (_("E-mail"), context.email),
        ) if value not in (None, "")]

    def degrees(self):
        return list(self.context.degrees or ())

    def certificates(self):
        return list(self.context.certificates or ())

    def appointments(self):
        return [dict(row, decision_date=format_date(row.get("decision_date")))
                for row in self.context.appointments or ()]

    def files(self):
        base = self.context.absolute_url()
        return [{"name": f.filename or f"{index + 1}", "url": f"{base}/@@staff-file/{index}"}
                for index, f in enumerate(self.context.files or ())]


class StaffFileView(RecordFileView):
    """``profile/@@staff-file/<n>``: the n-th scan of a profile (View on the profile)."""


class StaffListing(FilteredSectionListing, BrowserView):
    """``nhan-su``: the profiles the viewer may see, 20 a page, with filters
    (department, position, text)."""

    section_id = SECTION_ID
    filters = ("department", "position", "text")
    page_size = 20

    def t(self, message):
        return translate(message, domain="eiso", context=self.request)

    def query(self):
        query = {"portal_type": PORTAL_TYPE, "sort_on": "sortable_title",
                 "path": {"query": "/".join(self.context.getPhysicalPath()), "depth": 1}}
        if self.params["department"]:
            query["department"] = self.params["department"]
        if self.params["position"]:
            query["staff_position"] = self.params["position"]
        if self.params["text"]:
            query["SearchableText"] = self.params["text"]
        return query

    def items(self):
        return api.portal.get_tool("portal_catalog")(**self.query())

    @memoize
    def departments(self):
        return department_titles(self.context)

    def row(self, number, brain):
        profile = brain.getObject()
        degree = latest(profile.degrees)
        return {
            "number": number,
            "title": brain.Title,
            "url": brain.getURL(),
            "position": brain.staff_position or "",
            "department": self.departments().get(brain.department, brain.department or ""),
            "degrees": len(profile.degrees or ()),
            "latest_degree": qualification_text(degree) if degree else "",
            "certificates": "; ".join(
                qualification_text(row) for row in profile.certificates or () if row.get("name")),
        }

    def rows(self):
        batch = self.batch()
        return [self.row(number, brain) for number, brain in enumerate(batch, start=batch.start)]

    def department_options(self):
        return sorted(self.departments().items(), key=lambda item: item[1])

    def position_options(self):
        catalog = api.portal.get_tool("portal_catalog")
        return sorted({brain.staff_position for brain in catalog(
            portal_type=PORTAL_TYPE, path="/".join(self.context.getPhysicalPath()))
            if brain.staff_position})

    def addable_types(self):
        return addable_types(self.context)

    def export_url(self):
        return self.url().replace(self.context.absolute_url(),
                                  f"{self.context.absolute_url()}/@@staff-profiles.xlsx", 1)


EXPORT_COLUMNS = (
    (_("No."), "number"),
    (_("Full name"), "title"),
    (_("Position"), "position"),
    (_("Department"), "department"),
    (_("Number of degrees"), "degrees"),
    (_("Latest degree"), "latest_degree"),
    (_("Certificates"), "certificates"),
)


class StaffExport(StaffListing):
    """``nhan-su/@@staff-profiles.xlsx``: every profile the filters select and the
    viewer may see, one row each."""

    def __call__(self):
        if self.context.getId() != self.section_id:
            raise NotFound(self.context, self.__name__, self.request)
        self.params = self._params()
        data = self.workbook()
        response = self.request.response
        response.setHeader("Content-Type", XLSX)
        response.setHeader("Content-Disposition", 'attachment; filename="ho-so-can-bo.xlsx"')
        response.setHeader("Content-Length", str(len(data)))
        return data

    def workbook(self):
        return table_workbook(
            self.t(_("Staff profiles")),
            [self.t(header) for header, key in EXPORT_COLUMNS],
            ([row[key] for header, key in EXPORT_COLUMNS] for row in self.export_rows()))

    def export_rows(self):
        for number, brain in enumerate(self.items(), start=1):
            yield self.row(number, brain)
