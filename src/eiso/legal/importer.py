"""Import a list of legal documents from a CSV or XLSX file into a ``van-ban`` section.

The first row holds the column headers (Vietnamese, see ``COLUMNS``); each further
row is a text. Every row is checked first; when one has a problem nothing is
created and each problem is reported with its row, its column and what is wrong.
Otherwise every text is created, then the relations are set (numbers found in the
file or already in the register) and the texts they amend or replace change state
(:mod:`eiso.legal.relations`), all in the request's one transaction.
"""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from eiso import _
from eiso.content.agency import get_agency
from eiso.content.legal_document import create_legal_document
from eiso.content.legal_document import ILegalDocumentSchema
from eiso.content.legal_document import PORTAL_TYPE
from io import BytesIO
from plone import api
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.event import notify
from zope.intid.interfaces import IIntIds
from zope.lifecycleevent import Attributes
from zope.lifecycleevent import ObjectModifiedEvent
from zope.schema.interfaces import IVocabularyFactory

import csv
import datetime
import os
import re
import unicodedata


# (field, header) in the order of the template.
COLUMNS = (
    ("number", "Số ký hiệu"),
    ("summary", "Tên/Trích yếu"),
    ("legal_kind", "Loại văn bản"),
    ("issuer", "Cơ quan ban hành"),
    ("signed_date", "Ngày ban hành"),
    ("effective_date", "Ngày hiệu lực"),
    ("field", "Lĩnh vực"),
    ("amends", "Sửa đổi (số ký hiệu)"),
    ("replaces", "Thay thế (số ký hiệu)"),
)
HEADERS = dict(COLUMNS)
REQUIRED_COLUMNS = ("number", "legal_kind")
# Other spellings of the headers people type.
ALIASES = {
    "số hiệu": "number",
    "số, ký hiệu": "number",
    "trích yếu": "summary",
    "tên văn bản": "summary",
    "tên": "summary",
    "loại": "legal_kind",
    "ngày ký": "signed_date",
    "sửa đổi": "amends",
    "sửa đổi, bổ sung": "amends",
    "thay thế": "replaces",
}
IGNORED_HEADERS = {"stt", "tt", "số thứ tự", "ghi chú"}
EXTENSIONS = (".csv", ".xlsx")
MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_ROWS = 5000
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
REFERENCE_SEPARATORS = re.compile(r"[;,\n]+")


class ImportFileError(Exception):
    """The file as a whole cannot be read (its message is a msgid)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class RowError:
    row: int
    column: str  # the header as in the template, "" for the whole row
    message: object  # an i18n message


@dataclass
class Record:
    row: int
    values: dict = dataclass_field(default_factory=dict)
    amends: list = dataclass_field(default_factory=list)  # numbers
    replaces: list = dataclass_field(default_factory=list)


@dataclass
class ImportResult:
    created: list = dataclass_field(default_factory=list)
    errors: list = dataclass_field(default_factory=list)


def normalize(text):
    """NFC (Excel on Windows may give decomposed accents), single spaces, stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def number_key(number):
    """Numbers compare without regard to case and spaces: "19/2014/qđ-ttg" = "19/2014/QĐ-TTg"."""
    return "".join(normalize(number).split()).casefold()


# --- reading ---------------------------------------------------------------

def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value
    return normalize(str(value))


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The CSV file is not encoded in UTF-8: save it as “CSV UTF-8”."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [[_cell_text(cell) for cell in row] for row in csv.reader(text.splitlines(), delimiter=delimiter)]


