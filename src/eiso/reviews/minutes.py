"""The minutes of a management review as a Word file (``@@review-minutes.docx``).

Written with python-docx: a heading, the meeting's data, the agenda, then one part
per department — its quality objectives (target, result, cause) and the leader's
conclusion — and the minutes the ISO secretary recorded. A4 paper with the margins
of Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP), Times New Roman 13.
"""

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from docx.shared import Pt
from eiso import _
from eiso.content.agency import get_agency
from eiso.content.management_review import INPUTS
from eiso.content.management_review import IReviewReportSchema
from eiso.reviews.workflow import objective_rows
from eiso.utils import format_date
from plone import api
from zope.i18n import translate

import io


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"


def new_document():
    """An empty A4 document: Times New Roman 13, margins 20/15/20/30 mm."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    # East Asian and complex scripts fall back to the theme's font otherwise.
    style.element.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cs", FONT)
    style.paragraph_format.space_after = Pt(6)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    return document


def paragraph(document, text="", bold=False, size=None, center=False, label=None):
    """One paragraph; ``label`` (bold) before ``text``."""
    item = document.add_paragraph()
    if center:
        item.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if label:
        item.add_run(f"{label}: ").bold = True
    run = item.add_run(str(text))
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return item


def table(document, header, rows):
    """A table with borders: a bold ``header`` row, then ``rows`` of texts."""
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header):
        cell.paragraphs[0].add_run(str(text)).bold = True
    for cells in rows:
        for cell, text in zip(grid.add_row().cells, cells):
            cell.paragraphs[0].add_run(str(text))
    document.add_paragraph()
    return grid


def _lines(text):
    return [line for line in (text or "").splitlines() if line.strip()]


def write_minutes(document, review, request):
    """Add the minutes of ``review`` to ``document``."""
    def t(message):
        return translate(message, domain="eiso", context=request)

    agency = get_agency(review)
    paragraph(document, (agency.Title() if agency is not None else "").upper(), bold=True,
              center=True)
    paragraph(document, t(_("MINUTES OF THE MANAGEMENT REVIEW")), bold=True, size=15,
              center=True)
    paragraph(document, review.Title(), bold=True, center=True)
    paragraph(document, getattr(review, "code", "") or "", label=t(_("Code")))
    paragraph(document, format_date(review.meeting_date), label=t(_("Meeting date")))
    if review.meeting_place:
        paragraph(document, review.meeting_place, label=t(_("Meeting place")))
    paragraph(document, t(_("Agenda (inputs of the review, ISO 9001 9.3.2)")), bold=True)
    chosen = set(review.agenda or ())
    for term in INPUTS:
        if term.value in chosen:
            paragraph(document, t(term.title))
    for line in _lines(review.notes):
        paragraph(document, line)

    reports = review.reports()
    workflow = api.portal.get_tool("portal_workflow")
    for department in review.departments or ():
        report = reports.get(department)
        if report is None:
            continue
        state = workflow.getTitleForStateOnType(
            api.content.get_state(report), report.portal_type)
        paragraph(document, report.Title(), bold=True, size=14)
        paragraph(document, translate(state, domain="plone", context=request),
                  label=t(_("State")))
        rows = objective_rows(report)
        if rows:
            table(document,
                  ["#", t(_("Quality objective")), t(_("Target (%)")), t(_("Result (%)")),
                   t(_("Cause"))],
                  [[str(number), *row] for number, row in enumerate(rows, start=1)])
        for name in ("performance", "other_inputs", "conclusion", "direction",
                     "responsibility", "completion_date", "corrective_action"):
            value = getattr(report, name, None)
            if name == "completion_date":
                value = format_date(value)
            for number, line in enumerate(_lines(value)):
                paragraph(document, line,
                          label=t(IReviewReportSchema[name].title) if number == 0 else None)

    paragraph(document, t(_("Result of the review")), bold=True, size=14)
    for line in _lines(review.minutes):
        paragraph(document, line)


def minutes_docx(review, request):
    """The minutes of ``review`` as the bytes of a .docx file."""
    document = new_document()
    document.core_properties.title = review.Title()
    document.core_properties.language = "vi"
    write_minutes(document, review, request)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
