"""What an uploaded file is, decided from its bytes (never its name or the browser's word).

Accepted: JPEG, PNG, WebP and GIF images (re-encoded with Pillow, which drops EXIF — the
place a photo was taken — and every other metadata block), PDF, and Office documents
(OOXML: docx/xlsx/pptx; ODF: odt/ods/odp; the legacy OLE formats doc/xls/ppt), without
macros. Anything else, or bytes that only claim to be one of these, is refused with a
message saying why; nothing here writes anywhere.
"""

import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import InvalidInput

FIELD = "attachments"

JPEG, PNG, WEBP, GIF, PDF = "image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
DOC, XLS, PPT = "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"

# The extension a downloaded file gets for its type, and the other names it may keep.
EXTENSIONS = {
    JPEG: (".jpg", ".jpeg", ".jpe"),
    PNG: (".png",),
    WEBP: (".webp",),
    GIF: (".gif",),
    PDF: (".pdf",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
    ODT: (".odt",),
    ODS: (".ods",),
    ODP: (".odp",),
    DOC: (".doc",),
    XLS: (".xls",),
    PPT: (".ppt",),
}
LABELS = {
    JPEG: "JPEG",
    PNG: "PNG",
    WEBP: "WebP",
    GIF: "GIF",
    PDF: "PDF",
    DOCX: "Word",
    XLSX: "Excel",
    PPTX: "PowerPoint",
    ODT: "ODF Text",
    ODS: "ODF Spreadsheet",
    ODP: "ODF Presentation",
    DOC: "Word 97-2003",
    XLS: "Excel 97-2003",
    PPT: "PowerPoint 97-2003",
}
IMAGE_FORMATS = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP, "GIF": GIF}

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Directory entry names of the legacy formats' main streams (UTF-16LE in the file).
OLE_STREAMS = (
    ("WordDocument", DOC),
    ("Workbook", XLS),
    ("Book", XLS),
    ("PowerPoint Document", PPT),
)
OLE_MACROS = ("_VBA_PROJECT", "Macros", "VBA")
OOXML_PARTS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("ppt/presentation.xml", PPTX),
)
ODF_TYPES = {ODT.encode(): ODT, ODS.encode(): ODS, ODP.encode(): ODP}
ZIP_MAX_ENTRIES = 10_000
NAME_MAX = 120


def utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the checks: the bytes to keep (re-encoded for images)."""

    name: str
    content_type: str
    data: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.data)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def label(self) -> str:
        return LABELS[self.content_type]


def refuse(name: str, reason: str):
    raise InvalidInput(_("%(name)s: %(reason)s") % {"name": name, "reason": reason}, field=FIELD)


def macros_refused() -> str:
    return _("documents with macros are not accepted; save it without macros.")


def accepted_types_text() -> str:
    return _("photos and scans (JPEG, PNG, WebP, GIF), PDF, Word, Excel, PowerPoint, ODF")


def check_upload(upload) -> CheckedFile:
    """The checked file of one upload (a Django UploadedFile), or InvalidInput."""
    name = clean_name(getattr(upload, "name", "") or "")
    limit = settings.ATTACHMENT_MAX_BYTES
    if getattr(upload, "oversized", False) or upload.size > limit:
        refuse(
            name,
            _("the file is larger than %(limit)s (%(size)s).")
            % {"limit": filesizeformat(limit), "size": filesizeformat(upload.size)},
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    return check_bytes(name, data)


def check_bytes(name: str, data: bytes) -> CheckedFile:
    name = clean_name(name)
    if len(data) > settings.ATTACHMENT_MAX_BYTES:
        refuse(
            name,
            _("the file is larger than %(limit)s.")
            % {"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
        )
    if not data:
        refuse(name, _("the file is empty."))
    content_type = sniff(name, data)
    if content_type in IMAGE_FORMATS.values():
        data = clean_image(name, data, content_type)
    return CheckedFile(name=named_for(name, content_type), content_type=content_type, data=data)


def sniff(name: str, data: bytes) -> str:
    """The content type the bytes are, or InvalidInput saying the file is not accepted."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return check_pdf(name, data)
    if head.startswith(OLE_SIGNATURE):
        return check_ole(name, data)
    if head.startswith(b"PK\x03\x04"):
        return check_zip_document(name, data)
    refuse(
        name,
        _("this kind of file is not accepted (accepted: %(types)s).")
        % {"types": accepted_types_text()},
    )


