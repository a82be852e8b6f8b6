"""The quarterly notice as an A4 PDF laid out by GB/T 9704-2012 (党政机关公文格式): 版头, 主体
and 版记 on the standard's page (pdf_layout), page numbers "— 1 —" alternating sides, and a
watermark on every page of a draft."""

import io
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from firstask.pdf_fonts import cjk_font_name

from .notice_document import LANGUAGE, NoticeDocument
from .notice_narrative import HEADING
from .pdf_layout import (
    BOTTOM,
    HEIGHT,
    LEFT,
    LINE,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RED,
    RIGHT,
    SIZE_2,
    SIZE_4,
    SIZE_5,
    TOP,
    WIDTH,
    AtBottom,
    GridText,
    Issuer,
    Printed,
    Rule,
    Signature,
)


def _imprint(document: NoticeDocument):
    """版记: 抄送 and 印发 between a thick first and last rule, a thin one between them."""
    row = LINE * 0.8
    parts = [Rule(0.35 * mm)]
    if document.copy_to:
        copy = _("Copies to: %(recipients)s.") % {"recipients": document.copy_to}
        parts += [
            GridText(copy, size=SIZE_4, leading=row, first=1, rest=1, align="left", space=0),
            Rule(0.25 * mm),
        ]
    printed = _("Printed on %(date)s") % {"date": document.printed_text}
    return AtBottom([*parts, Printed(document.printer, printed, row), Rule(0.35 * mm)])


def _attachment(document: NoticeDocument, number, table):
    font = cjk_font_name()
    label = (
        _("Attachment")
        if len(document.attachments) == 1
        else _("Attachment %(number)s") % {"number": number}
    )
    cell = ParagraphStyle("cell", fontName=font, fontSize=SIZE_5, leading=SIZE_5 * 1.35)
    centred = ParagraphStyle("centred", parent=cell, alignment=1)
    data = [[Paragraph(escape(text), centred) for text in table.headers]]
    data += [
        [
            Paragraph(escape(text), cell if column == 1 else centred)
            for column, text in enumerate(row)
        ]
        for row in table.rows
    ]
    # Rank, department, score, four rates, violations, commendations, remarks: 156 mm.
    widths = [32, 86, 44, 46, 46, 46, 46, 34, 30, 34]
    widths = [w * WIDTH / sum(widths) for w in widths]
    grid = Table(data, colWidths=widths, repeatRows=1)
    grid.setStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    return [
        PageBreak(),
        GridText(label, first=0, align="left"),
        Spacer(1, LINE),
        GridText(table.title, size=SIZE_2, leading=LINE * 1.3, first=0, align="center", space=0),
        Spacer(1, LINE / 2),
        grid,
    ]


def story(document: NoticeDocument) -> list:
    reference = document.reference or _("Draft, not published: numbered when published")
    title_lines = document.title.split("\n")
    parts = [
        Spacer(1, 35 * mm),  # the issuer's top edge 35 mm below the top of the 版心
        Issuer(document.issuer),
        Spacer(1, 2 * LINE),  # 空二行
        GridText(
            reference,
            first=0,
            align="center",
            color=colors.grey if document.draft else colors.black,
        ),
        Rule(1.5, RED, above=4 * mm),  # 4 mm under the reference, as wide as the 版心
        Spacer(1, 2 * LINE - 1.5),  # 空二行
        *[
            GridText(line, size=SIZE_2, leading=LINE * 1.3, first=0, align="center", space=0)
            for line in title_lines
        ],
        Spacer(1, LINE),  # 空一行
        GridText(_("%(recipients)s:") % {"recipients": document.recipients}, first=0, align="left"),
    ]
    for block in document.body:
        align = "left" if block.kind == HEADING else "justify"
        parts.append(GridText(block.text, first=2, align=align))
    notes = document.attachment_note
    if notes:
        prefix = _("Attachment: ")
        hang = 2 + len(prefix)
        parts.append(Spacer(1, LINE))
        parts.append(GridText(prefix + notes[0], first=2, rest=hang))
        parts += [GridText(note, first=hang, rest=hang) for note in notes[1:]]
    parts += [Spacer(1, LINE), Signature(document.signatory, document.dated_text)]
    for number, table in enumerate(document.attachments, start=1):
        parts += _attachment(document, number, table)
    parts.append(_imprint(document))
    return parts


def _page(document):
    font = cjk_font_name()

    def on_page(canvas, template):
        number = canvas.getPageNumber()
        canvas.saveState()
        # Page numbers: 4号, "— 1 —", 7 mm under the 版心; odd pages on the right, even
        # pages on the left, one character in from the edge.
        canvas.setFont(font, SIZE_4)
        text = f"— {number} —"
        y = BOTTOM - 7 * mm - SIZE_4 * 0.6
        if number % 2:
            canvas.drawRightString(LEFT + WIDTH - SIZE_4, y, text)
        else:
            canvas.drawString(LEFT + SIZE_4, y, text)
        if document.draft:
            canvas.setFillColor(colors.grey)
            canvas.setFillAlpha(0.25)
            canvas.setFont(font, 64)
            canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, _("Draft, not published"))
        canvas.restoreState()

    return on_page


def render(document: NoticeDocument) -> bytes:
    with translation.override(LANGUAGE):
        return _render(document)


def _render(document):
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=document.title_text,
        author=document.signatory,
    )
    frame = Frame(LEFT, BOTTOM, WIDTH, HEIGHT, 0, 0, 0, 0, id="text")
    template.addPageTemplates([PageTemplate("page", [frame], onPage=_page(document))])
    template.build(story(document))
    return buffer.getvalue()
