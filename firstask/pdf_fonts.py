"""The one CJK font of every PDF: WenQuanYi Micro Hei, embedded and subsetted.

ReportLab's built-in CID fonts are never embedded, so viewers without Adobe's Asian font
pack show no Chinese at all. This TrueType font ships in firstask/fonts/ (already cut down to
the characters Chinese text needs by bin/build-cjk-font); ReportLab embeds, per PDF, only the
glyphs that PDF uses.
"""

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = Path(__file__).resolve().parent / "fonts" / "wqy-microhei-gbk.ttf"

_lock = threading.Lock()


def cjk_font_name() -> str:
    """Register the CJK font with ReportLab (once per process) and return its name for
    ``canvas.setFont`` and ``pdfmetrics.stringWidth``."""
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        with _lock:
            if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_FILE)))
    return FONT_NAME
