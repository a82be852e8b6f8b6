"""The one way a stored attachment leaves the server: as a download of its own type."""

import logging

from django.http import FileResponse, Http404

from ..services.attachments import attachment_storage

logger = logging.getLogger(__name__)


def file_response(attachment) -> FileResponse:
    """The stored file as a download (``Content-Disposition: attachment``), with the type
    its content was found to be and ``nosniff``: a browser never shows it inline or
    guesses another type. Whoever calls this has checked the permissions."""
    try:
        stored = attachment_storage().open(attachment.storage_key, "rb")
    except FileNotFoundError:  # lost from the store (a restore without the files)
        logger.error("attachment %s: no file under %s", attachment.pk, attachment.storage_key)
        raise Http404 from None
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
