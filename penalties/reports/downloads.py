"""The notice and the red and black list as XLSX (a sheet per table); their PDFs are
notice_pdf (the notice as an official document) and posted_list (the red and black list)."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

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
