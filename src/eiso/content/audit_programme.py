"""Internal audit programme (Chương trình đánh giá nội bộ, ISO 9001 9.2) of an agency,
kept in its ``danh-gia`` section (SPEC §8, seed 002 §4).

A programme plans the internal audits of a year: its ``schedule`` is a table (list
of dicts, collective.z3cform.datagridfield) with one row per audit — the department
audited, the month, the auditors, the ISO clauses covered. Its page shows the
schedule as a calendar (departments × months T1…T12, :func:`calendar`).

The programme goes through ``eiso_approval_workflow``: the ISO secretary drafts and
submits, the leader approves, the programme is applied ("Áp dụng"). Applying one
supersedes the programme of the same agency and year applied before
(``supersede_scope``), never that of another year. See docs/audits.md.
"""

from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from eiso.content.fields import table
from dataclasses import dataclass
from eiso import _
from eiso.content.agency import get_agency
from eiso.content.fields import current_year
from eiso.content.fields import in_site_language
from eiso.content.fields import Year
from eiso.content.rows import CheckedRows
from eiso.content.rows import RowsError
from eiso.interfaces import IFullText
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.indexer import indexer
from plone.supermodel import model
from zope import schema
from zope.component import getUtility
from zope.globalrequest import getRequest
from zope.interface import implementer
from zope.interface import provider
from zope.interface import Interface
from zope.schema.interfaces import IVocabularyFactory


PORTAL_TYPE = "AuditProgramme"
ADD_PERMISSION = "eiso: Add AuditProgramme"
MONTHS = tuple(range(1, 13))

DEFAULT_CRITERIA = (
    "Tiêu chuẩn quốc gia TCVN ISO 9001:2015 (ISO 9001:2015)\n"
    "Các tài liệu của hệ thống quản lý chất lượng của cơ quan\n"
    "Các quy định của pháp luật liên quan đến hoạt động của cơ quan"
)


def audit_programme_title():
    return in_site_language(
        _("Internal audit programme ${year}", mapping={"year": current_year()}))


def default_criteria():
    return DEFAULT_CRITERIA


class ScheduleError(RowsError):
    """A row of the schedule is wrong; the message names the row."""


@provider(IVocabularyFactory)
def audited_departments(context):
    """``eiso.AuditedDepartments``: the ``eiso.AgencyDepartments`` of the programme's agency.

    The schedule's form rows bind their fields to the row (or to nothing), not to
    the programme or its section: then the agency is that of the object the form
    is published on (the section of the add form, the programme of the edit form).
    """
    factory = getUtility(IVocabularyFactory, "eiso.AgencyDepartments")
    if get_agency(context) is None:
        request = getRequest()
        published = request.get("PUBLISHED") if request is not None else None
        form_context = getattr(published, "context", None)
        if form_context is not None:
            context = form_context
    return factory(context)


class IAudit(Interface):
    """One row of the schedule: one audit of a department (the names are a contract)."""

    department = schema.Choice(
        title=_("Department audited"),
        vocabulary="eiso.AuditedDepartments",
    )
    month = schema.Int(title=_("Month"), description=_("From 1 to 12."))
    auditors = schema.TextLine(title=_("Auditors"), required=False)
    clauses = schema.TextLine(
        title=_("ISO clauses"),
        description=_("The clauses of ISO 9001:2015 covered, e.g. 7.5, 8.1, 8.2."),
        required=False,
    )
    note = schema.TextLine(title=_("Note"), required=False)


