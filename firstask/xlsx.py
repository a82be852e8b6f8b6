"""XLSX workbooks that managers can read and print, written row by row with XlsxWriter.

XlsxWriter's ``constant_memory`` mode keeps one row in memory and streams the others to a
temporary file, so a year of a city's cases costs no more memory than a page of them. On
top of it this module sets what every firstask sheet needs: a title row and a period or
filter row above the header (``heading``), a bold header row that stays frozen on screen
and is repeated on every printed page, A4 landscape fitted to one page wide, real dates,
numbers and rates (``Percent``, stored as a fraction with a ``0.00%`` format), and column
widths fitted to the content.

Column widths. Excel measures a column in widths of the digit 0 of the default font; a CJK
character takes two. A column is as wide as the widest of its header (a tenth more: it is
bold) and its cells, plus ``PADDING``, at most ``MAX_WIDTH`` (longer free text is cut on
screen, not wrapped). A date-time counts as printed, "2026-12-03 14:12" (16), a date as
"2026-12-03" (10), a rate as "100.00%" (7), a number as printed with up to ten digits: these
are cheap to measure and measured in every row, because a column of dates may be empty at
the top (the 办结时间 of the newest cases) and must not show ### further down. Text is
measured in the first ``SAMPLE_ROWS`` rows only: measuring every string of 100,000 rows
would cost a good part of writing them, and a list's text columns hold values of one shape
(case numbers, codes, names), which its first rows show. The widths are set when the file
is closed: XlsxWriter writes them then, ahead of the rows it streamed to disk.

Text is always written as a string (``write_string``): a string cell is never a formula in
XLSX, so a name typed as ``=1+1`` or a phone number ``+86 …`` arrives as typed, without the
apostrophe that only CSV needs (see ``firstask.spreadsheets``).
"""

from __future__ import annotations

import datetime
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

import xlsxwriter

from .spreadsheets import Percent, cell_value, sheet_title

SAMPLE_ROWS = 500
PADDING = 2
MAX_WIDTH = 60
DATETIME_FORMAT, DATE_FORMAT, PERCENT_FORMAT = "yyyy-mm-dd hh:mm", "yyyy-mm-dd", "0.00%"
A4 = 9  # XlsxWriter's paper code
OPTIONS = {
    "constant_memory": True,
    # Only write_string/write_number/write_datetime are called, never write(); these keep a
    # stray write() from turning text into formulas, links or numbers all the same.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,
}
# Widths of values whose printed width does not depend on the value.
FIXED_WIDTHS = {
    datetime.datetime: len("2026-12-03 14:12"),
    datetime.date: len("2026-12-03"),
    Percent: len("100.00%"),
}


def display_width(text: str) -> int:
    """Columns the text takes in a spreadsheet: CJK (wide) characters count two."""
    lines = text.split("\n") if "\n" in text else (text,)
    if text.isascii():
        return max(map(len, lines))
    return max(
        sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)
        for line in lines
    )


class Workbook:
    """An XLSX file of one or more sheets; ``close`` writes it into ``target``."""

    def __init__(self, target: str | IO[bytes]):
        self.book = xlsxwriter.Workbook(target, OPTIONS)
        add = self.book.add_format
        self.formats = {
            "title": add({"bold": True, "font_size": 14}),
            "header": add({"bold": True, "bottom": 1, "bg_color": "#F2F2F2"}),
            datetime.datetime: add({"num_format": DATETIME_FORMAT}),
            datetime.date: add({"num_format": DATE_FORMAT}),
            Percent: add({"num_format": PERCENT_FORMAT}),
        }
        self.sheets: list[Sheet] = []

    def add_sheet(self, title: Any, headers: Sequence[Any], heading: Sequence[Any] = ()) -> Sheet:
        """A sheet named ``title`` (made valid and unique) with ``heading`` lines above the
        header row; fill it with ``write_row`` before adding the next one."""
        taken = {sheet.worksheet.name.lower() for sheet in self.sheets}
        name = sheet_title(title)
        while name.lower() in taken:  # Excel refuses two sheets of one name
            name = sheet_title(f"{name[:27]}_{len(taken) + 1}")
        sheet = Sheet(self, self.book.add_worksheet(name), headers, heading)
        self.sheets.append(sheet)
        return sheet

    def close(self) -> None:
        for sheet in self.sheets:
            sheet.fit_columns()
        self.book.close()


