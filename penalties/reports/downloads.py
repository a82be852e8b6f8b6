"""The notice and the red and black list as XLSX (a sheet per table) and PDF (A4)."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as PdfTable

from firstask.pdf_fonts import cjk_font_name
from firstask.xlsx import Workbook

from . import selectors
from .tables import Table


def xlsx(tables: list[Table], heading: list[str]) -> bytes:
    """A sheet per table, each with the report's ``heading`` lines (the organisation, the
    report and its period) above its header: the sheet rules of firstask.xlsx."""
    buffer = io.BytesIO()
    workbook = Workbook(buffer)
    for table in tables:
        sheet = workbook.add_sheet(table.title, table.headers, heading)
        for row in table.rows:
            sheet.write_row(row)
    workbook.close()
    return buffer.getvalue()


def xlsx_heading(organisation, ranking, title: str) -> list[str]:
    """The title line and the period line of the report's sheets."""
    period = ranking.period
    status = ""
    if ranking.run is not None and ranking.run.provisional:
        at = timezone.localtime(ranking.run.computed_at).strftime("%Y-%m-%d %H:%M")
        status = _("Provisional: the period is still running (as of %(at)s).") % {"at": at}
    elif ranking.provisional:
        status = _("Provisional: this period has not been assessed yet.")
    dates = _("Period: %(start)s to %(end)s") % {
        "start": period.start.isoformat(),
        "end": period.last_day.isoformat(),
    }
    exported = _("exported on %(date)s") % {"date": timezone.localdate().isoformat()}
    return [
        f"{organisation.name} {selectors.period_title(period)} {title}",
        " · ".join(part for part in (dates, status, exported) if part),
    ]


def pdf(title: str, subtitle: str, tables: list[Table]) -> bytes:
    """An A4 PDF in the embedded CJK font (never a font the viewer must have)."""
    font = cjk_font_name()
    heading = ParagraphStyle("heading", fontName=font, fontSize=16, leading=22, alignment=1)
    sub = ParagraphStyle("sub", fontName=font, fontSize=10, leading=14, alignment=1)
    section = ParagraphStyle("section", fontName=font, fontSize=12, leading=18, spaceBefore=8)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=title,
    )
    story = [Paragraph(escape(title), heading), Paragraph(escape(subtitle), sub)]
    for table in tables:
        story.append(Paragraph(escape(table.title), section))
        if not table.rows:
            story.append(Paragraph(escape(_("None.")), cell))
            continue
        data = [[Paragraph(escape(str(h)), cell) for h in table.headers]] + [
            [Paragraph(escape("" if v is None else str(v)), cell) for v in row]
            for row in table.rows
        ]
        grid = PdfTable(data, repeatRows=1)
        grid.setStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
        story += [grid, Spacer(1, 4 * mm)]
    document.build(story)
    return buffer.getvalue()
