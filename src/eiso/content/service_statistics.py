"""One-stop-shop statistics (Số liệu giải quyết TTHC) of an agency for one month,
kept in ``thu-tuc`` (SPEC §10).

One item per agency and period (``year``, ``month``): a second item for the same
period is refused. Its ``rows`` hold one row per procedure field (lĩnh vực, the
``eiso.Fields`` vocabulary shared with legal texts and procedure guides): the files
received (tiếp nhận), resolved on time (đúng hạn), resolved late (trễ hạn) and still
pending (đang giải quyết) at the end of the month.

Rules (docs/statistics.md): every count is a whole number from 0 to 1,000,000; each
row names its field and a field appears once per month. Files carried over from the
previous month are not recorded, so resolved + pending may exceed received: no rule
ties them. The on-time rate is on time / (on time + late), None when nothing was
resolved; totals and rates are computed, never stored.
"""

from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from eiso import _
from eiso.content.fields import table
from eiso.content.fields import Year
from eiso.interfaces import ISection
from plone import api
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.app.content.interfaces import INameFromTitle
from plone.supermodel import model
from Acquisition import aq_inner
from Acquisition import aq_parent
from zope import schema
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


PORTAL_TYPE = "ServiceStatistics"
SECTION_ID = "thu-tuc"
MAX_COUNT = 1_000_000
COUNTS = ("received", "on_time", "late", "pending")
MONTHS = SimpleVocabulary(
    [SimpleTerm(month, str(month), str(month)) for month in range(1, 13)]
)


def count(title):
    return schema.Int(title=title, min=0, max=MAX_COUNT, default=0)


class IStatisticsRow(Interface):
    """One row of ``rows`` (the names are a contract: REST, import)."""

    field = schema.Choice(title=_("Field"), vocabulary="eiso.Fields")
    received = count(_("Received"))
    on_time = count(_("Resolved on time"))
    late = count(_("Resolved late"))
    pending = count(_("Pending"))


def on_time_rate(on_time, late):
    """Percentage of the files resolved on time (one decimal), None if none resolved."""
    resolved = (on_time or 0) + (late or 0)
    if not resolved:
        return None
    return round(100.0 * (on_time or 0) / resolved, 1)


def totals_of(rows):
    """{received, on_time, late, pending, rate} summed over ``rows``."""
    totals = {name: sum(int(row.get(name) or 0) for row in rows or ()) for name in COUNTS}
    totals["rate"] = on_time_rate(totals["on_time"], totals["late"])
    return totals


def check_rows(rows):
    """Messages (i18n) for the rows' problems, each naming its row (1-based)."""
    problems = []
    seen = {}
    for number, row in enumerate(rows or (), start=1):
        field = row.get("field")
        if not field:
            problems.append(_("Row ${row}: the field is missing.", mapping={"row": number}))
        elif field in seen:
            problems.append(_("Row ${row}: the field “${field}” is also on row ${other}.",
                              mapping={"row": number, "field": field, "other": seen[field]}))
        else:
            seen[field] = number
        for name in COUNTS:
            value = row.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
                problems.append(_(
                    "Row ${row}: “${column}” must be a whole number from 0 to 1,000,000.",
                    mapping={"row": number, "column": COLUMN_TITLES[name]}))
    return problems


def container_of(context):
    """The section holding (or about to hold) the item ``context`` is the form of."""
    if context is None:
        return None
    if ISection.providedBy(context):
        return context
    return aq_parent(aq_inner(context))


def period_taken(context, year, month):
    """The item for (year, month) in the section of ``context`` other than itself."""
    section = container_of(context)
    if section is None or not year or not month:
        return None
    for brain in api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        portal_type=PORTAL_TYPE, path="/".join(section.getPhysicalPath()), year=year
    ):
        if brain.getPath() == "/".join(context.getPhysicalPath()):
            continue
        if brain._unrestrictedGetObject().month == month:
            return brain
    return None


COLUMN_TITLES = {
    "received": "Tiếp nhận",
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "pending": "Đang giải quyết",
}


class IServiceStatisticsSchema(model.Schema):
    """Fields of the statistics of a month (the names are a contract)."""

    year = Year(title=_("Year"))
    month = schema.Choice(title=_("Month"), vocabulary=MONTHS)

    directives.widget("rows", DataGridFieldWidgetFactory)
    rows = table(
        _("Figures by field"), IStatisticsRow,
        _("One row per field of procedures: the files received, resolved on time, "
          "resolved late and still pending in the month."),
        row_title=_("Field figures"),
    )

    notes = schema.Text(title=_("Notes"), required=False)

    @invariant
    def rows_are_valid(data):
        problems = check_rows(getattr(data, "rows", None) or [])
        if problems:
            raise Invalid(problems[0])

    @invariant
    def period_is_free(data):
        context = getattr(data, "__context__", None)
        year = getattr(data, "year", None)
        month = getattr(data, "month", None)
        if context is not None and period_taken(context, year, month) is not None:
            raise Invalid(_(
                "The statistics of ${month}/${year} are already recorded: edit them instead.",
                mapping={"month": month, "year": year}))


@implementer(IServiceStatisticsSchema)
class ServiceStatistics(Item):
    """The one-stop-shop figures of an agency for one month."""

    def Title(self):
        if self.year and self.month:
            return f"Số liệu giải quyết TTHC tháng {self.month}/{self.year}"
        return "Số liệu giải quyết TTHC"

    def totals(self):
        return totals_of(self.rows)

    def field_rates(self):
        return [dict(row, rate=on_time_rate(row.get("on_time"), row.get("late")))
                for row in self.rows or ()]


@implementer(INameFromTitle)
@adapter(IServiceStatisticsSchema)
class NameFromPeriod:
    """A month's id is its period: …/thu-tuc/2025-03."""

    def __init__(self, context):
        self.context = context

    @property
    def title(self):
        if self.context.year and self.context.month:
            return f"{self.context.year}-{self.context.month:02d}"
        return "so-lieu"
