"""Reading an uploaded XLSX file (see ``departments.spreadsheets.sheet_reading`` for the rules): its
declared part sizes are checked before it is opened, and reading stops at the row limit."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from typing import IO, Any
from xml.etree import ElementTree

import openpyxl
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .sheet_reading import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    FileRefused,
    FormulaCell,
    SheetData,
    max_import_bytes,
    max_import_rows,
    restore_neutralised,
    sheet_data,
)

OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WORKSHEET_TAG = re.compile(rb"<(?:(\w+):)?worksheet\b[^>]*>")
SIZE_OR_ROWS = re.compile(rb"<(?:\w+:)?(dimension|sheetData)\b")
CHUNK_BYTES = 64 * 1024
# A worksheet's <dimension> comes before its rows, after a few small elements.
HEAD_BYTES = 1024 * 1024


def read_xlsx(stream: IO[bytes], known_headers: frozenset[str] = frozenset()) -> SheetData:
    check_xlsx_parts(stream)
    stream = with_declared_sizes(stream)
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
    """Refuses what is not an XLSX file, or one that would unpack to more than
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
        size = sum(part.file_size for part in archive.infolist())
    stream.seek(0)
    if size > limit:
        raise FileRefused(
            _(
                "The file unpacks to %(size)s, more than the %(limit)s an import reads (at "
                "most %(rows)s rows at once). Split it into smaller files."
            )
            % {
                "size": filesizeformat(size),
                "limit": filesizeformat(limit),
                "rows": max_import_rows(),
            }
        )


def with_declared_sizes(stream: IO[bytes]) -> IO[bytes]:
    """``stream``, or a copy of it in which every worksheet declares a size. Opening a
    workbook, openpyxl reads each worksheet without a ``<dimension>`` to its end to find its
    size (seconds for a few megabytes, before the first row is read); a placeholder spares
    that, and the rows are read without trusting it (``reset_dimensions``)."""
    with zipfile.ZipFile(stream) as archive:
        unsized = [name for name in worksheet_parts(archive) if not declares_size(archive, name)]
        if not unsized:
            stream.seek(0)
            return stream
        copy = io.BytesIO()
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            for part in archive.infolist():
                if part.filename in unsized:
                    copy_declaring_size(archive, target, part.filename)
                else:
                    target.writestr(part, archive.read(part))
    copy.seek(0)
    return copy


def worksheet_parts(archive: zipfile.ZipFile) -> list[str]:
    try:
        types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    except (KeyError, ElementTree.ParseError):
        return []  # openpyxl will refuse the file
    return [
        element.get("PartName", "").lstrip("/")
        for element in types
        if element.get("ContentType") == WORKSHEET_TYPE
    ]


def declares_size(archive: zipfile.ZipFile, name: str) -> bool:
    try:
        part = archive.open(name)
    except KeyError:
        return True  # not there: openpyxl will refuse the file
    with part:
        head = b""
        while len(head) < HEAD_BYTES and (chunk := part.read(CHUNK_BYTES)):
            head += chunk
            found = SIZE_OR_ROWS.search(head)
            if found:
                return found.group(1) == b"dimension"
    return True  # no rows to read


def copy_declaring_size(archive: zipfile.ZipFile, target: zipfile.ZipFile, name: str) -> None:
    with archive.open(name) as source, target.open(name, "w") as copy:
        head = source.read(CHUNK_BYTES)
        while (tag := WORKSHEET_TAG.search(head)) is None and (more := source.read(CHUNK_BYTES)):
            head += more
        if tag is not None:
            prefix = tag.group(1) + b":" if tag.group(1) else b""
            head = b'%s<%sdimension ref="A1"/>%s' % (head[: tag.end()], prefix, head[tag.end() :])
        copy.write(head)
        shutil.copyfileobj(source, copy, CHUNK_BYTES)
