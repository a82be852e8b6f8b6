"""Every public page is throttled per client address (PUBLIC_PAGES_PER_MINUTE), through the
same cache counters as the failed lookups and the Open311 API."""

import socket
import time

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import URLPattern, reverse

from cases import public_urls

pytestmark = pytest.mark.django_db

OTHER = {"REMOTE_ADDR": "198.51.100.9"}


def every_public_page(code):
    """Every route of cases/public_urls.py, so a page added later is covered too."""
    urls = []
    for pattern in public_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        kwargs = {"org": code} if "org" in pattern.pattern.converters else {}
        urls.append(reverse(f"public:{pattern.name}", kwargs=kwargs))
    return urls


@pytest.fixture
def limit(settings):
    settings.PUBLIC_PAGES_PER_MINUTE = 3
    return 3


def test_every_public_page_is_refused_with_429_after_the_limit(client, org, limit):
    for url in every_public_page(org.organisation.code):
        cache.clear()
        responses = [client.get(url) for _ in range(limit + 1)]

        assert 429 not in [r.status_code for r in responses[:limit]], url
        assert responses[-1].status_code == 429, url
        assert responses[-1]["Retry-After"] == "60"
        assert 'id="too-many"' in responses[-1].content.decode()


def test_one_address_over_the_limit_leaves_the_others_served(client, org, limit):
    url = reverse("public:directory", args=[org.organisation.code])
    for _ in range(limit + 1):
        client.get(url)

    assert client.get(url).status_code == 429
    assert client.get(url, **OTHER).status_code == 200


def test_the_budget_is_shared_by_all_public_pages(client, org, limit):
    code = org.organisation.code
    client.get(reverse("public:directory", args=[code]))
    client.get(reverse("public:on_duty", args=[code]))
    client.get(reverse("public:lookup", args=[code]))

    assert client.get(reverse("public:complaint", args=[code])).status_code == 429


def test_the_refusal_is_translated(client, org, limit):
    url = reverse("public:on_duty", args=[org.organisation.code])
    for _ in range(limit):
        client.get(url)

    response = client.get(url)

    assert response.status_code == 429
    assert "请等待 1 分钟后重试" in response.content.decode()


def test_a_frozen_cache_lets_the_public_pages_through_quickly(client, org, settings):
    """The counters live in Redis (CACHE_URL); one that stops answering costs a page at
    most its timeout (CACHE_TIMEOUT, 0.25 s) per call, and refuses nobody."""
    listener = socket.socket()  # accepts connections and never answers: a frozen Redis
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    frozen = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_timeout": 0.1, "socket_connect_timeout": 0.1},
        }
    }
    settings.PUBLIC_PAGES_PER_MINUTE = 1
    url = reverse("public:on_duty", args=[org.organisation.code])
    try:
        with override_settings(CACHES=frozen):
            began = time.perf_counter()
            statuses = [client.get(url).status_code for _ in range(3)]
            seconds = time.perf_counter() - began
    finally:
        listener.close()

    assert statuses == [200, 200, 200]
    assert seconds < 3 * 0.5, seconds
