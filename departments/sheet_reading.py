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
(``firstask.spreadsheets.safe_text``); exactly that apostrophe is removed here, so that an
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
an XLSX file whose parts would unpack to more than ``IMPORT_MAX_BYTES`` each is refused
from the sizes its zip directory declares, before the workbook is opened (``zipfile`` never
unpacks more than the declared size).

Header row: an export may have a title and a period row above the header. The header is
the row, among the first ``HEADER_SEARCH_ROWS``, that names the most of the table's
columns (without any, the first row that is not blank). Blank rows are skipped; each data
row keeps its row number in the file for the messages.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import IO, Any

import charset_normalizer
import openpyxl
import tablib
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from firstask.spreadsheets import FORMULA_PREFIXES

HEADER_SEARCH_ROWS = 10
# Wider than any table imported here; cells further right are not read.
MAX_COLUMNS = 200
# How much of a CSV file, from its first line with a non-ASCII byte, charset-normalizer sees.
ENCODING_SAMPLE_BYTES = 64 * 1024
# Chinese text decodes, as nonsense, in several other multi-byte encodings, and short samples
# often score as well in Korean or Japanese as in GB18030: GB18030 is taken unless another
# encoding reads the sample with clearly less "mess" (charset-normalizer's chaos, 0 to 1).
GB18030_MARGIN = 0.1
CHUNK_BYTES = 64 * 1024
NON_ASCII = re.compile(rb"[\x80-\xff]")
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GBK/GB18030"}


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


# --- the rows under the header ------------------------------------------------------------
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
    data = SheetData(headers=headers)
    below = enumerate(top[at + 1 :], start=at + 2)
    for number, row in chain(below, enumerate(rest(width), start=len(top) + 1)):
        values = list(row[:width])
        if all(value is None or value == "" for value in values):
            continue  # Excel keeps formatted empty rows; a blank line separates nothing
        if len(data) == limit:
            raise FileRefused(too_many_rows())
        data.append(values + [None] * (width - len(values)))
        data.line_numbers.append(number)
    return data


# --- CSV ----------------------------------------------------------------------------------
def read_csv(stream: IO[bytes], known_headers: frozenset[str] = frozenset()) -> SheetData:
    encoding = csv_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        records = csv_records(text, encoding)
        top = list(islice(records, HEADER_SEARCH_ROWS))
        return sheet_data(top, lambda width: records, known_headers)
    finally:
        text.detach()  # the stream is the caller's


def csv_records(text: IO[str], encoding: str) -> Iterator[list[str]]:
    number = 0
    try:
        for record in csv.reader(text):
            number += 1
            yield [restore_neutralised(value) for value in record]
    except UnicodeDecodeError:
        raise FileRefused(
            _(
                "Around row %(row)s the file stops being %(encoding)s text like the rows "
                "before it: save the whole file again in one encoding (CSV UTF-8)."
            )
            % {"row": number + 1, "encoding": ENCODING_NAMES[encoding]}
        ) from None
    except csv.Error:
        raise FileRefused(
            _("Row %(row)s is not valid CSV (a quotation mark without its pair?).")
            % {"row": number + 1}
        ) from None


def csv_encoding(stream: IO[bytes]) -> str:
    """The encoding of a CSV file (see the module's doc); the stream is left at its start."""
    start = stream.read(4)
    stream.seek(0)
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise unreadable_text("UTF-16")
    sample = non_ascii_sample(stream)
    stream.seek(0)
    if not sample or is_utf8(sample):
        return "utf-8"
    gb18030, guess = reads_as_gb18030(sample)
    if gb18030:
        return "gb18030"
    raise unreadable_text(guess)


def non_ascii_sample(stream: IO[bytes]) -> bytes:
    """Whole lines of ``stream`` from the first one with a non-ASCII byte, about
    ``ENCODING_SAMPLE_BYTES`` of them; empty when the rows an import reads are plain ASCII."""
    lines_left = max_import_rows() + HEADER_SEARCH_ROWS + 1
    line_start = b""
    while chunk := stream.read(CHUNK_BYTES):
        found = NON_ASCII.search(chunk)
        if found is None:
            lines_left -= chunk.count(b"\n")
            if lines_left < 0:
                return b""
            line_start = chunk[chunk.rfind(b"\n") + 1 :]
            continue
        start = chunk.rfind(b"\n", 0, found.start()) + 1
        sample = (line_start if start == 0 else b"") + chunk[start:]
        sample += stream.read(max(0, ENCODING_SAMPLE_BYTES - len(sample)))
        end = sample.rfind(b"\n")
        return sample[: end + 1] if end > 0 else sample
    return b""


