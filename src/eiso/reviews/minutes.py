"""The minutes of a management review as a Word file (``@@review-minutes.docx``).

The document is Office Open XML (WordprocessingML) written with the standard
library (zipfile): a heading, the meeting's data, the agenda,
then one part per department — its quality objectives (target, result, cause) and
the leader's conclusion — and the minutes the ISO secretary recorded. Any Word
processor (Word, LibreOffice, python-docx) opens it.
"""

from eiso import _
from eiso.content.agency import get_agency
from eiso.content.management_review import INPUTS
from eiso.content.management_review import IReviewReportSchema
from eiso.reviews.workflow import objective_rows
from eiso.utils import format_date
from plone import api
from xml.sax.saxutils import escape
from zope.i18n import translate

import io
import zipfile


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOCUMENT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body>
</w:document>"""

FONT = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'


def _run(text, bold=False, size=26):
    props = FONT + ("<w:b/>" if bold else "") + f'<w:sz w:val="{size}"/>'
    return (f'<w:r><w:rPr>{props}</w:rPr>'
            f'<w:t xml:space="preserve">{escape(str(text))}</w:t></w:r>')


def paragraph(text="", bold=False, size=26, align=None, label=None):
    """One paragraph; ``label`` (bold) before ``text``."""
    props = f'<w:jc w:val="{align}"/>' if align else ""
    runs = (_run(f"{label}: ", bold=True, size=size) if label else "") + _run(text, bold, size)
    return f"<w:p><w:pPr>{props}<w:spacing w:after=\"120\"/></w:pPr>{runs}</w:p>"


def table(header, rows):
    """A table with borders: a bold ``header`` row, then ``rows`` of texts."""
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"))

    def row(cells, bold=False):
        return "<w:tr>" + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>'
            f'{paragraph(cell, bold=bold, size=24)}</w:tc>' for cell in cells) + "</w:tr>"

    return (f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>{borders}'
            f'</w:tblBorders></w:tblPr>' + row(header, bold=True)
            + "".join(row(cells) for cells in rows) + "</w:tbl>" + paragraph())


def _lines(text):
    return [line for line in (text or "").splitlines() if line.strip()]


def minutes_body(review, request):
    """The document's paragraphs and tables (WordprocessingML)."""
    def t(message):
        return translate(message, domain="eiso", context=request)

    agency = get_agency(review)
    parts = [
        paragraph((agency.Title() if agency is not None else "").upper(), bold=True,
                  align="center"),
        paragraph(t(_("MINUTES OF THE MANAGEMENT REVIEW")), bold=True, size=30,
                  align="center"),
        paragraph(review.Title(), bold=True, align="center"),
        paragraph(getattr(review, "code", "") or "", label=t(_("Code"))),
        paragraph(format_date(review.meeting_date), label=t(_("Meeting date"))),
    ]
    if review.meeting_place:
        parts.append(paragraph(review.meeting_place, label=t(_("Meeting place"))))
    parts.append(paragraph(t(_("Agenda (inputs of the review, ISO 9001 9.3.2)")), bold=True))
    chosen = set(review.agenda or ())
    parts.extend(paragraph(t(term.title)) for term in INPUTS if term.value in chosen)
    for line in _lines(review.notes):
        parts.append(paragraph(line))

    reports = review.reports()
    workflow = api.portal.get_tool("portal_workflow")
    for department in review.departments or ():
        report = reports.get(department)
        if report is None:
            continue
        state = workflow.getTitleForStateOnType(
            api.content.get_state(report), report.portal_type)
        parts.append(paragraph(report.Title(), bold=True, size=28))
        parts.append(paragraph(translate(state, domain="plone", context=request),
                               label=t(_("State"))))
        rows = objective_rows(report)
        if rows:
            parts.append(table(
                ["#", t(_("Quality objective")), t(_("Target (%)")), t(_("Result (%)")),
                 t(_("Cause"))],
                [[str(number), *row] for number, row in enumerate(rows, start=1)]))
        for name in ("performance", "other_inputs"):
            for number, line in enumerate(_lines(getattr(report, name, None))):
                parts.append(paragraph(
                    line, label=t(IReviewReportSchema[name].title) if number == 0 else None))
        for name in ("conclusion", "direction", "responsibility", "completion_date",
                     "corrective_action"):
            value = getattr(report, name, None)
            if name == "completion_date":
                value = format_date(value)
            for number, line in enumerate(_lines(value)):
                parts.append(paragraph(
                    line, label=t(IReviewReportSchema[name].title) if number == 0 else None))

    parts.append(paragraph(t(_("Result of the review")), bold=True, size=28))
    for line in _lines(review.minutes):
        parts.append(paragraph(line))
    return "".join(parts)


def minutes_docx(review, request):
    """The minutes of ``review`` as the bytes of a .docx file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml",
                         DOCUMENT.format(body=minutes_body(review, request)))
    return buffer.getvalue()
