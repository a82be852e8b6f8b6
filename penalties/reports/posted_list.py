"""The monthly red and black list (红黑榜) as a sheet to post: the organisation in red over a
red rule, the title, the period and the date of publication, then the lists; on the page
(reports/red_black.html) and as an A4 PDF in the embedded CJK font."""

import datetime as dt
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as PdfTable

from firstask.pdf_fonts import cjk_font_name

from .notice_document import chinese_date
from .pdf_layout import RED, SIZE_2, SIZE_4, Rule
from .tables import Table

MARGIN = 15 * mm


@dataclass
class ListHeader:
    organisation: str
    title: str  # 2026年5月红黑榜
    period: str  # 2026年5月1日至2026年5月31日
    date_label: str  # published on, or printed on while the ranking may still change
    date: str
    status: str  # why the list may still change; empty once locked


def header(organisation, ranking, title: str, today: dt.date) -> ListHeader:
    period, run = ranking.period, ranking.run
    status = ""
    if run is not None and run.is_locked:
        date_label, day = _("Published on"), timezone.localtime(run.locked_at).date()
    else:
        date_label, day = _("Printed on"), today
        if ranking.provisional:
            status = _("Provisional: this period has not been finally assessed yet.")
        else:
            status = _("The ranking is not locked yet and may still change.")
    return ListHeader(
        organisation=organisation.name,
        title=title,
        period=_("%(start)s to %(end)s")
        % {"start": chinese_date(period.start), "end": chinese_date(period.last_day)},
        date_label=date_label,
        date=chinese_date(day),
        status=status,
    )


def cell_text(value) -> str:
    return "—" if value is None else str(value)


def pdf(head: ListHeader, tables: list[Table]) -> bytes:
    """A4 portrait: the posted sheet's header, then each list with its heading."""
    font = cjk_font_name()
    style = ParagraphStyle("text", fontName=font, fontSize=SIZE_4, leading=SIZE_4 * 1.5)
    organisation = ParagraphStyle(
        "organisation", parent=style, fontSize=26, leading=34, alignment=1, textColor=RED
    )
    title = ParagraphStyle("title", parent=style, fontSize=SIZE_2, leading=32, alignment=1)
    centred = ParagraphStyle("centred", parent=style, fontSize=11, leading=16, alignment=1)
    section = ParagraphStyle("section", parent=style, spaceBefore=10, spaceAfter=4)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{head.organisation} {head.title}",
        author=head.organisation,
    )
    line = _("Period: %(period)s · %(label)s: %(date)s") % {
        "period": head.period,
        "label": head.date_label,
        "date": head.date,
    }
    story = [
        Paragraph(escape(head.organisation), organisation),
        Rule(1.5, RED, above=3 * mm),
        Spacer(1, 4 * mm),
        Paragraph(escape(head.title), title),
        Paragraph(escape(line), centred),
    ]
    if head.status:
        story.append(Paragraph(escape(head.status), centred))
    for table in tables:
        story.append(Paragraph(escape(table.title), section))
        if not table.rows:
            story.append(Paragraph(escape(_("None.")), cell))
            continue
        data = [[Paragraph(escape(cell_text(h)), cell) for h in table.headers]] + [
            [Paragraph(escape(cell_text(v)), cell) for v in row] for row in table.rows
        ]
        grid = PdfTable(data, repeatRows=1)
        grid.setStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
        story.append(grid)
    document.build(story)
    return buffer.getvalue()