def schedule_problem(rows):
    """The first problem of the schedule's rows as a message, or None.

    Checked before the rows' own fields, so that a user reads which row is wrong and
    why in Vietnamese (form and REST), not the generic "wrong contained type".
    """
    seen = {}
    for number, row in enumerate(rows or (), start=1):
        if not isinstance(row, dict):
            continue  # the row's own validation refuses it
        department = row.get("department")
        month = row.get("month")
        if not department:
            return _("Schedule, row ${row}: choose the department audited.",
                     mapping={"row": number})
        if isinstance(month, str) and month.strip():
            try:
                month = int(month.strip())  # REST may send "5"
            except ValueError:
                pass
        if month is None or month == "" or (isinstance(month, str) and not month.strip()):
            return _("Schedule, row ${row}: enter the month of the audit (1 to 12).",
                     mapping={"row": number})
        if isinstance(month, bool) or not isinstance(month, int) or month not in MONTHS:
            return _("Schedule, row ${row}: the month must be from 1 to 12 "
                     "(you entered ${month}).", mapping={"row": number, "month": month})
        key = (department, month)
        if key in seen:
            return _("Schedule, row ${row}: this department is already audited in month "
                     "${month} (row ${other}).",
                     mapping={"row": number, "month": month, "other": seen[key]})
        seen[key] = number
    return None


class Schedule(CheckedRows):
    """A list of audits refused with a Vietnamese message naming the wrong row (in the
    form, on save and through REST: :mod:`eiso.content.rows`)."""

    error = ScheduleError
    problem = staticmethod(schedule_problem)


class IAuditProgrammeSchema(model.Schema):
    """Fields of an internal audit programme (SPEC §8)."""

    title = schema.TextLine(title=_("Title"), defaultFactory=audit_programme_title)

    year = Year(title=_("Year"))

    scope = schema.Text(
        title=_("Scope of the audits"),
        description=_("The departments, processes and activities the audits cover."),
        required=False,
    )

    criteria = schema.Text(
        title=_("Audit criteria"),
        description=_("What the audits check against: ISO 9001:2015, the documents of the "
                      "quality management system, the legal requirements… One per line."),
        required=False,
        defaultFactory=default_criteria,
    )

    directives.widget("schedule", DataGridFieldWidgetFactory)
    schedule = table(
        _("Audit schedule"), IAudit,
        _("One row per audit: the department, the month, the auditors and the "
          "ISO clauses covered. A department is audited at most once a month."),
        row_title=_("Audit"), field=Schedule,
    )


@implementer(IAuditProgrammeSchema, IFullText)
class AuditProgramme(Item):
    """The internal audit programme of a year; the applied one is in force."""

    def supersede_scope(self):
        """Applying a programme supersedes only the programme of the same year
        (eiso.cases.handover.supersede_previous)."""
        return self.year


@indexer(IAuditProgrammeSchema)
def programme_searchable_text(item):
    """The search finds a programme by its auditors, clauses and notes too."""
    from eiso.search.indexers import item_text

    rows = " ".join(
        part
        for row in item.schedule or []
        for part in (row.get("auditors"), row.get("clauses"), row.get("note"))
        if part
    )
    return " ".join(part for part in (item_text(item), rows) if part)


# The calendar (Lịch đánh giá theo tháng)


@dataclass(frozen=True)
class Cell:
    month: int
    audits: tuple  # the rows of the schedule for this department and month

    @property
    def marked(self):
        return bool(self.audits)


@dataclass(frozen=True)
class CalendarRow:
    department: str  # id
    title: str
    cells: tuple  # Cell per month 1…12


def calendar(schedule, departments):
    """The schedule as a table: one row per department (``departments``: [(id, title)]
    in the organisation's order), one cell per month. Departments of the schedule that
    are no longer in the organisation come last, under their id."""
    known = [department_id for department_id, title in departments]
    titles = dict(departments)
    extra = []
    for row in schedule or ():
        department_id = row.get("department")
        if department_id and department_id not in titles and department_id not in extra:
            extra.append(department_id)
    result = []
    for department_id in known + extra:
        cells = tuple(
            Cell(month, tuple(row for row in schedule or ()
                              if row.get("department") == department_id
                              and row.get("month") == month))
            for month in MONTHS
        )
        result.append(CalendarRow(department_id, titles.get(department_id, department_id),
                                  cells))
    return result


def by_month(schedule):
    """[(month, [rows])] of the months that have audits, in order."""
    months = {}
    for row in schedule or ():
        if row.get("month") in MONTHS:
            months.setdefault(row["month"], []).append(row)
    return sorted(months.items())
