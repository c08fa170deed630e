"""The report as an Excel workbook (openpyxl) and as a PDF (weasyprint).

The PDF is the print template rendered by weasyprint with nothing fetched: no base
URL, the CSS inline, and a URL fetcher that refuses every address — a report must
not make the server call out (nor read its files) while it renders.
"""

from eiso import _
from eiso.reporting.report import COUNT
from eiso.reporting.report import RATE
from eiso.reporting.report import SCORE
from io import BytesIO
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def workbook(report, title):
    """The report's tables one under the other on one sheet, figures as numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = report.t(_("ISO report"))[:31]  # Excel's longest sheet name
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([report.period_text()])
    width = 1
    for table in report.tables():
        sheet.append([])
        sheet.append([table["title"]])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        sheet.append([report.t(_("Agency"))] + table["columns"])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table["rows"]:
            sheet.append([row["title"]] + [cell_value(*cell) for cell in row["cells"]])
            for number, (_value, _text, kind) in enumerate(row["cells"], start=2):
                if kind == RATE:
                    sheet.cell(row=sheet.max_row, column=number).number_format = "0.0"
                if row["total"]:
                    sheet.cell(row=sheet.max_row, column=number).font = Font(bold=True)
            if row["total"]:
                sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        width = max(width, len(table["columns"]) + 1)
    sheet.column_dimensions["A"].width = 40
    for number in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(number)].width = 16
    data = BytesIO()
    book.save(data)
    return data.getvalue()


def cell_value(value, text, kind):
    """Numbers stay numbers (rates in %); a missing figure is a dash; a grade its title."""
    if value is None:
        return "—"
    if kind in (COUNT, RATE, SCORE):
        return value
    return text


class FetchRefused(ValueError):
    pass


def pdf(html):
    """The PDF of ``html`` (a complete page with its CSS inline)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class RefuseEveryURL(URLFetcher):
        """Nothing outside the rendered HTML is ever read: http(s), file, data…"""

        def fetch(self, url, headers=None):
            raise FetchRefused(f"eiso reports fetch nothing: {url}")

    return HTML(string=html, base_url=None, url_fetcher=RefuseEveryURL()).write_pdf()