class Sheet:
    """One sheet of a ``Workbook``: heading lines, the header, then rows in order."""

    def __init__(
        self,
        workbook: Workbook,
        worksheet: Any,
        headers: Sequence[Any],
        heading: Sequence[Any],
    ) -> None:
        self.worksheet = worksheet
        self.formats = workbook.formats
        self.widths: dict[int, int] = {}  # by column number
        for row, line in enumerate(heading):
            if row == 0:
                worksheet.set_row(0, 22)  # room for the larger title font
            text = cell_value(line)
            if text:
                _write_text(worksheet, row, 0, text, self.formats["title"] if row == 0 else None)
        header_row = len(heading)
        for col, header in enumerate(headers):
            text = cell_value(header)
            if text:
                _write_text(worksheet, header_row, col, text, self.formats["header"])
            # Bold text runs about a tenth wider.
            self.widths[col] = display_width(text) * 11 // 10 if text else 0
        self.row = header_row + 1
        self.sample_end = self.row + SAMPLE_ROWS
        worksheet.freeze_panes(self.row, 0)
        worksheet.repeat_rows(header_row)
        worksheet.set_landscape()
        worksheet.set_paper(A4)
        worksheet.fit_to_pages(1, 0)
        worksheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        worksheet.set_footer("&C&P / &N")

    def write_row(self, values: Iterable[Any]) -> None:
        # The inner loop of every export: one type test per cell, methods bound once.
        row, sheet, formats, widths = self.row, self.worksheet, self.formats, self.widths
        write_number = sheet.write_number
        measure_text = row < self.sample_end
        for col, value in enumerate(values):
            value = cell_value(value)
            kind = type(value)
            if kind is str:
                if not value:
                    continue
                _write_text(sheet, row, col, value)
                if not measure_text:
                    continue
                width = display_width(value)
            elif kind is int or kind is float or kind is Decimal:
                write_number(row, col, value)
                width = len(f"{value:.10g}")
            elif kind is Percent:
                if value.value is None:  # nothing measured: an empty cell, not "—"
                    continue
                write_number(row, col, value.fraction, formats[Percent])
                width = FIXED_WIDTHS[Percent]
            elif kind is datetime.datetime or kind is datetime.date:
                sheet.write_datetime(row, col, value, formats[kind])
                width = FIXED_WIDTHS[kind]
            else:  # None: an empty cell
                continue
            if width > widths.get(col, 0):
                widths[col] = width
        self.row += 1

    def fit_columns(self) -> None:
        # XlsxWriter writes the column widths when the file is closed, after the rows.
        for col, width in self.widths.items():
            self.worksheet.set_column(col, col, min(width + PADDING, MAX_WIDTH))


def _write_text(sheet: Any, row: int, col: int, text: str, cell_format: Any = None) -> None:
    """Text as a string cell: never a formula, a link or a number, whatever it looks like."""
    if text[:3] == "<r>" and text[-4:] == "</r>":
        # In constant_memory mode XlsxWriter copies a string shaped like its own rich-text
        # markup into the file unescaped; written as three plain runs it is escaped.
        runs = [text[:1], text[1:2], text[2:]]
        sheet.write_rich_string(row, col, *runs, *([cell_format] if cell_format else []))
    else:
        sheet.write_string(row, col, text, cell_format)


class XlsxWriter:
    """A one-sheet workbook written row by row into ``target`` (a path or binary file)."""

    def __init__(
        self,
        target: str | IO[bytes],
        title: Any,
        headers: Sequence[Any],
        heading: Sequence[Any] = (),
    ):
        self.workbook = Workbook(target)
        self.sheet = self.workbook.add_sheet(title, headers, heading)

    def write_row(self, row: Iterable[Any]) -> None:
        self.sheet.write_row(row)

    def close(self) -> None:
        self.workbook.close()


def xlsx_bytes(
    title: Any,
    headers: Sequence[Any],
    rows: Iterable[Iterable[Any]],
    heading: Sequence[Any] = (),
) -> bytes:
    """A whole small workbook in memory."""
    buffer = io.BytesIO()
    writer = XlsxWriter(buffer, title, headers, heading)
    for row in rows:
        writer.write_row(row)
    writer.close()
    return buffer.getvalue()
