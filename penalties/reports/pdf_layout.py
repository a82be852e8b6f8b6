"""The parts of an official document's page by GB/T 9704-2012 as ReportLab flowables: the
page geometry and its character grid, text on that grid, the red issuer's mark, rules, the
signature block and what sits at the foot of the last page (notice_pdf puts them together).

Page: A4, 天头 37 mm, 订口 28 mm, right 26 mm, bottom 35 mm: a 版心 of 156 × 225 mm with
22 lines of 28 characters of 3号 (16 pt) — 28 characters of 16 pt are 448 pt against the
版心's 442 pt, so lines are set 0.21 pt tighter per character (the character grid a word
processor applies) and justified. The standard asks for 小标宋 (issuer, title), 仿宋 (text),
黑体 (first-level headings) and 宋体 (page numbers); we embed one CJK font (WenQuanYi Micro
Hei, firstask/pdf_fonts.py), so every element uses it, at the standard's sizes: 2号 22 pt
title, 3号 16 pt text, 4号 14 pt page numbers and 版记.
"""

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from firstask.pdf_fonts import cjk_font_name

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