def is_utf8(sample: bytes) -> bool:
    try:
        # Not final: the sample may end inside a character.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def reads_as_gb18030(sample: bytes) -> tuple[bool, str | None]:
    """Whether ``sample`` is GB18030 text, and what charset-normalizer takes it for."""
    as_gb18030 = charset_normalizer.from_bytes(sample, cp_isolation=["gb18030"]).best()
    best = charset_normalizer.from_bytes(sample).best()
    guess = best.encoding if best is not None else None
    if as_gb18030 is None:
        return False, guess
    return best is None or as_gb18030.chaos <= best.chaos + GB18030_MARGIN, guess


def unreadable_text(guess: str | None) -> FileRefused:
    if guess:
        message = _(
            "The file is neither UTF-8 nor GBK/GB18030 text (it looks like %(encoding)s), so "
            "it cannot be read. Open it in Excel or WPS and save it as “CSV UTF-8 (comma "
            "delimited)”."
        ) % {"encoding": guess.upper().replace("_", "-")}
    else:
        message = _(
            "The file is neither UTF-8 nor GBK/GB18030 text, so it cannot be read. Open it in "
            "Excel or WPS and save it as “CSV UTF-8 (comma delimited)”."
        )
    return FileRefused(message)


# --- XLSX ---------------------------------------------------------------------------------
def read_xlsx(stream: IO[bytes], known_headers: frozenset[str] = frozenset()) -> SheetData:
    check_xlsx_parts(stream)
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=False)
    except Exception as error:  # whatever openpyxl trips on, the file is of no use
        raise FileRefused(
            _("The file is not an XLSX workbook that Excel or WPS can open.")
        ) from error
    try:
        sheet = book.active
        if sheet is None or not hasattr(sheet, "reset_dimensions"):
            raise FileRefused(_("The sheet the workbook opens on holds no table."))
        # A sheet's declared size may be wrong or missing: rows are read as they come.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, max_col=MAX_COLUMNS)
        top = [xlsx_values(row) for row in rows]

        def rest(width):
            rows = sheet.iter_rows(min_row=len(top) + 1, max_col=max(width, 1))
            return (xlsx_values(row) for row in rows)

        return sheet_data(top, rest, known_headers)
    finally:
        book.close()


def xlsx_values(cells) -> list[Any]:
    return [xlsx_value(cell) for cell in cells]


def xlsx_value(cell) -> Any:
    value = cell.value
    if cell.data_type == "f":
        return FormulaCell(value)
    if type(value) is str:
        return restore_neutralised(value)
    return value


def check_xlsx_parts(stream: IO[bytes]) -> None:
    """Refuses what is not an XLSX file, or one with a part that would unpack to more than
    ``IMPORT_MAX_BYTES``, from the zip directory alone; the stream is left at its start."""
    if not zipfile.is_zipfile(stream):
        stream.seek(0)
        start = stream.read(len(OLD_EXCEL_MAGIC))
        stream.seek(0)
        if start == OLD_EXCEL_MAGIC:
            raise FileRefused(
                _(
                    "This is a workbook in the old Excel format (.xls): open it in Excel or WPS "
                    "and save it as .xlsx."
                )
            )
        raise FileRefused(
            _("The file is not an XLSX workbook. If it is a CSV file, choose CSV as the format.")
        )
    stream.seek(0)
    limit = max_import_bytes()
    with zipfile.ZipFile(stream) as archive:
        for part in archive.infolist():
            if part.file_size > limit:
                raise FileRefused(
                    _(
                        "The part %(part)s of the file unpacks to %(size)s, more than the "
                        "%(limit)s an import reads (at most %(rows)s rows at once). Split it "
                        "into smaller files."
                    )
                    % {
                        "part": part.filename,
                        "size": filesizeformat(part.file_size),
                        "limit": filesizeformat(limit),
                        "rows": max_import_rows(),
                    }
                )
    stream.seek(0)
