"""Where webhooks may go, and the one POST that goes there.

An endpoint URL is typed by an organisation's administrator, so without care it reaches
inside: the cloud metadata service, Redis, PostgreSQL, the admin on 127.0.0.1. The rules:

- https only; plain http only to the networks the operator allows (WEBHOOK_ALLOWED_NETWORKS,
  for receivers on premises);
- no user name or password in the URL;
- the host is resolved when the endpoint is saved and again before every delivery (a name
  may point elsewhere by then: DNS rebinding), and refused when *any* address is loopback,
  private, link-local, multicast, reserved, unspecified or otherwise not global (IPv4
  inside IPv6 is unwrapped), unless the operator allows its network;
- the connection goes to the address that was checked (no second lookup between the check
  and the connect), with the host name for the Host header, TLS SNI and the certificate;
- redirects are not followed (a 3xx answer is a failed delivery), proxies from the
  environment are not used, and connect, read and the whole exchange have short limits.

No maintained library does all of that (urllib follows redirects and honours proxy
variables, requests resolves again when it connects), so the POST is http.client over a
socket this module opens itself.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Names of cloud metadata services, refused whatever they resolve to.
METADATA_HOSTS = {
    "metadata",
    "metadata.google.internal",
    "metadata.goog",
    "instance-data",
    "instance-data.ec2.internal",
    "metadata.tencentyun.com",
}
NAT64 = ipaddress.ip_network("64:ff9b::/96")
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class Refused(Exception):
    """The destination is not allowed; the message says why (in the user's language)."""


@dataclass(frozen=True)
class Destination:
    scheme: str
    host: str
    port: int
    target: str  # path and query, as sent in the request line
    addresses: tuple[str, ...]  # every address the host resolved to, all checked


def allowed_networks():
    return [
        ipaddress.ip_network(entry.strip(), strict=False)
        for entry in getattr(settings, "WEBHOOK_ALLOWED_NETWORKS", [])
        if entry.strip()
    ]


def resolve(host: str, port: int) -> list[str]:
    """Every address of ``host`` (tests replace this to play DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def _resolve_in_time(host, port):
    # A thread per lookup, not a pool: one organisation's slow name servers must not make
    # everybody else's lookups wait in a queue behind theirs.
    answer = {}

    def lookup():
        try:
            answer["addresses"] = resolve(host, port)
        except Exception as error:  # unresolvable, whatever the resolver says
            answer["error"] = error

    thread = threading.Thread(target=lookup, name="webhook-dns", daemon=True)
    thread.start()
    thread.join(settings.WEBHOOK_CONNECT_TIMEOUT)
    if thread.is_alive():
        raise Refused(_("The host %(host)s did not resolve in time.") % {"host": host})
    if "error" in answer:
        raise Refused(_("The host %(host)s could not be resolved.") % {"host": host})
    return answer["addresses"]


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64 or address in NAT64_LOCAL or address in IPV4_COMPATIBLE:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_internal(address: IPAddress) -> bool:
    """Not a public unicast address (or hides a non-public IPv4 address inside)."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None and is_internal(inner):
            return True
    return (
        not address.is_global
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or (isinstance(address, ipaddress.IPv6Address) and address.is_site_local)
    )


def _allowed(address: IPAddress, networks) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def check(url: str) -> Destination:
    """The destination of ``url`` if webhooks may go there, else ``Refused``."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Refused(_("This is not a valid URL.")) from None
    if parts.scheme not in ("https", "http"):
        raise Refused(_("Webhooks are sent to https:// addresses only."))
    if parts.username is not None or parts.password is not None:
        raise Refused(_("The address must not contain a user name or password."))
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise Refused(_("The address has no host."))
    if host in METADATA_HOSTS or host == "localhost" or host.endswith(".localhost"):
        raise Refused(
            _("%(host)s is an internal host: webhooks go to public receivers.") % {"host": host}
        )
    networks = allowed_networks()
    addresses = _resolve_in_time(host, port)
    if not addresses:
        raise Refused(_("The host %(host)s could not be resolved.") % {"host": host})
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if is_internal(address) and not _allowed(address, networks):
            raise Refused(
                _(
                    "The host %(host)s resolves to %(address)s, an internal address "
                    "(loopback, private, link-local, multicast or reserved): webhooks go to "
                    "public receivers, or to the networks the operator allows "
                    "(WEBHOOK_ALLOWED_NETWORKS)."
                )
                % {"host": host, "address": address}
            )
    if parts.scheme == "http" and not all(
        _allowed(ipaddress.ip_address(text.split("%", 1)[0]), networks) for text in addresses
    ):
        raise Refused(
            _(
                "Webhooks are sent to https:// addresses only (plain http only to the "
                "networks the operator allows)."
            )
        )
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Destination(parts.scheme, host, port, target, tuple(addresses))


class _Pinned:
    """A connection to one checked address, whatever the host name resolves to now."""

    def __init__(self, address, timeout):
        self.pinned_address = address
        self.pinned_timeout = timeout

    def connect(self):
        self.sock = socket.create_connection(
            (self.pinned_address, self.port), timeout=self.pinned_timeout
        )
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTP(_Pinned, http.client.HTTPConnection):
    def __init__(self, destination, address, timeout):
        _Pinned.__init__(self, address, timeout)
        http.client.HTTPConnection.__init__(self, destination.host, destination.port)


class _PinnedHTTPS(_Pinned, http.client.HTTPSConnection):
    def __init__(self, destination, address, timeout):
        _Pinned.__init__(self, address, timeout)
        self.tls = ssl.create_default_context()
        http.client.HTTPSConnection.__init__(
            self, destination.host, destination.port, context=self.tls
        )

    def connect(self):
        super().connect()
        self.sock = self.tls.wrap_socket(self.sock, server_hostname=self.host)


class Failed(Exception):
    """The receiver was not reached, or did not answer 2xx."""


def post(destination: Destination, body: bytes, headers: dict[str, str]) -> int:
    """POST to the checked destination; the 2xx status, else ``Failed``."""
    connect_timeout = settings.WEBHOOK_CONNECT_TIMEOUT
    read_timeout = settings.WEBHOOK_READ_TIMEOUT
    kind = _PinnedHTTPS if destination.scheme == "https" else _PinnedHTTP
    errors = []
    for address in destination.addresses[:2]:  # a second chance, not one per address
        connection = kind(destination, address, connect_timeout)
        try:
            connection.connect()
        except OSError as error:
            errors.append(f"{address}: {error}")
            connection.close()
            continue
        return _exchange(connection, destination, body, headers, read_timeout)
    raise Failed(f"{destination.host}: " + "; ".join(errors))


def _exchange(connection, destination, body, headers, read_timeout) -> int:
    connection.sock.settimeout(read_timeout)
    # A receiver dribbling one byte at a time must not hold the worker either.
    watchdog = threading.Timer(read_timeout, _cut, [connection.sock])
    watchdog.start()
    started = time.monotonic()
    try:
        connection.request("POST", destination.target, body=body, headers=headers)
        response = connection.getresponse()
        status = response.status  # the body is not needed, nor waited for
    except (OSError, http.client.HTTPException) as error:
        late = time.monotonic() - started >= read_timeout
        reason = f"no answer within {read_timeout:g} s" if late else str(error)
        raise Failed(f"{destination.host}: {reason or type(error).__name__}") from None
    finally:
        watchdog.cancel()
        connection.close()
    if 300 <= status < 400:
        raise Failed(f"HTTP {status} from {destination.host}: redirects are not followed")
    if not 200 <= status < 300:
        raise Failed(f"HTTP {status} from {destination.host}")
    return status


def _cut(sock):
    with contextlib.suppress(OSError):  # already closed: the exchange has ended
        sock.shutdown(socket.SHUT_RDWR)
