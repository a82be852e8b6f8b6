"""Reading an uploaded XLSX or CSV file into the rows of an import; a file that cannot be
read is refused with a message naming the problem, in the user's language.

What a cell holds
-----------------
XLSX: the value stored in the cell. A *string* cell is text whatever it begins with
(``+86 138…``, ``-``, ``@``, ``=``): Excel and WPS store what was typed, and no spreadsheet
runs a string cell. Only a cell whose type is *formula* is one; it arrives here as a
``FormulaCell`` and the import refuses it, naming its column (its cached result may be
stale, and an import wants the value itself).

CSV: the text as typed. firstask's CSV export puts an apostrophe before a cell beginning
with ``= + - @`` (or a tab or carriage return), which a spreadsheet would run
(``firstask.spreadsheets``); exactly that apostrophe is removed here, so that an
exported file imports back unchanged. Anything else, ``+86 138…`` included, is kept as
typed: a CSV cell is only text until a spreadsheet opens it, text is what we store, and an
export neutralises it again. The same apostrophe is removed from XLSX string cells, where
exports written before the XLSX writer stopped adding it show it. The one value this
changes is one typed on purpose as an apostrophe followed by ``= + - @``: it cannot be
told apart from our neutralisation, and such data does not occur in these tables.

Encodings (CSV): a UTF-8 byte-order mark means UTF-8; otherwise valid UTF-8 is UTF-8;
otherwise GB18030 (a superset of GBK and GB2312, which Excel and WPS on Chinese Windows
write by default) when charset-normalizer finds that the text reads as GB18030; anything
else is refused, naming what it looks like.

Limits: reading stops, refusing the file, at the first data row past ``IMPORT_MAX_ROWS``;
an XLSX file that would unpack to more than ``IMPORT_MAX_BYTES`` is refused from the sizes
its zip directory declares, before the workbook is opened (``zipfile`` never unpacks more
than the declared size), and a worksheet without a declared size is not read to its end to
find one.

Header row: an export may have a title and a period row above the header. The header is
the row, among the first ``HEADER_SEARCH_ROWS``, that names the most of the table's
columns (without any, the first row that is not blank). Blank rows are skipped; each data
row keeps its row number in the file for the messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from typing import Any

import tablib
from django.conf import settings
from django.utils.translation import gettext as _

from firstask.spreadsheets import FORMULA_PREFIXES

HEADER_SEARCH_ROWS = 10
# Wider than any table imported here; cells further right are not read.
MAX_COLUMNS = 200


class FileRefused(Exception):
    """A file the import cannot read; the message says why, to the person who uploaded it."""


class FormulaCell(str):
    """The text (``=…``) of an XLSX formula cell, which the import refuses."""


class SheetData(tablib.Dataset):
    """The data rows of an uploaded sheet under its header, with their row numbers in the file."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.line_numbers: list[int] = []


def max_import_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def max_import_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def too_many_rows() -> str:
    return _(
        "The file has more than %(limit)s rows; at most %(limit)s can be imported at once. "
        "Split it into smaller files."
    ) % {"limit": max_import_rows()}


def restore_neutralised(text: str) -> str:
    """``text`` without the apostrophe an export put before a cell a spreadsheet would run."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def header_position(rows: Sequence[Sequence[Any]], known_headers: frozenset[str]) -> int | None:
    """Which of a sheet's first rows is its header (see the module's doc)."""
    best, best_count = None, 0
    for position, row in enumerate(rows):
        count = sum(1 for value in row if cell_text(value) in known_headers)
        if count > best_count:
            best, best_count = position, count
    if best is not None:
        return best
    return next((p for p, row in enumerate(rows) if any(cell_text(v) for v in row)), None)


def header_names(row: Sequence[Any]) -> list[str]:
    names = [cell_text(value) for value in row]
    while names and not names[-1]:
        names.pop()
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise FileRefused(
                _("The column “%(column)s” appears twice: keep one of them.") % {"column": name}
            )
        seen.add(name)
    return names


def sheet_data(
    top: list[Sequence[Any]],
    rest: Callable[[int], Iterable[Sequence[Any]]],
    known_headers: frozenset[str],
) -> SheetData:
    """The data rows under the header: ``top`` holds the file's first rows, ``rest(width)``
    gives the rows after them (``width`` cells are read). Stops at the first row past the
    limit."""
    at = header_position(top, known_headers)
    if at is None:
        raise FileRefused(_("The file is empty."))
    headers = header_names(top[at])
    width, limit = len(headers), max_import_rows()
    rows, numbers = [], []
    below = enumerate(top[at + 1 :], start=at + 2)
    for number, row in chain(below, enumerate(rest(width), start=len(top) + 1)):
        values = list(row[:width])
        if all(value is None or value == "" for value in values):
            continue  # Excel keeps formatted empty rows; a blank line separates nothing
        if len(rows) == limit:
            raise FileRefused(too_many_rows())
        rows.append(values + [None] * (width - len(values)))
        numbers.append(number)
    # Built whole: tablib checks every row appended one by one, which took longer than
    # reading them.
    data = SheetData(*rows, headers=headers)
    data.line_numbers = numbers
    return data
