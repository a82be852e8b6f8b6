"""Throttling the public pages with Django's cache: no new infrastructure.

A fixed window per (what, organisation, client address): the first counted hit opens a
window of ``seconds``; after ``limit`` hits inside it the client is refused until it ends.
With several web processes, point CACHE_URL at Redis so they share the counters (the
default local-memory cache counts per process).
"""

from typing import NamedTuple

from django.core.cache import cache

from firstask.client_ip import client_address


class Limit(NamedTuple):
    name: str
    limit: int
    seconds: int


FAILED_LOOKUPS = Limit("lookup", 10, 10 * 60)
COMPLAINTS = Limit("complaint", 10, 60 * 60)


def _key(limit, request, scope):
    return f"firstask:ratelimit:{limit.name}:{scope}:{client_address(request)}"


def is_blocked(limit, request, scope):
    return (cache.get(_key(limit, request, scope)) or 0) >= limit.limit


def count(limit, request, scope):
    """Count one hit; returns the hits in the current window."""
    key = _key(limit, request, scope)
    cache.add(key, 0, timeout=limit.seconds)  # opens the window; no-op while it is open
    try:
        return cache.incr(key)
    except ValueError:  # the window closed between add and incr
        cache.add(key, 1, timeout=limit.seconds)
        return 1
