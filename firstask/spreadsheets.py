"""Writing spreadsheets that open cleanly in Excel and WPS, row by row in constant memory.

Every sheet firstask writes goes through here: cells that a spreadsheet would execute are
neutralised, dates stay real dates (in the site's time zone, which Excel cannot store), and
CSV carries a byte-order mark so Excel on Chinese Windows does not read it as GBK.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

# A cell beginning with one of these is a formula to Excel, WPS and LibreOffice (OWASP
# "CSV injection"); tab and carriage return start one in some of them too.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Control characters are invalid in the XML of an XLSX file; NUL is also refused by PostgreSQL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Excel's limits on sheet names: 31 characters, none of these.
SHEET_NAME_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")

DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def is_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def safe_text(value: Any) -> str:
    """Text that a spreadsheet shows as typed: control characters dropped, formulas quoted."""
    text = CONTROL_CHARACTERS.sub("", force_str(value))
    if is_formula(text):
        # A leading apostrophe is Excel's own "this is text" mark; it is not displayed.
        return "'" + text
    return text


def cell_value(value: Any) -> Any:
    """A Python value as a spreadsheet cell: real numbers and dates, everything else text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, Promise):
        value = str(value)
    return safe_text(value)


def sheet_title(title: Any) -> str:
    return SHEET_NAME_FORBIDDEN.sub(" ", force_str(title)).strip()[:31] or "Sheet1"


class XlsxWriter:
    """A one-sheet XLSX workbook written row by row (openpyxl's write-only mode)."""

    def __init__(self, title: Any, headers: Sequence[Any]):
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(sheet_title(title))
        bold = Font(bold=True)
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(self.sheet, value=cell_value(header))
            cell.font = bold
            header_cells.append(cell)
        self.sheet.append(header_cells)
        self.sheet.freeze_panes = "A2"

    def _cell(self, value: Any) -> Any:
        value = cell_value(value)
        if isinstance(value, datetime.datetime):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = DATETIME_FORMAT
            return cell
        if isinstance(value, datetime.date):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        return value

    def write_row(self, row: Iterable[Any]) -> None:
        self.sheet.append([self._cell(value) for value in row])

    def save(self, target: str | IO[bytes]) -> None:
        self.workbook.save(target)


class CsvWriter:
    """UTF-8 CSV with a byte-order mark, formulas neutralised, dates as ISO text."""

    def __init__(self, target: IO[str], headers: Sequence[Any]):
        target.write("\ufeff")
        self.writer = csv.writer(target)
        self.writer.writerow([self._text(header) for header in headers])

    @staticmethod
    def _text(value: Any) -> str:
        value = cell_value(value)
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)

    def write_row(self, row: Iterable[Any]) -> None:
        self.writer.writerow([self._text(value) for value in row])


def xlsx_bytes(title: Any, headers: Sequence[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    """A whole small workbook in memory (reports of a few hundred rows)."""
    writer = XlsxWriter(title, headers)
    for row in rows:
        writer.write_row(row)
    buffer = io.BytesIO()
    writer.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers: Sequence[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = CsvWriter(buffer, headers)
    for row in rows:
        writer.write_row(row)
    return buffer.getvalue().encode("utf-8")
