"""The quarterly notice as an A4 PDF laid out by GB/T 9704-2012 (党政机关公文格式).

Page: A4, 天头 37 mm, 订口 28 mm, right 26 mm, bottom 35 mm: a 版心 of 156 × 225 mm with
22 lines of 28 characters of 3号 (16 pt) — 28 characters of 16 pt are 448 pt against the
版心's 442 pt, so body lines are set 0.21 pt tighter per character (the character grid a
word processor applies) and justified. The standard asks for 小标宋 (issuer, title), 仿宋
(text), 黑体 (first-level headings) and 宋体 (page numbers); we embed one CJK font
(WenQuanYi Micro Hei, firstask/pdf_fonts.py), so every element uses it, at the standard's
sizes: 2号 22 pt title, 3号 16 pt text, 4号 14 pt page numbers and 版记.
"""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from firstask.pdf_fonts import cjk_font_name

from .notice_document import NoticeDocument
from .notice_narrative import HEADING

PAGE_WIDTH, PAGE_HEIGHT = A4
TOP, LEFT, RIGHT, BOTTOM = 37 * mm, 28 * mm, 26 * mm, 35 * mm
WIDTH, HEIGHT = PAGE_WIDTH - LEFT - RIGHT, PAGE_HEIGHT - TOP - BOTTOM  # 156 × 225 mm
LINES, CHARACTERS = 22, 28
LINE = HEIGHT / LINES  # one line of the grid (about 29 pt)
SIZE_2, SIZE_3, SIZE_4, SIZE_5 = 22, 16, 14, 10.5  # 2号, 3号, 4号, 五号 in points
GRID_SPACE = WIDTH / CHARACTERS - SIZE_3  # −0.21 pt: 28 characters fill a line
# The red issuer's mark: the largest of these sizes that fits the width (the page's CSS has
# a class per size, so screen and PDF agree).
ISSUER_SIZES = (48, 44, 40, 36, 32, 28, 24, 20)
RED = colors.HexColor("#d40000")
# Chinese line breaking (禁则): never begin a line with these, never end one with those.
NO_START = set("，。、；：？！）》」』〕】”’…—%,.;:?!)]}")
NO_END = set("（《「『〔【“‘([{")


def _latin(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in ".%")


class GridText(Flowable):
    """Text on the document's character grid: lines justified to the width (but the
    last), Chinese line-breaking rules, an indent in characters for the first line and
    another for the following ones; splits across pages line by line."""

    def __init__(
        self,
        text,
        *,
        size=SIZE_3,
        leading=LINE,
        first=2,
        rest=0,
        align="justify",
        color=colors.black,
        space=GRID_SPACE,
        lines=None,
    ):
        super().__init__()
        self.text, self.size, self.leading = text, size, leading
        self.first, self.rest, self.align, self.color, self.space = first, rest, align, color, space
        self.font = cjk_font_name()
        self.lines = lines  # [(text, indent in points, justified)] once laid out

    def _width(self, text):
        return stringWidth(text, self.font, self.size) + self.space * max(len(text) - 1, 0)

    def _layout(self, width):
        text, lines, start = self.text, [], 0
        widths = [stringWidth(char, self.font, self.size) for char in text]
        while start < len(text):
            indent = (self.first if not lines else self.rest) * (self.size + self.space)
            room, end, used = width - indent, start, 0.0
            while end < len(text) and used + widths[end] + (end - start) * self.space <= room:
                used += widths[end]
                end += 1
            end = max(end, start + 1)
            if end < len(text):
                end = self._break(text, start, end)
            lines.append((text[start:end], indent, end < len(text)))
            start = end
        return lines

    @staticmethod
    def _break(text, start, end):
        """Move the break so that no line begins with a closing mark, ends with an opening
        one, or splits a number."""
        if text[end] in NO_START and end - 1 > start:
            end -= 1  # the character before goes down with the mark
        while end - 1 > start and text[end - 1] in NO_END:
            end -= 1
        if _latin(text[end - 1]) and _latin(text[end]):
            run = end - 1
            while run > start and _latin(text[run - 1]):
                run -= 1
            if run > start:
                end = run
        return end

    def wrap(self, available_width, available_height):
        self.width = available_width
        if self.lines is None:
            self.lines = self._layout(available_width)
        self.height = len(self.lines) * self.leading
        return self.width, self.height

    def split(self, available_width, available_height):
        self.wrap(available_width, available_height)
        fit = int(available_height // self.leading)
        if fit <= 0 or fit >= len(self.lines):
            return [] if fit <= 0 else [self]
        options = {
            "size": self.size,
            "leading": self.leading,
            "align": self.align,
            "color": self.color,
            "space": self.space,
        }
        return [
            GridText(self.text, lines=self.lines[:fit], **options),
            GridText(self.text, lines=self.lines[fit:], **options),
        ]

    def draw(self):
        canvas = self.canv
        canvas.setFillColor(self.color)
        # The baseline sits so that the glyphs are centred in their line.
        drop = (self.leading - self.size) / 2 + self.size * 0.8
        for number, (text, indent, justified) in enumerate(self.lines):
            space = self.space
            natural = self._width(text)
            room = self.width - indent
            x = indent
            if self.align == "justify" and justified and len(text) > 1:
                space += (room - natural) / (len(text) - 1)
            elif self.align == "center":
                x += (room - natural) / 2
            elif self.align == "right":
                x += room - natural
            line = canvas.beginText(x, self.height - number * self.leading - drop)
            line.setFont(self.font, self.size)
            line.setCharSpace(space)
            line.textOut(text)
            canvas.drawText(line)


def issuer_size(text: str) -> int:
    """发文机关标志 as large as the 版心's width allows (醒目、庄重), in points."""
    natural = stringWidth(text, cjk_font_name(), 1)
    return next((size for size in ISSUER_SIZES if natural * size <= WIDTH), ISSUER_SIZES[-1])


class Issuer(Flowable):
    """发文机关标志: the issuer in red, centred."""

    def __init__(self, text):
        super().__init__()
        self.text, self.font, self.size = text, cjk_font_name(), issuer_size(text)

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.size

    def draw(self):
        self.canv.setFillColor(RED)
        self.canv.setFont(self.font, self.size)
        self.canv.drawCentredString(self.width / 2, self.size * 0.12, self.text)


class Rule(Flowable):
    """A line across the 版心 (the red one under the reference, those of the 版记)."""

    def __init__(self, thickness, color=colors.black, above=0.0):
        super().__init__()
        self.thickness, self.color, self.above = thickness, color, above

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.above + self.thickness

    def draw(self):
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.thickness / 2, self.width, self.thickness / 2)


