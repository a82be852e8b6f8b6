"""Who is calling: the integrating system of the ``api_key``, and how often it may call.

POST requests need a valid key (403 otherwise, before anything is read or written); the
GET endpoints are public, as the standard has them, and limited per client address.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.throttling import BaseThrottle

from ..ratelimit import client_address
from .keys import integration_for_key

WINDOW = 60  # seconds


class ApiKeyAuthentication(BaseAuthentication):
    """The key from the ``api_key`` parameter (the standard's) or an ``X-Api-Key`` header."""

    def authenticate(self, request):
        key = request.headers.get("X-Api-Key") or _parameter(request, "api_key")
        if not key:
            return None
        integration = integration_for_key(key)
        if integration is None:
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


def _hit(key, limit):
    """Count one hit in the current window; False once over ``limit``."""
    cache.add(key, 0, timeout=WINDOW)
    try:
        hits = cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=WINDOW)
        hits = 1
    return hits <= limit


class PerKeyThrottle(BaseThrottle):
    """Each integrating system's own per-minute budget (set in the admin)."""

    def allow_request(self, request, view):
        integration = request.auth
        if integration is None:
            return True
        key = f"firstask:open311:key:{integration.pk}"
        return _hit(key, integration.requests_per_minute)

    def wait(self):
        return WINDOW


class PerAddressThrottle(BaseThrottle):
    """The public GET endpoints: ``OPEN311_READS_PER_MINUTE`` per client address."""

    def allow_request(self, request, view):
        if request.auth is not None:
            return True
        limit = getattr(settings, "OPEN311_READS_PER_MINUTE", 600)
        return _hit(f"firstask:open311:read:{client_address(request)}", limit)

    def wait(self):
        return WINDOW