def check_pdf(name: str, data: bytes) -> str:
    tail = data[-2048:]
    if not re.match(rb"%PDF-\d\.\d", data[:8]) or b"%%EOF" not in tail or b"startxref" not in tail:
        refuse(name, _("the file says it is a PDF but is not a complete PDF document."))
    return PDF


def check_ole(name: str, data: bytes) -> str:
    # The directory holds the streams' names; a file without a Word, Excel or PowerPoint
    # stream (an installer, an Outlook message) is not a document we accept.
    found = [kind for stream, kind in OLE_STREAMS if utf16(stream) in data]
    if not found:
        refuse(name, _("this Office file is not a Word, Excel or PowerPoint document."))
    if any(utf16(stream) in data for stream in OLE_MACROS):
        refuse(name, macros_refused())
    return found[0]


def check_zip_document(name: str, data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES:
                refuse(name, _("the document has too many parts."))
            names = {entry.filename for entry in entries}
            if entries and entries[0].filename == "mimetype" and entries[0].file_size < 100:
                kind = ODF_TYPES.get(archive.read(entries[0]).strip())
                if kind is not None:
                    if any(n.lower().startswith(("basic/", "scripts/")) for n in names):
                        refuse(name, macros_refused())
                    return kind
            if "[Content_Types].xml" in names:
                for part, kind in OOXML_PARTS:
                    if part in names:
                        if any(n.lower().endswith("vbaproject.bin") for n in names):
                            refuse(name, macros_refused())
                        return kind
    except InvalidInput:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,  # an encrypted part
    ):
        refuse(name, _("the document is damaged and cannot be read."))
    refuse(
        name,
        _("this kind of file is not accepted (accepted: %(types)s).")
        % {"types": accepted_types_text()},
    )


def clean_image(name: str, data: bytes, content_type: str) -> bytes:
    """The image re-encoded in its own format: upright, first frame, no metadata at all
    (EXIF with its GPS position, XMP, comments)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                if IMAGE_FORMATS.get(opened.format) != content_type:
                    raise UnidentifiedImageError(opened.format)
                width, height = opened.size
                if width * height > settings.ATTACHMENT_MAX_PIXELS:
                    refuse(
                        name,
                        _("the image is too large (%(width)s × %(height)s pixels).")
                        % {"width": width, "height": height},
                    )
                opened.seek(0)
                opened.load()
                image = ImageOps.exif_transpose(opened)
                transparency = image.info.get("transparency")
                # Nothing of the original's metadata goes along with the pixels.
                image.info = {} if transparency is None else {"transparency": transparency}
                return encode(image, opened.format)
    except InvalidInput:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ):
        refuse(name, _("the image is damaged or not really an image."))


def encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=90)
    else:
        if image.mode not in ("P", "L"):
            image = image.convert("P", palette=Image.Palette.ADAPTIVE)
        image.save(out, "GIF")
    return out.getvalue()


def clean_name(name: str) -> str:
    """A file name safe to show and to send back: no path, no control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().strip(".").strip()
    if len(name) > NAME_MAX:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10] if dot else ""
        name = (stem if dot else name)[: NAME_MAX - len(ext) - 1] + (f".{ext}" if ext else "")
    return name or _("attachment")


def named_for(name: str, content_type: str) -> str:
    """The name with an extension that matches what the file is."""
    allowed = EXTENSIONS[content_type]
    if name.lower().endswith(allowed):
        return name
    return clean_name(name + allowed[0])


def check_uploads(uploads, *, already: int = 0) -> list[CheckedFile]:
    """Every upload checked (InvalidInput on the first refused), and their number within
    ATTACHMENTS_PER_CASE together with the ``already`` attached."""
    uploads = list(uploads)
    limit = settings.ATTACHMENTS_PER_CASE
    if already + len(uploads) > limit:
        raise InvalidInput(
            _("A case holds at most %(limit)s attachments (%(already)s attached already).")
            % {"limit": limit, "already": already},
            field=FIELD,
        )
    return [check_upload(upload) for upload in uploads]
