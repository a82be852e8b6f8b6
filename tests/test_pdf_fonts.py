import io
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from firstask.pdf_fonts import FONT_FILE, cjk_font_name

ROOT = Path(__file__).resolve().parent.parent


def _pdf_with(text):
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    c.setFont(cjk_font_name(), 12)
    c.drawString(50, 700, text)
    c.showPage()
    c.save()
    return buffer.getvalue()


def test_the_cjk_font_is_registered_once_and_named():
    first = cjk_font_name()

    assert cjk_font_name() == first
    assert first in pdfmetrics.getRegisteredFontNames()


def test_chinese_punctuation_full_width_forms_and_latin_round_trip_through_a_pdf():
    text = "首问责任制：《通报》（第3号）、逾期办结——扣罚￥50，ABC abc 123。"

    extracted = PdfReader(io.BytesIO(_pdf_with(text))).pages[0].extract_text()

    assert extracted.strip() == text


def test_every_gb2312_hanzi_has_a_glyph():
    font = pdfmetrics.getFont(cjk_font_name())
    covered = font.face.charToGlyph
    gb2312 = [
        bytes([high, low]).decode("gb2312")
        for high in range(0xB0, 0xF8)
        for low in range(0xA1, 0xFF)
        if (high, low) not in {(0xD7, x) for x in range(0xFA, 0xFF)}
    ]

    assert len(gb2312) == 6763
    assert [char for char in gb2312 if ord(char) not in covered] == []


def test_a_pdf_embeds_only_the_glyphs_it_uses():
    assert len(_pdf_with("首问")) < FONT_FILE.stat().st_size / 20


def _project_files():
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if relative.parts[0].startswith(".") or relative.parts[0] in {"data", "node_modules"}:
            continue
        if path.suffix in {".py", ".html", ".txt", ".json", ".md"} and path.is_file():
            yield relative


def test_no_pdf_uses_the_unembedded_stsong_font():
    needle = "STSong" + "-Light"

    assert [
        str(path)
        for path in _project_files()
        if needle in (ROOT / path).read_text(encoding="utf-8", errors="replace")
    ] == []
