"""Files to upload: real images (one with a GPS position), documents, and impostors."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from cases.attachments.content import OLE_SIGNATURE

GPS_LATITUDE = (31.0, 13.0, 48.5)


def image_bytes(fmt="PNG", size=(40, 20), color=(200, 30, 30), mode="RGB", **save):
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, fmt, **save)
    return out.getvalue()


def photo_with_gps(size=(40, 20)):
    """A JPEG as a phone takes it: EXIF with where it was taken, rotated by a tag."""
    image = Image.new("RGB", size, (10, 120, 200))
    exif = image.getexif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 6  # rotate 90° to show upright
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (121.0, 28.0, 12.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def pdf_bytes(text="receipt"):
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        + f"% {text}\n".encode()
        + b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
    )
    return body


def zip_bytes(entries, *, mimetype=None):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if mimetype is not None:
            archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx_bytes(macros=False):
    entries = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}
    if macros:
        entries["word/vbaProject.bin"] = b"\x00" * 10
    return zip_bytes(entries)


def xlsx_bytes():
    return zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


def odt_bytes():
    return zip_bytes(
        {"content.xml": "<office:document-content/>"},
        mimetype="application/vnd.oasis.opendocument.text",
    )


def ole_bytes(stream="WordDocument", extra=""):
    directory = stream.encode("utf-16-le") + extra.encode("utf-16-le")
    return OLE_SIGNATURE + b"\x00" * 504 + directory + b"\x00" * 512


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def scan(name="身份证扫描.pdf"):
    return upload(name, pdf_bytes(), "application/pdf")
