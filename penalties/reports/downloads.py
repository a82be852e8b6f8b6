"""The notice and the red and black list as XLSX (a sheet per table) and PDF (A4)."""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as PdfTable

from firstask.pdf_fonts import cjk_font_name
from firstask.spreadsheets import cell_value, sheet_title

from .tables import Table

DATE_FORMAT, DATETIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"


def xlsx(title: str, tables: list[Table]) -> bytes:
    """Chinese sheet names and headers, real dates, formulas neutralised: the cell rules of
    firstask.spreadsheets, in openpyxl's write-only mode because a report has several sheets
    (the streaming writer there writes one)."""
    workbook = Workbook(write_only=True)
    used = set()
    for table in tables:
        name = sheet_title(table.title)
        while name in used:  # Excel refuses two sheets of one name
            name = sheet_title(f"{name[:28]}_{len(used)}")
        used.add(name)
        sheet = workbook.create_sheet(name)
        bold = Font(bold=True)
        header = []
        for text in table.headers:
            cell = WriteOnlyCell(sheet, value=cell_value(text))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value):
    value = cell_value(value)
    if hasattr(value, "year"):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT if hasattr(value, "hour") else DATE_FORMAT
        return cell
    return value


def pdf(title: str, subtitle: str, tables: list[Table]) -> bytes:
    """An A4 PDF in the embedded CJK font (never a font the viewer must have)."""
    font = cjk_font_name()
    heading = ParagraphStyle("heading", fontName=font, fontSize=16, leading=22, alignment=1)
    sub = ParagraphStyle("sub", fontName=font, fontSize=10, leading=14, alignment=1)
    section = ParagraphStyle("section", fontName=font, fontSize=12, leading=18, spaceBefore=8)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=title,
    )
    story = [Paragraph(escape(title), heading), Paragraph(escape(subtitle), sub)]
    for table in tables:
        story.append(Paragraph(escape(table.title), section))
        if not table.rows:
            story.append(Paragraph(escape(_("None.")), cell))
            continue
        data = [[Paragraph(escape(str(h)), cell) for h in table.headers]] + [
            [Paragraph(escape("" if v is None else str(v)), cell) for v in row]
            for row in table.rows
        ]
        grid = PdfTable(data, repeatRows=1)
        grid.setStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
        story += [grid, Spacer(1, 4 * mm)]
    document.build(story)
    return buffer.getvalue()
