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
from django.utils.translation import gettext as _

from .xlsx import StreamingXlsx

# A cell beginning with one of these is a formula to Excel, WPS and LibreOffice (OWASP
# "CSV injection"); tab and carriage return start one in some of them too.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Control characters are invalid in the XML of an XLSX file; NUL is also refused by PostgreSQL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Excel's limits on sheet names: 31 characters, none of these.
SHEET_NAME_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def is_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def safe_text(value: Any) -> str:
    """Text that a spreadsheet shows as typed: control characters dropped, formulas quoted."""
    text = value if type(value) is str else force_str(value)
    if CONTROL_CHARACTERS.search(text):
        text = CONTROL_CHARACTERS.sub("", text)
    if text.startswith(FORMULA_PREFIXES):
        # A leading apostrophe is Excel's own "this is text" mark; it is not displayed.
        return "'" + text
    return text


def cell_value(value: Any) -> Any:
    """A Python value as a spreadsheet cell: real numbers and dates, everything else text."""
    kind = type(value)
    if kind is str:
        return safe_text(value)
    if value is None or kind is int or kind is float or kind is Decimal:
        return value
    if kind is bool:
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, datetime.date | int | float | Decimal):
        return value
    return safe_text(value)


def sheet_title(title: Any) -> str:
    return SHEET_NAME_FORBIDDEN.sub(" ", force_str(title)).strip()[:31] or "Sheet1"


class XlsxWriter:
    """A one-sheet XLSX workbook written row by row into ``target`` (a path or binary file)."""

    def __init__(self, target: str | IO[bytes], title: Any, headers: Sequence[Any]):
        self.file = StreamingXlsx(target, sheet_title(title))
        self.file.write_header([cell_value(header) for header in headers])

    def write_row(self, row: Iterable[Any]) -> None:
        self.file.write_row([cell_value(value) for value in row])

    def close(self) -> None:
        self.file.close()


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

    def close(self) -> None:
        """The caller owns the text stream; nothing is buffered here."""


def xlsx_bytes(title: Any, headers: Sequence[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    """A whole small workbook in memory (reports of a few hundred rows)."""
    buffer = io.BytesIO()
    writer = XlsxWriter(buffer, title, headers)
    for row in rows:
        writer.write_row(row)
    writer.close()
    return buffer.getvalue()


def csv_bytes(headers: Sequence[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = CsvWriter(buffer, headers)
    for row in rows:
        writer.write_row(row)
    return buffer.getvalue().encode("utf-8")
