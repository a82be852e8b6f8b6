"""An upload handler that stops keeping an attachment's bytes past ATTACHMENT_MAX_BYTES.

Without it Django would write a file of any size to a temporary file before a form could
say it is too large. For the attachment fields only (other uploads, like the spreadsheet
imports, have limits of their own): once a file passes the limit, the handlers after this
one get no more of it and the form receives an ``OversizedUpload`` of the size sent, which
the checks refuse with the limit in the message.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

# The form fields that carry attachments: the staff and public forms', the Open311 API's.
ATTACHMENT_FIELDS = frozenset({"attachments", "media"})


class OversizedUpload(UploadedFile):
    oversized = True

    def __init__(self, name, size, content_type):
        super().__init__(io.BytesIO(b""), name=name, content_type=content_type, size=size)


class AttachmentSizeCap(FileUploadHandler):
    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.capped = field_name in ATTACHMENT_FIELDS
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        if not self.capped:
            return raw_data
        self.received += len(raw_data)
        if self.received > settings.ATTACHMENT_MAX_BYTES:
            return None  # the handlers after this one keep nothing more of it
        return raw_data

    def file_complete(self, file_size):
        if self.capped and self.received > settings.ATTACHMENT_MAX_BYTES:
            return OversizedUpload(self.file_name, file_size, self.content_type)
        return None
