"""The client's address, for rate limits and the login lockout.

Behind a reverse proxy every request comes from the proxy, so the client's address is
taken from ``X-Forwarded-For`` — but only when the request really came through a proxy
listed in ``TRUSTED_PROXIES`` (addresses or networks). Walking the header from the right,
the first address that is not a trusted proxy is the client: anything further left was
written by the client itself and could be forged.
"""

import functools
import ipaddress

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry)


def parse_trusted_proxies(entries: list[str]) -> list[str]:
    """The ``TRUSTED_PROXIES`` entries, checked: a typo fails at start-up, not per request."""
    entries = [entry.strip() for entry in entries if entry.strip()]
    _networks(tuple(entries))  # raises ValueError on a bad entry
    return entries


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if not _is_trusted(address, networks):
            return address
    return remote