def _read_xlsx(data):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportFileError(_("The file cannot be read as an Excel workbook (.xlsx)."))
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(filename, data):
    """[(row number, [cells])] of the file's non-empty rows; cells are text or dates."""
    extension = os.path.splitext(filename or "")[1].lower()
    if extension not in EXTENSIONS:
        raise ImportFileError(_("Choose a CSV (.csv) or Excel (.xlsx) file."))
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_FILE_SIZE:
        raise ImportFileError(
            _("The file is larger than ${size} MB.", mapping={"size": MAX_FILE_SIZE // 1024 // 1024})
        )
    rows = _read_xlsx(data) if extension == ".xlsx" else _read_csv(data)
    return [
        (number, cells)
        for number, cells in enumerate(rows, start=1)
        if any(cell not in ("", None) for cell in cells)
    ]


def map_headers(row_number, cells):
    """{column index: field}; a file-level error for unknown or missing headers."""
    known = {normalize(header).casefold(): name for name, header in COLUMNS}
    known.update(ALIASES)
    columns = {}
    unknown = []
    for index, cell in enumerate(cells):
        header = normalize(cell if isinstance(cell, str) else str(cell)).casefold()
        if not header or header in IGNORED_HEADERS:
            continue
        name = known.get(header)
        if name is None:
            unknown.append(cell)
        elif name in columns.values():
            raise ImportFileError(
                _("Row ${row}: the column “${column}” appears twice.",
                  mapping={"row": row_number, "column": HEADERS[name]})
            )
        else:
            columns[index] = name
    if unknown:
        raise ImportFileError(
            _("Row ${row}: unknown columns ${columns}. The columns are: ${expected}.",
              mapping={"row": row_number,
                       "columns": ", ".join(f"“{header}”" for header in unknown),
                       "expected": ", ".join(header for name, header in COLUMNS)})
        )
    missing = [HEADERS[name] for name in REQUIRED_COLUMNS if name not in columns.values()]
    if missing:
        raise ImportFileError(
            _("Row ${row} must hold the column headers; missing: ${columns}.",
              mapping={"row": row_number, "columns": ", ".join(missing)})
        )
    return columns


# --- checking --------------------------------------------------------------

def parse_date(value):
    """A date from an Excel date or dd/mm/yyyy text; None if empty; ValueError if bad."""
    if value in ("", None):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise ValueError(text)


def _choice(value, allowed):
    """The configured spelling of ``value`` (compared without case), else None."""
    by_key = {item.casefold(): item for item in allowed}
    return by_key.get(normalize(value).casefold())


def _vocabulary(name, context):
    return [term.value for term in getUtility(IVocabularyFactory, name)(context)]


def register_numbers(container):
    """{number key: brain} of the texts in the agency's register (that the user sees)."""
    agency = get_agency(container) or container
    brains = api.portal.get_tool("portal_catalog")(
        portal_type=PORTAL_TYPE, path="/".join(agency.getPhysicalPath())
    )
    return {number_key(brain.code): brain for brain in brains if brain.code}


def check(container, table):
    """(records, errors) for the rows of ``table`` (as :func:`read_table` gives it)."""
    if not table:
        raise ImportFileError(_("The file is empty."))
    header_row, header_cells = table[0]
    columns = map_headers(header_row, header_cells)
    rows = table[1:]
    if not rows:
        raise ImportFileError(_("The file has no rows of legal documents under its headers."))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than ${count} rows: split it.", mapping={"count": MAX_ROWS})
        )
    kinds = _vocabulary("eiso.LegalKinds", container)
    fields = _vocabulary("eiso.Fields", container)
    in_register = register_numbers(container)
    records = []
    errors = []
    in_file = {}  # number key → row

    def error(row, name, message):
        errors.append(RowError(row, HEADERS.get(name, ""), message))

    for row_number, cells in rows:
        raw = {name: cells[index] if index < len(cells) else "" for index, name in columns.items()}
        record = Record(row_number)
        text = raw

        number = text.get("number")
        number = normalize(str(number)) if number not in ("", None) else ""
        if not number:
            error(row_number, "number", _("The number and symbol is missing."))
        else:
            key = number_key(number)
            if key in in_file:
                error(row_number, "number", _(
                    "The number ${number} is also on row ${row}.",
                    mapping={"number": number, "row": in_file[key]}))
            elif key in in_register:
                error(row_number, "number", _(
                    "The number ${number} is already in the register.", mapping={"number": number}))
            else:
                in_file[key] = row_number
            record.values["number"] = number

        kind = text.get("legal_kind") or ""
        kind = normalize(str(kind)) if kind else ""
        if not kind:
            error(row_number, "legal_kind", _("The kind of text is missing."))
        elif _choice(kind, kinds) is None:
            error(row_number, "legal_kind", _(
                "The kind “${kind}” is not in the list of kinds: ${kinds}.",
                mapping={"kind": kind, "kinds": ", ".join(kinds)}))
        else:
            record.values["legal_kind"] = _choice(kind, kinds)

        for name in ("summary", "issuer"):
            value = text.get(name)
            if value not in ("", None):
                record.values[name] = value if isinstance(value, str) else str(value)

        for name in ("signed_date", "effective_date"):
            try:
                record.values[name] = parse_date(text.get(name))
            except ValueError as bad:
                error(row_number, name, _(
                    "“${value}” is not a date: write it as dd/mm/yyyy, e.g. 20/04/2014.",
                    mapping={"value": str(bad)}))
        signed = record.values.get("signed_date")
        effective = record.values.get("effective_date")
        if signed and effective and effective < signed:
            error(row_number, "effective_date",
                  _("The effective date cannot be earlier than the date signed."))

        field_value = text.get("field")
        if field_value not in ("", None):
            choice = _choice(str(field_value), fields)
            if choice is None:
                error(row_number, "field", _(
                    "The field “${field}” is not in the list of fields.",
                    mapping={"field": field_value}))
            else:
                record.values["field"] = choice

        for name in ("amends", "replaces"):
            value = text.get(name)
            references = [
                normalize(part) for part in REFERENCE_SEPARATORS.split(str(value or "")) if part.strip()
            ]
            setattr(record, name, references)
        records.append(record)

    # References may point to any row of the file, before or after.
    for record in records:
        own = number_key(record.values.get("number") or "")
        for name in ("amends", "replaces"):
            for reference in getattr(record, name):
                key = number_key(reference)
                if key == own:
                    error(record.row, name, _(
                        "A legal document cannot amend or replace itself."))
                elif key not in in_file and key not in in_register:
                    error(record.row, name, _(
                        "No legal document numbered ${number} in the file or in the register.",
                        mapping={"number": reference}))
    errors.sort(key=lambda e: e.row)
    return records, errors


# --- creating --------------------------------------------------------------

def create(container, records):
    """Create the texts, then set their relations (their targets change state)."""
    created = {}
    for record in records:
        item = create_legal_document(container, **record.values)
        created[number_key(record.values["number"])] = item
    in_register = register_numbers(container)
    intids = getUtility(IIntIds)

    def resolve(number):
        key = number_key(number)
        if key in created:
            return created[key]
        return in_register[key].getObject()

    for record in records:
        changed = []
        item = created[number_key(record.values["number"])]
        for name in ("amends", "replaces"):
            numbers = getattr(record, name)
            if numbers:
                setattr(item, name, [RelationValue(intids.getId(resolve(n))) for n in numbers])
                changed.append(name)
        if changed:
            # Updates the relation catalog and the targets' states.
            notify(ObjectModifiedEvent(item, Attributes(ILegalDocumentSchema, *changed)))
            item.reindexObject()
    return list(created.values())


def import_file(container, filename, data):
    """Check every row, then create all texts or none."""
    records, errors = check(container, read_table(filename, data))
    if errors:
        return ImportResult(errors=errors)
    return ImportResult(created=create(container, records))
