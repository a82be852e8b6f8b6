"""Who is calling: the integrating system of the ``api_key``, and how often it may call.

POST requests need a valid key (403 otherwise, before anything is read or written); the
GET endpoints are public, as the standard has them, and limited per client address.
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.throttling import BaseThrottle

from .. import ratelimit
from .keys import integration_for_key


class ApiKeyAuthentication(BaseAuthentication):
    """The key from the ``api_key`` parameter (the standard's) or an ``X-Api-Key`` header.

    Wrong keys count per client address (``OPEN311_KEY_FAILURES`` per 10 minutes); past
    that, every key from the address is refused with 429 without being looked at, so keys
    cannot be guessed (nor a right guess told apart from a wrong one).
    """

    def authenticate(self, request):
        key = request.headers.get("X-Api-Key") or _parameter(request, "api_key")
        if not key:
            return None
        failures = ratelimit.open311_key_failures()
        if ratelimit.is_blocked(failures, request):
            raise exceptions.Throttled(wait=failures.seconds)
        integration = integration_for_key(key)
        if integration is None:
            ratelimit.count(failures, request)
            raise exceptions.AuthenticationFailed(_("api_key was not valid."))
        return (None, integration)


def _parameter(request, name):
    value = request.query_params.get(name)
    if request.method == "POST":
        try:
            value = request.data.get(name, value)
        except (AttributeError, exceptions.ParseError, exceptions.UnsupportedMediaType):
            return value
    return value if isinstance(value, str) else None


class HasApiKey(BasePermission):
    message = _("api_key was not provided.")

    def has_permission(self, request, view):
        if request.auth is None:
            # DRF checks permissions before it would otherwise notice the missing key.
            raise exceptions.NotAuthenticated(_("api_key was not provided."))
        return True


class PerKeyThrottle(BaseThrottle):
    """Each integrating system's own per-minute budget (set in the admin)."""

    def allow_request(self, request, view):
        integration = request.auth
        if integration is None:
            return True
        limit = ratelimit.open311_key_requests(integration)
        return ratelimit.allow(limit, request, who=f"integration-{integration.pk}")

    def wait(self):
        return 60


class PerAddressThrottle(BaseThrottle):
    """The public GET endpoints: ``OPEN311_READS_PER_MINUTE`` per client address."""

    def allow_request(self, request, view):
        if request.auth is not None:
            return True
        return ratelimit.allow(ratelimit.open311_reads(), request)

    def wait(self):
        return ratelimit.open311_reads().seconds
