"""Throttling with Django's cache: the one rate-limit mechanism, no new infrastructure.

A fixed window per (what, scope, who): the first counted hit opens a window of ``seconds``;
after ``limit`` hits inside it the caller is refused until it ends. ``who`` is the client
address (firstask.client_ip) unless told otherwise (an Open311 key's own budget).

Used by the public pages (every page, failed lookups, complaints, ratings), the Open311
API (reads per address, requests per key, failed api_keys per address) and the public
/health/ check.
With several web processes, point CACHE_URL at Redis so they share the counters (the
default local-memory cache counts per process).
"""

import logging
from functools import wraps
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache

from firstask.client_ip import client_address

logger = logging.getLogger(__name__)


def _open_on_cache_failure(fallback):
    """A cache that fails (a frozen Redis, after its socket timeout) lets the call through:
    the pages keep working without their rate limits rather than failing with the cache."""

    def decorate(function):
        @wraps(function)
        def guarded(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception as error:  # any cache error: count nothing, refuse nothing
                logger.warning(
                    "rate limit not counted: the cache failed (%s)", type(error).__name__
                )
                return fallback

        return guarded

    return decorate


class Limit(NamedTuple):
    name: str
    limit: int
    seconds: int


FAILED_LOOKUPS = Limit("lookup", 10, 10 * 60)
COMPLAINTS = Limit("complaint", 10, 60 * 60)
# Ratings sent (好差评), per client address and organisation: a case takes one, so a few
# an hour is plenty for a household; wrong links and codes count as failed lookups.
RATINGS = Limit("rating", 10, 60 * 60)


# Limits read from the settings when used (so a deployment, or a test, can change them).
def public_pages() -> Limit:
    return Limit("page", settings.PUBLIC_PAGES_PER_MINUTE, 60)


def open311_reads() -> Limit:
    return Limit("open311_read", settings.OPEN311_READS_PER_MINUTE, 60)


def open311_key_requests(integration) -> Limit:
    return Limit("open311_key", integration.requests_per_minute, 60)


def open311_key_failures() -> Limit:
    return Limit("open311_bad_key", settings.OPEN311_KEY_FAILURES, 10 * 60)


def _key(limit, request, scope, who):
    who = client_address(request) if who is None else who
    return f"firstask:ratelimit:{limit.name}:{scope}:{who}"


@_open_on_cache_failure(False)
def is_blocked(limit, request, scope="", *, who=None):
    """Whether the window already holds ``limit`` hits (checking counts nothing)."""
    return (cache.get(_key(limit, request, scope, who)) or 0) >= limit.limit


@_open_on_cache_failure(0)
def count(limit, request, scope="", *, who=None):
    """Count one hit; returns the hits in the current window."""
    key = _key(limit, request, scope, who)
    cache.add(key, 0, timeout=limit.seconds)  # opens the window; no-op while it is open
    try:
        return cache.incr(key)
    except ValueError:  # the window closed between add and incr
        cache.add(key, 1, timeout=limit.seconds)
        return 1


def allow(limit, request, scope="", *, who=None):
    """Count one hit; False once it is over the limit (every hit counts: a throttle)."""
    return count(limit, request, scope, who=who) <= limit.limit
