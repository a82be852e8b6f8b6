"""What a spreadsheet cell holds, and CSV files that open cleanly in Excel and WPS.

Every sheet firstask writes passes its values through ``cell_value``: control characters
dropped, dates real dates in the site's time zone (which Excel cannot store), yes/no in the
user's language, rates as ``Percent``. XLSX files are written by ``firstask.xlsx``. CSV
carries a byte-order mark so Excel on Chinese Windows does not read it as GBK, and its cells
that a spreadsheet would execute are neutralised: in CSV every cell is typed in, so ``=1+1``
would be a formula; in XLSX a string cell never is, and stays as it was.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

# A cell beginning with one of these is a formula to Excel, WPS and LibreOffice (OWASP
# "CSV injection"); tab and carriage return start one in some of them too.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Control characters are invalid in the XML of an XLSX file; NUL is also refused by PostgreSQL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Excel's limits on sheet names: 31 characters, none of these, no apostrophe at either end.
SHEET_NAME_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Percent:
    """A rate in percent (87.5 for 87.5 %), or None when there was nothing to measure.

    XLSX stores it as the number 0.875 formatted ``0.00%``, CSV as "87.50%", both as an
    empty cell when nothing was measured; pages and PDF print "87.50%" or "—".
    """

    value: Decimal | None

    def __str__(self) -> str:
        return "—" if self.value is None else f"{self.value}%"

    @property
    def fraction(self) -> Decimal | None:
        return None if self.value is None else Decimal(self.value) / 100


def clean_text(value: Any) -> str:
    """Text without the control characters that XLSX and PostgreSQL refuse."""
    text = value if type(value) is str else force_str(value)
    if CONTROL_CHARACTERS.search(text):
        text = CONTROL_CHARACTERS.sub("", text)
    return text


def csv_text(value: Any) -> str:
    """Text that a spreadsheet opening a CSV file shows as typed: formulas quoted."""
    text = clean_text(value)
    if text.startswith(FORMULA_PREFIXES):
        # A leading apostrophe is Excel's own "this is text" mark; it is not displayed.
        return "'" + text
    return text


def cell_value(value: Any) -> Any:
    """A Python value as a spreadsheet cell: real numbers, dates and rates, else text."""
    kind = type(value)
    if kind is str:
        return clean_text(value)
    if value is None or kind is int or kind is float or kind is Decimal or kind is Percent:
        return value
    if kind is bool:
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, datetime.date | int | float | Decimal):
        return value
    return clean_text(value)


def sheet_title(title: Any) -> str:
    name = SHEET_NAME_FORBIDDEN.sub(" ", force_str(title)).strip()[:31].strip("'").strip()
    return name or "Sheet1"


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
        if type(value) is str:
            return csv_text(value)
        if type(value) is Percent:  # nothing measured: an empty cell, as in XLSX
            return "" if value.value is None else str(value)
        if isinstance(value, datetime.datetime):
            return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)

    def write_row(self, row: Iterable[Any]) -> None:
        self.writer.writerow([self._text(value) for value in row])

    def close(self) -> None:
        """The caller owns the text stream; nothing is buffered here."""


def csv_bytes(headers: Sequence[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = CsvWriter(buffer, headers)
    for row in rows:
        writer.write_row(row)
    return buffer.getvalue().encode("utf-8")
