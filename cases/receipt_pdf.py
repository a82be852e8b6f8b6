"""The receipt as an A5 PDF, in the embedded CJK font (``firstask.pdf_fonts``) so that any
viewer shows the Chinese; the QR code is the ``qrcode`` library's matrix (as on the HTML
receipt and the two-factor page) drawn as vector squares."""

import io

import qrcode
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from firstask.pdf_fonts import cjk_font_name

MARGIN = 14 * mm
LABEL_WIDTH = 38 * mm
QR_SIZE = 32 * mm
QR_BORDER = 4  # modules of quiet zone around the code, as the QR standard asks


def _wrap(text, width, size):
    """Break text into lines that fit ``width`` (Chinese has no spaces to break at)."""
    lines, line = [], ""
    for char in str(text):
        if char == "\n" or pdfmetrics.stringWidth(line + char, cjk_font_name(), size) > width:
            lines.append(line)
            line = "" if char == "\n" else char
        else:
            line += char
    return [*lines, line] if line else lines


def qr_runs(data: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR code of ``data`` as ``(size, runs)``: ``size`` modules a side (quiet zone
    included) and one ``(row, column, length)`` per horizontal run of dark modules."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QR_BORDER)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    runs = []
    for row, modules in enumerate(matrix):
        column = 0
        while column < len(modules):
            if modules[column]:
                start = column
                while column < len(modules) and modules[column]:
                    column += 1
                runs.append((row, start, column - start))
            else:
                column += 1
    return len(matrix), runs


def _qr(c: canvas.Canvas, data: str, x: float, y: float) -> None:
    """Draw the QR code of ``data`` as a ``QR_SIZE`` square whose lower left is ``(x, y)``."""
    size, runs = qr_runs(data)
    module = QR_SIZE / size
    for row, column, length in runs:
        c.rect(
            x + column * module,
            y + (size - 1 - row) * module,
            length * module,
            module,
            stroke=0,
            fill=1,
        )


def receipt_pdf(receipt):
    """The PDF bytes of a ``cases.receipt.Receipt``."""
    font = cjk_font_name()
    buffer = io.BytesIO()
    width, height = A5
    c = canvas.Canvas(buffer, pagesize=A5)
    c.setTitle(_("Receipt %(number)s") % {"number": receipt.number})
    c.setAuthor(receipt.organisation)  # reportlab's default is "anonymous"
    c.setCreator("firstask")
    y = height - MARGIN
    c.setFont(font, 15)
    c.drawCentredString(width / 2, y - 4 * mm, receipt.organisation)
    c.setFont(font, 13)
    c.drawCentredString(width / 2, y - 12 * mm, _("Receipt (收件回执)"))
    y -= 22 * mm
    _qr(c, receipt.lookup_url, width - MARGIN - QR_SIZE, y - QR_SIZE + 4 * mm)
    text_width = width - 2 * MARGIN - LABEL_WIDTH

    def row(label, value, size=10, value_width=text_width):
        nonlocal y
        c.setFont(font, size)
        c.drawString(MARGIN, y, f"{label}：")
        for part in _wrap(value, value_width, size) or [""]:
            c.drawString(MARGIN + LABEL_WIDTH, y, part)
            y -= size * 1.5
        y -= 1 * mm

    beside_qr = text_width - QR_SIZE - 2 * mm
    for label, value in receipt.lines:
        row(label, value, value_width=beside_qr if y > height - 60 * mm else text_width)
    if receipt.agency:
        y -= 2 * mm
        for label, value in receipt.agency:
            row(label, value)
    if receipt.materials:
        y -= 2 * mm
        c.setFont(font, 11)
        c.drawString(MARGIN, y, _("Materials still needed") + "：")
        y -= 6 * mm
        for number, item in enumerate(receipt.materials, 1):
            for part in _wrap(f"{number}. {item}", width - 2 * MARGIN - 4 * mm, 10):
                c.setFont(font, 10)
                c.drawString(MARGIN + 4 * mm, y, part)
                y -= 5 * mm
    c.setFont(font, 8)
    c.drawString(MARGIN, MARGIN, _("Look up progress with the case number and query code:"))
    c.drawString(MARGIN, MARGIN - 4 * mm, receipt.lookup_url)
    c.showPage()
    c.save()
    return buffer.getvalue()
