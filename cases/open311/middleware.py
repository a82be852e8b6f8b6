"""The GeoReport error format for what Django refuses before an API view runs, and for
server errors inside one: an oversized body (413), too many fields (400), a 500.

Placed before every middleware that reads a form (settings.MIDDLEWARE), so the API's
body is parsed here first, inside a ``try``; other paths are left to Django's own pages.
"""

import logging

from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext as _

from firstask.middleware import chosen_language

from .errors import error_response

PREFIX = "/open311/"
logger = logging.getLogger("django.request")


def _refusal(error):
    if isinstance(error, RequestDataTooBig):
        return 413, _("The request body is too large.")
    if isinstance(error, TooManyFieldsSent | TooManyFilesSent):
        return 400, _("The request has too many fields.")
    return 400, _("The request body could not be read.")


class GeoReportErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(PREFIX) and request.method == "POST":
            try:
                request.POST  # noqa: B018 (parses the body, as the middleware after it would)
            except (SuspiciousOperation, MultiPartParserError) as error:
                with translation.override(chosen_language(request)):
                    status, description = _refusal(error)
                    return error_response(request, status, description)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not request.path_info.startswith(PREFIX):
            return None
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        response = error_response(request, 500, _("The server could not handle the request."))
        response._has_been_logged = True  # logged above, with the traceback
        return response
