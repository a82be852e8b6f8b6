"""The client address behind proxies: X-Forwarded-For is believed only from trusted ones."""

import pytest
from django.test import RequestFactory

from firstask.client_ip import client_address, parse_trusted_proxies


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.9", "198.51.100.1", "203.0.113.9"),
        (["10.0.0.0/8"], "203.0.113.9", "198.51.100.1", "203.0.113.9"),
        (["10.0.0.0/8"], "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (["10.0.0.0/8"], "10.0.0.2", "forged, 198.51.100.1", "198.51.100.1"),
        (["10.0.0.0/8"], "10.0.0.2", "198.51.100.1, 10.0.0.3", "198.51.100.1"),
        (["10.0.0.0/8", "::1"], "::1", "2001:db8::5", "2001:db8::5"),
        (["10.0.0.0/8"], "10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_the_client_address(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_a_bad_trusted_proxy_entry_fails_at_start_up():
    with pytest.raises(ValueError):
        parse_trusted_proxies(["10.0.0.0/8", "proxy.example.org"])
