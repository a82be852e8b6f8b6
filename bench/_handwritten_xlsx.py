"""The hand-written XLSX writer firstask used before XlsxWriter, kept as bench.export's baseline.

It streamed one sheet straight into the zip, row by row: inline strings, numbers, dates, a
bold frozen header row — no column widths, number formats for rates, title rows or print
setup. Only the benchmark uses it.
"""

from __future__ import annotations

import datetime
import zipfile
from decimal import Decimal
from typing import IO, Any
from xml.sax.saxutils import escape

EXCEL_EPOCH = datetime.datetime(1899, 12, 30)

# Style indexes into CELL_FORMATS below.
STYLE_DATETIME = 1
STYLE_DATE = 2
STYLE_BOLD = 3

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2">'
    '<numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/>'
    "</numFmts>"
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    "<sheetData>"
)
SHEET_END = "</sheetData></worksheet>"


def _workbook_xml(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{escape(title, {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )


def _serial(value: datetime.datetime) -> str:
    delta = value - EXCEL_EPOCH
    return repr(delta.days + delta.seconds / 86400)


def _cell(value: Any, style: int = 0) -> str:
    """One ``<c>`` element. ``value`` is already a cell value (firstask.spreadsheets.cell_value)."""
    kind = type(value)
    if kind is str:
        if not value:
            return "<c/>"
        text = escape(value)
        space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
        style_attr = f' s="{style}"' if style else ""
        return f'<c t="inlineStr"{style_attr}><is><t{space}>{text}</t></is></c>'
    if value is None:
        return "<c/>"
    if kind is int or kind is float or kind is Decimal:
        return f"<v>{value}</v>".join(("<c>", "</c>"))
    if isinstance(value, datetime.datetime):
        return f'<c s="{STYLE_DATETIME}"><v>{_serial(value)}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c s="{STYLE_DATE}"><v>{(value - EXCEL_EPOCH.date()).days}</v></c>'
    return _cell(str(value), style)


class StreamingXlsx:
    """Write with ``write_row`` (header first), then ``close``; the target gets a whole file."""

    def __init__(self, target: str | IO[bytes], title: str):
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED)
        self.zip.writestr("[Content_Types].xml", CONTENT_TYPES)
        self.zip.writestr("_rels/.rels", ROOT_RELS)
        self.zip.writestr("xl/workbook.xml", _workbook_xml(title))
        self.zip.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        self.zip.writestr("xl/styles.xml", STYLES)
        self.sheet = self.zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        self.sheet.write(SHEET_START.encode())
        self.buffer: list[str] = []

    def write_header(self, values: list[Any]) -> None:
        self.buffer.append("<row>" + "".join(_cell(v, STYLE_BOLD) for v in values) + "</row>")

    def write_row(self, values: list[Any]) -> None:
        self.buffer.append("<row>" + "".join(map(_cell, values)) + "</row>")
        if len(self.buffer) >= 500:
            self._flush()

    def _flush(self) -> None:
        self.sheet.write("".join(self.buffer).encode())
        self.buffer.clear()

    def close(self) -> None:
        self._flush()
        self.sheet.write(SHEET_END.encode())
        self.sheet.close()
        self.zip.close()
