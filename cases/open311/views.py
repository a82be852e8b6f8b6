"""The GeoReport v2 endpoints. Each exists as ``.json`` and ``.xml`` (see urls.py)."""

import datetime as dt
import re

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from firstask.replica import REPLICA, reading_from_replica

from ..attachments.content import FIELD, check_uploads
from ..attachments.download import file_response
from ..errors import CaseActionError
from . import docs, representations, selectors
from .authentication import ApiKeyAuthentication, HasApiKey, PerAddressThrottle, PerKeyThrottle
from .errors import (
    GeoReportError,
    error_response,
    forbidden,
    georeport_exception_handler,
    not_found,
)
from .intake import RequestInput, file_request
from .renderers import ByURLFormat, GeoReportJSONRenderer

CASE_NUMBER = re.compile(r"[A-Z0-9-]{1,30}")
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,40}")
MAX_REQUESTS = 1000  # per answer of GET requests
MAX_SPAN = dt.timedelta(days=90)  # the standard's longest start_date..end_date range
MEDIA_FIELD = "media"


class GeoReportView(APIView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = [PerAddressThrottle]
    parser_classes = [FormParser, MultiPartParser]
    content_negotiation_class = ByURLFormat
    xml_root = "response"

    def get_exception_handler(self):
        return georeport_exception_handler

    def jurisdiction(self, request, *, required=True):
        code = request.query_params.get("jurisdiction_id", "")
        if not code:
            if required:
                raise GeoReportError(_("jurisdiction_id was not provided."))
            return None
        organisation = selectors.jurisdiction(code)
        if organisation is None:
            raise not_found(_("jurisdiction_id provided was not found."))
        return organisation


class ServiceList(GeoReportView):
    xml_root = "services"

    @extend_schema(**docs.SERVICE_LIST)
    @reading_from_replica()
    def get(self, request):
        organisation = self.jurisdiction(request)
        return Response([representations.service(m) for m in selectors.services(organisation)])


class ServiceDefinition(GeoReportView):
    xml_root = "service_definition"

    @extend_schema(**docs.SERVICE_DEFINITION)
    @reading_from_replica()
    def get(self, request, service_code):
        organisation = self.jurisdiction(request)
        matter = selectors.service(organisation, service_code)
        if matter is None:
            raise not_found(_("service_code provided was not found."))
        return Response(representations.service_definition(matter))


class ServiceRequests(GeoReportView):
    xml_root = "service_requests"

    def _posting(self):
        return getattr(self.request, "method", None) == "POST"

    def get_authenticators(self):
        return [ApiKeyAuthentication()] if self._posting() else []

    def get_permissions(self):
        return [HasApiKey()] if self._posting() else []

    def get_throttles(self):
        return [PerKeyThrottle()] if self._posting() else [PerAddressThrottle()]

    @extend_schema(**docs.REQUEST_LIST)
    def get(self, request):
        with reading_from_replica() as alias:
            answer, complete = self._requests(request)
        if alias == REPLICA and not complete:
            answer, _ = self._requests(request)  # some were just filed: the primary has them
        return Response(answer)

    def _requests(self, request) -> tuple[list, bool]:
        """The requests asked for, and whether every one asked for by number was found."""
        organisation = self.jurisdiction(request)
        params = request.query_params
        cases = selectors.public_requests(organisation)
        numbers = _list(params.get("service_request_id", ""))
        if numbers:  # overrides every other parameter, as the standard says
            numbers = [n for n in numbers if CASE_NUMBER.fullmatch(n)][:MAX_REQUESTS] or [""]
            cases = cases.filter(number__in=numbers)
        else:
            cases = self._filtered(cases, params)
        cases = list(cases.order_by("-registered_at", "-pk")[:MAX_REQUESTS])
        promises = representations.Promises(organisation.pk)
        tz = timezone.get_current_timezone()
        media = media_urls(request, cases)
        answer = [
            representations.service_request(c, promises, tz, media_url=media.get(c.pk))
            for c in cases
        ]
        return answer, not numbers or len(cases) >= len(set(numbers))

    def _filtered(self, cases, params):
        codes = _list(params.get("service_code", ""))
        if codes:
            if not all(code.isascii() and code.isdigit() and len(code) < 13 for code in codes):
                raise GeoReportError(_("service_code must be a service's code."))
            cases = cases.filter(matter__in=[int(code) for code in codes])
        statuses = set(_list(params.get("status", "")))
        if not statuses <= {"open", "closed"}:
            raise GeoReportError(_("status must be open, closed, or both."))
        if statuses == {"open"}:
            cases = cases.exclude(state__in=representations.CLOSED_STATES)
        elif statuses == {"closed"}:
            cases = cases.filter(state__in=representations.CLOSED_STATES)
        start = _moment(params, "start_date")
        end = _moment(params, "end_date")
        # A range longer than the standard's 90 days is answered, up to MAX_REQUESTS.
        if start is None and end is None:
            end = timezone.now()
        if start is None:
            start = end - MAX_SPAN
        if end is None:
            end = start + MAX_SPAN
        return cases.filter(registered_at__gte=start, registered_at__lte=end)

    @extend_schema(**docs.REQUEST_CREATE)
    def post(self, request):
        integration = request.auth
        organisation = integration.organisation
        data = _without_nul(request.data)
        code = data.get("jurisdiction_id") or request.query_params.get("jurisdiction_id")
        if code:
            if selectors.jurisdiction(code) is None:
                raise not_found(_("jurisdiction_id provided was not found."))
            if code.strip().upper() != organisation.code:
                raise forbidden(_("api_key is not valid for this jurisdiction_id."))
        form = RequestInput(data=data)
        form.is_valid(raise_exception=True)
        matter = selectors.service(organisation, form.validated_data["service_code"])
        if matter is None:
            raise not_found(_("service_code provided was not found."))
        try:
            # Photos or documents as multipart file parts named "media", checked by content.
            files = check_uploads(request.FILES.getlist(MEDIA_FIELD))
            case, submission = file_request(
                integration=integration, matter=matter, data=form.validated_data, files=files
            )
        except CaseActionError as error:
            field = f"{error.field}: " if error.field and error.field != FIELD else ""
            raise GeoReportError(field + str(error)) from None
        return Response(
            [representations.created_request(case, submission)], status=status.HTTP_201_CREATED
        )


class ServiceRequest(GeoReportView):
    xml_root = "service_requests"

    @extend_schema(**docs.REQUEST_DETAIL)
    def get(self, request, service_request_id):
        with reading_from_replica() as alias:
            answer = self._request(request, service_request_id)
        if alias == REPLICA and answer is None:
            answer = self._request(request, service_request_id)  # just filed, maybe
        if answer is None:
            raise not_found(_("service_request_id provided was not found."))
        return Response(answer)

    def _request(self, request, service_request_id) -> list | None:
        organisation = self.jurisdiction(request)
        if not CASE_NUMBER.fullmatch(service_request_id):
            return None
        case = selectors.public_requests(organisation).filter(number=service_request_id).first()
        if case is None:
            return None
        media = media_urls(request, [case])
        return [representations.service_request(case, media_url=media.get(case.pk))]


def media_urls(request, cases) -> dict[int, str]:
    """The absolute ``media_url`` of each case that came with a file through the API."""
    return selectors.media_urls((case.pk for case in cases), request.build_absolute_uri)


class MediaFile(GeoReportView):
    """GET media/<token>: the file behind a request's ``media_url``, for an integrating
    system of the organisation (its api_key, as for POST). The token is random; the file
    is one sent through the API with a request the API shows (not confidential)."""

    renderer_classes = [GeoReportJSONRenderer]  # for its errors; the file is the file

    def get_authenticators(self):
        return [ApiKeyAuthentication()]

    def get_permissions(self):
        return [HasApiKey()]

    def get_throttles(self):
        return [PerKeyThrottle()]

    @extend_schema(exclude=True)
    def get(self, request, token):
        attachment = None
        if TOKEN.fullmatch(token):
            attachment = selectors.media_file(request.auth.organisation, token)
        if attachment is None:
            raise not_found(_("media provided was not found."))
        return file_response(attachment)


class Token(GeoReportView):
    xml_root = "service_requests"

    @extend_schema(**docs.TOKEN)
    def get(self, request, token):
        with reading_from_replica() as alias:
            answer = self._token(request, token)
        if alias == REPLICA and answer is None:
            answer = self._token(request, token)  # the token of a request just filed
        if answer is None:
            raise not_found(_("token provided was not found."))
        return Response(answer)

    def _token(self, request, token) -> list | None:
        organisation = self.jurisdiction(request)
        if not TOKEN.fullmatch(token):
            return None
        submission = selectors.submission_by_token(organisation, token)
        if submission is None:
            return None
        return [{"service_request_id": submission.case.number, "token": token}]


def _without_nul(data):
    """The form's fields without NUL characters, as the NUL middleware leaves every form.

    DRF parses a url-encoded body again from the raw bytes, past the middleware.
    """
    return {
        key.replace("\x00", ""): value.replace("\x00", "")
        for key, value in data.items()
        if isinstance(value, str)
    }


def _list(value):
    return [part.strip() for part in value.split(",") if part.strip()]


def _moment(params, name):
    value = params.get(name, "")
    if not value:
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise GeoReportError(
            _("%(name)s must be a W3C datetime with its offset, e.g. 2026-11-23T09:00:00+08:00.")
            % {"name": name}
        )
    return moment


def unknown_resource(request):
    """Anything else under /open311/v2/: the standard's 404, in JSON unless .xml was asked."""
    return error_response(request, 404, _("There is no such resource."))
