"""Import monthly one-stop-shop statistics from a CSV or XLSX file into ``thu-tuc``.

Columns (English or Vietnamese headers): year, month, field, received, on_time,
late, pending. The rows of one (year, month) make one ``ServiceStatistics`` item.
Every row is checked first; when one has a problem nothing is created and each
problem is reported with its line number. A period already recorded in the section
is refused (edit the item instead): the import never overwrites figures.
"""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from eiso import _
from eiso.content.fields import create_content
from eiso.content.service_statistics import COUNTS
from eiso.content.service_statistics import MAX_COUNT
from eiso.content.service_statistics import period_taken
from eiso.content.service_statistics import PORTAL_TYPE
from eiso.legal.importer import _choice
from eiso.legal.importer import _vocabulary
from eiso.legal.importer import ImportFileError
from eiso.legal.importer import normalize
from eiso.legal.importer import read_table
from eiso.legal.importer import RowError


# (field, Vietnamese header) in the order of the template.
COLUMNS = (
    ("year", "Năm"),
    ("month", "Tháng"),
    ("field", "Lĩnh vực"),
    ("received", "Tiếp nhận"),
    ("on_time", "Đúng hạn"),
    ("late", "Trễ hạn"),
    ("pending", "Đang giải quyết"),
)
HEADERS = dict(COLUMNS)
ALIASES = {
    "số tiếp nhận": "received",
    "giải quyết đúng hạn": "on_time",
    "giải quyết trễ hạn": "late",
    "quá hạn": "late",
    "đang xử lý": "pending",
}
IGNORED_HEADERS = {"stt", "tt", "ghi chú"}
MAX_ROWS = 2000


@dataclass
class ImportResult:
    created: list = dataclass_field(default_factory=list)
    errors: list = dataclass_field(default_factory=list)


def map_headers(row_number, cells):
    known = {}
    for name, header in COLUMNS:
        known[name] = name
        known[normalize(header).casefold()] = name
    known.update(ALIASES)
    columns = {}
    unknown = []
    for index, cell in enumerate(cells):
        header = normalize(str(cell or "")).casefold()
        if not header or header in IGNORED_HEADERS:
            continue
        name = known.get(header)
        if name is None:
            unknown.append(str(cell))
        elif name in columns.values():
            raise ImportFileError(_("Row ${row}: the column “${column}” appears twice.",
                                    mapping={"row": row_number, "column": HEADERS[name]}))
        else:
            columns[index] = name
    if unknown:
        raise ImportFileError(
            _("Row ${row}: unknown columns ${columns}. The columns are: ${expected}.",
              mapping={"row": row_number,
                       "columns": ", ".join(f"“{header}”" for header in unknown),
                       "expected": ", ".join(header for name, header in COLUMNS)}))
    missing = [HEADERS[name] for name, header in COLUMNS if name not in columns.values()]
    if missing:
        raise ImportFileError(
            _("Row ${row} must hold the column headers; missing: ${columns}.",
              mapping={"row": row_number, "columns": ", ".join(missing)}))
    return columns


def whole_number(value):
    """An int from a cell (text or number); ValueError if not a whole number."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        return int(value)
    text = normalize(str(value))
    if not text.lstrip("-").isdigit():
        raise ValueError(text)
    return int(text)


def check(container, table):
    """({(year, month): [rows]}, errors) for ``table`` as ``read_table`` gives it."""
    if not table:
        raise ImportFileError(_("The file is empty."))
    header_row, header_cells = table[0]
    columns = map_headers(header_row, header_cells)
    rows = table[1:]
    if not rows:
        raise ImportFileError(_("The file has no rows of figures under its headers."))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("The file has more than ${count} rows: split it.",
                                mapping={"count": MAX_ROWS}))
    fields = _vocabulary("eiso.Fields", container)
    periods = {}
    seen = {}  # (year, month, field) → line
    errors = []

    def error(row, name, message):
        errors.append(RowError(row, HEADERS.get(name, ""), message))

    for line, cells in rows:
        raw = {name: cells[index] if index < len(cells) else "" for index, name in columns.items()}
        values = {}
        for name, low, high in (("year", 2000, 2100), ("month", 1, 12)):
            try:
                value = whole_number(raw[name])
            except ValueError:
                error(line, name, _("“${value}” is not a whole number.",
                                    mapping={"value": str(raw[name])}))
                continue
            if not low <= value <= high:
                error(line, name, _("The value must be from ${low} to ${high}.",
                                    mapping={"low": low, "high": high}))
                continue
            values[name] = value
        field = normalize(str(raw["field"] or ""))
        if not field:
            error(line, "field", _("The field is missing."))
        elif _choice(field, fields) is None:
            error(line, "field", _("The field “${field}” is not in the list of fields.",
                                   mapping={"field": field}))
        else:
            values["field"] = _choice(field, fields)
        for name in COUNTS:
            cell = raw[name]
            if cell in ("", None):
                values[name] = 0
                continue
            try:
                value = whole_number(cell)
            except ValueError:
                error(line, name, _("“${value}” is not a whole number.",
                                    mapping={"value": str(cell)}))
                continue
            if not 0 <= value <= MAX_COUNT:
                error(line, name, _("The value must be from ${low} to ${high}.",
                                    mapping={"low": 0, "high": "1.000.000"}))
                continue
            values[name] = value
        if "year" in values and "month" in values:
            period = (values["year"], values["month"])
            if "field" in values:
                key = period + (values["field"],)
                if key in seen:
                    error(line, "field", _(
                        "The field “${field}” of ${month}/${year} is also on row ${row}.",
                        mapping={"field": values["field"], "month": period[1],
                                 "year": period[0], "row": seen[key]}))
                else:
                    seen[key] = line
            if period not in periods and period_taken(container, *period) is not None:
                error(line, "month", _(
                    "The statistics of ${month}/${year} are already recorded: edit them instead.",
                    mapping={"month": period[1], "year": period[0]}))
            periods.setdefault(period, []).append(
                {name: values.get(name) for name in ("field",) + COUNTS})
    errors.sort(key=lambda e: e.row)
    return periods, errors


def create(container, periods):
    return [
        create_content(container, PORTAL_TYPE, name=f"{year}-{month:02d}",
                       year=year, month=month, rows=rows)
        for (year, month), rows in sorted(periods.items())
    ]


def import_table(container, table):
    periods, errors = check(container, table)
    if errors:
        return ImportResult(errors=errors)
    return ImportResult(created=create(container, periods))


def import_file(container, filename, data):
    """Check every row, then create the month's items, all or none."""
    return import_table(container, read_table(filename, data))


def template_workbook(container):
    """The import template: the Vietnamese header row and one example row per field
    of the settings (this year's January, figures to overwrite)."""
    from io import BytesIO
    from openpyxl import Workbook
    from openpyxl.styles import Font

    import datetime

    book = Workbook()
    sheet = book.active
    sheet.title = "Số liệu TTHC"
    sheet.append([header for name, header in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    year = datetime.date.today().year
    for field in _vocabulary("eiso.Fields", container)[:3] or [""]:
        sheet.append([year, 1, field, 0, 0, 0, 0])
    for letter, width in zip("ABCDEFG", (8, 8, 36, 12, 12, 12, 18)):
        sheet.column_dimensions[letter].width = width
    output = BytesIO()
    book.save(output)
    return output.getvalue()
