"""Reading an uploaded CSV file (see ``departments.spreadsheets.sheet_reading`` for the rules): the
encoding is found, not assumed, and reading stops at the row limit."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from itertools import islice
from typing import IO

import charset_normalizer
from django.utils.translation import gettext as _

from .sheet_reading import (
    HEADER_SEARCH_ROWS,
    FileRefused,
    SheetData,
    max_import_rows,
    restore_neutralised,
    sheet_data,
)

# How much of a file, from its first line with a non-ASCII byte, charset-normalizer sees.
ENCODING_SAMPLE_BYTES = 64 * 1024
# Chinese text decodes, as nonsense, in several other multi-byte encodings, and short samples
# often score as well in Korean or Japanese as in GB18030: GB18030 is taken unless another
# encoding reads the sample with clearly less "mess" (charset-normalizer's chaos, 0 to 1).
GB18030_MARGIN = 0.1
CHUNK_BYTES = 64 * 1024
NON_ASCII = re.compile(rb"[\x80-\xff]")
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GBK/GB18030"}


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
