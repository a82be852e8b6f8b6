"""What a file is comes from its bytes; images come out re-encoded without metadata."""

import io

import pytest
from django.utils import translation
from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo

from cases.attachments import content
from cases.attachments.content import check_bytes, check_upload, check_uploads
from cases.attachments.uploads import OversizedUpload
from cases.errors import InvalidInput

from .files import (
    docx_bytes,
    image_bytes,
    odt_bytes,
    ole_bytes,
    pdf_bytes,
    photo_with_gps,
    upload,
    xlsx_bytes,
    zip_bytes,
)


@pytest.fixture(autouse=True)
def _english():
    # The reasons are read in English here; the pages show them in Chinese.
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("name", "data", "content_type", "kept_name"),
    [
        ("photo.jpg", image_bytes("JPEG"), content.JPEG, "photo.jpg"),
        ("scan.png", image_bytes("PNG"), content.PNG, "scan.png"),
        ("clip.gif", image_bytes("GIF", mode="P", color=3), content.GIF, "clip.gif"),
        ("pic.webp", image_bytes("WEBP"), content.WEBP, "pic.webp"),
        ("letter.pdf", pdf_bytes(), content.PDF, "letter.pdf"),
        ("form.docx", docx_bytes(), content.DOCX, "form.docx"),
        ("table.xlsx", xlsx_bytes(), content.XLSX, "table.xlsx"),
        ("notes.odt", odt_bytes(), content.ODT, "notes.odt"),
        ("old.doc", ole_bytes("WordDocument"), content.DOC, "old.doc"),
        ("old.xls", ole_bytes("Workbook"), content.XLS, "old.xls"),
        # The name does not decide: a PNG called .pdf is a PNG, and is named as one.
        ("看这个.pdf", image_bytes("PNG"), content.PNG, "看这个.pdf.png"),
        ("no-extension", pdf_bytes(), content.PDF, "no-extension.pdf"),
    ],
)
def test_the_type_is_read_from_the_bytes_not_the_name(name, data, content_type, kept_name):
    checked = check_bytes(name, data)

    assert checked.content_type == content_type
    assert checked.name == kept_name


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("invoice.pdf", b"%PDF-1.7 this is not really a pdf", "not a complete PDF"),
        ("invoice.pdf", b"MZ\x90\x00 an executable", "not accepted"),
        ("page.html", b"<html><script>alert(1)</script></html>", "not accepted"),
        ("photo.jpg", b"\xff\xd8\xff\xe0 broken jpeg", "damaged"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "damaged"),
        ("form.docm", docx_bytes(macros=True), "macros"),
        ("old.doc", ole_bytes("WordDocument", extra="_VBA_PROJECT"), "macros"),
        ("setup.msi", ole_bytes("SummaryInformation"), "not a Word, Excel or PowerPoint"),
        ("archive.zip", zip_bytes({"a.txt": "hello"}), "not accepted"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 50, "damaged"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_bytes_that_are_not_an_accepted_file_are_refused_with_the_reason(name, data, reason):
    with pytest.raises(InvalidInput) as refused:
        check_bytes(name, data)

    assert reason in str(refused.value)
    assert refused.value.field == "attachments"


def test_a_photo_loses_its_gps_position_and_every_exif_tag_but_stays_upright():
    original = photo_with_gps(size=(40, 20))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    checked = check_bytes("IMG_0001.JPG", original)

    cleaned = Image.open(io.BytesIO(checked.data))
    assert cleaned.format == "JPEG"
    assert dict(cleaned.getexif()) == {}
    assert cleaned.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert b"Exif" not in checked.data and b"PhoneMaker" not in checked.data
    assert cleaned.size == (20, 40)  # the orientation tag was applied, then dropped
    assert checked.sha256 != content.hashlib.sha256(original).hexdigest()


def test_png_text_chunks_are_dropped():
    out = io.BytesIO()
    info = PngInfo()
    info.add_text("Comment", "家住和平路1号")
    Image.new("RGB", (8, 8)).save(out, "PNG", pnginfo=info)

    checked = check_bytes("scan.png", out.getvalue())

    assert "Comment" not in Image.open(io.BytesIO(checked.data)).info


def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(settings):
    settings.ATTACHMENT_MAX_PIXELS = 100

    with pytest.raises(InvalidInput, match="too large"):
        check_bytes("big.png", image_bytes("PNG", size=(20, 20)))


def test_a_file_over_the_size_limit_is_refused_with_the_limit(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000

    with pytest.raises(InvalidInput, match="larger than 1000") as refused:
        check_upload(upload("big.pdf", pdf_bytes("x" * 2000)))

    assert "big.pdf" in str(refused.value)


def test_an_upload_cut_off_by_the_upload_handler_is_refused_as_too_large(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000

    with pytest.raises(InvalidInput, match="larger than"):
        check_upload(OversizedUpload("huge.jpg", 50_000_000, "image/jpeg"))


def test_more_files_than_a_case_holds_are_refused(settings):
    settings.ATTACHMENTS_PER_CASE = 3

    with pytest.raises(InvalidInput, match="at most 3"):
        check_uploads([upload(f"{n}.pdf", pdf_bytes()) for n in range(2)], already=2)


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\扫描件.pdf", "扫描件.pdf"),
        ("bad\x00name\r\n.pdf", "badname.pdf"),
        ("", "attachment.pdf"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_file_names_lose_paths_and_control_characters(name, clean):
    assert check_bytes(name, pdf_bytes()).name == clean