class Signature(Flowable):
    """发文机关署名 two characters from the right, 成文日期 on the next line two characters
    right of the signatory's first character (moved left if the date is longer)."""

    def __init__(self, signatory, date):
        super().__init__()
        self.signatory, self.date = signatory, date

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, 2 * LINE

    def draw(self):
        cell = SIZE_3 + GRID_SPACE
        probe = GridText("", first=0)
        signatory, date = probe._width(self.signatory), probe._width(self.date)
        start = self.width - 2 * cell - signatory
        if start + 2 * cell + date > self.width - 2 * cell:
            start = self.width - 2 * cell - date - 2 * cell
        for number, (text, x) in enumerate(
            ((self.signatory, start), (self.date, start + 2 * cell))
        ):
            line = GridText(text, first=0, lines=[(text, 0, False)])
            line.wrap(self.width - x, LINE)
            line.drawOn(self.canv, x, (1 - number) * LINE)


class AtBottom(Flowable):
    """Flowables pushed to the bottom of the page they land on (the 版记 ends on the 版心's
    lower edge); to the next page when they do not fit in what is left."""

    def __init__(self, flowables):
        super().__init__()
        self.flowables = flowables

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.sizes = [f.wrap(available_width, available_height) for f in self.flowables]
        self.needed = sum(height for _width, height in self.sizes)
        # All that is left when it fits (drawn at its foot), else its own height (next page).
        self.height = available_height if self.needed <= available_height else self.needed
        return self.width, self.height

    def draw(self):
        y = self.needed
        for flowable, (_width, height) in zip(self.flowables, self.sizes, strict=True):
            y -= height
            flowable.drawOn(self.canv, 0, y)


class Printed(Flowable):
    """印发机关 one character from the left, 印发日期 one character from the right."""

    def __init__(self, printer, date, height):
        super().__init__()
        self.printer, self.date, self.row = printer, date, height

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.row

    def draw(self):
        canvas, y = self.canv, (self.row - SIZE_4) / 2 + SIZE_4 * 0.2
        canvas.setFont(cjk_font_name(), SIZE_4)
        canvas.drawString(SIZE_4, y, self.printer)
        canvas.drawRightString(self.width - SIZE_4, y, self.date)


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
    label = _("Attachment") if len(document.attachments) == 1 else f"{_('Attachment')}{number}"
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
