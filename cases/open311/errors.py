"""Errors in the GeoReport format: a list of ``{code, description}`` with the HTTP status."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from .renderers import GeoReportJSONRenderer, GeoReportXMLRenderer


class GeoReportError(exceptions.APIException):
    """A refusal the standard names, with its status (400, 403 or 404)."""

    def __init__(self, description, status_code=status.HTTP_400_BAD_REQUEST):
        super().__init__(str(description))
        self.status_code = status_code


def not_found(description):
    return GeoReportError(description, status.HTTP_404_NOT_FOUND)


def forbidden(description):
    return GeoReportError(description, status.HTTP_403_FORBIDDEN)


def _flatten(detail, field=None):
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from _flatten(value, None if key == "non_field_errors" else key)
    elif isinstance(detail, list):
        for value in detail:
            yield from _flatten(value, field)
    elif field:
        yield f"{field}: {detail}"
    else:
        yield str(detail)


def descriptions(exc):
    if isinstance(exc, exceptions.ValidationError):
        return list(_flatten(exc.detail)) or [_("The request is not valid.")]
    if isinstance(exc, exceptions.Throttled):
        return [_("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": exc.wait}]
    return [str(exc.detail)]


def georeport_exception_handler(exc, context):
    """DRF's handler for the API's views: every refusal as a GeoReport error list."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        # Open311 answers a missing or invalid api_key with 403, never 401.
        exc.status_code = status.HTTP_403_FORBIDDEN
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.MethodNotAllowed):
        view = context.get("view")
        if view is not None:
            headers["Allow"] = ", ".join(view.allowed_methods)
    set_rollback()
    code = exc.status_code
    body = [{"code": code, "description": text} for text in descriptions(exc)]
    return Response(body, status=code, headers=headers)


class _ErrorMark:
    exception = True


def error_response(request, status_code, description, headers=None):
    """A GeoReport error list outside the API's views (Django refused the request before
    one ran, or none matched): XML when the URL asked for .xml, JSON otherwise."""
    xml = request.path.endswith(".xml")
    renderer = GeoReportXMLRenderer() if xml else GeoReportJSONRenderer()
    body = [{"code": status_code, "description": str(description)}]
    content = renderer.render(body, renderer_context={"response": _ErrorMark})
    return HttpResponse(
        content,
        status=status_code,
        content_type=f"{renderer.media_type}; charset=utf-8",
        headers=headers,
    )
