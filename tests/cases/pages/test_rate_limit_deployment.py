"""The rate limits as deployed: behind a trusted proxy each client has its own count, and
with several web processes the count is shared through Redis (CACHE_URL)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from cases import ratelimit

BASE_DIR = Path(__file__).resolve().parents[3]
PROXY = {"REMOTE_ADDR": "10.1.0.2"}


def failed_lookup(client, org, case, **meta):
    url = reverse("public:lookup", args=[org.organisation.code])
    return client.get(url, {"number": case.number, "code": "BADCODE1"}, **meta)


def good_lookup(client, org, case, **meta):
    url = reverse("public:lookup", args=[org.organisation.code])
    return client.get(url, {"number": case.number, "code": case.query_code}, **meta)


def test_behind_a_trusted_proxy_one_client_does_not_lock_out_the_others(
    client, settings, org, transferred
):
    settings.TRUSTED_PROXIES = ["10.1.0.0/16"]
    for _ in range(ratelimit.FAILED_LOOKUPS.limit):
        failed_lookup(client, org, transferred, HTTP_X_FORWARDED_FOR="203.0.113.7", **PROXY)

    neighbour = good_lookup(client, org, transferred, HTTP_X_FORWARDED_FOR="203.0.113.8", **PROXY)
    guesser = good_lookup(client, org, transferred, HTTP_X_FORWARDED_FOR="203.0.113.7", **PROXY)

    assert neighbour.status_code == 200
    assert guesser.status_code == 429


def test_a_forged_forwarded_header_from_an_untrusted_address_changes_nothing(
    client, settings, org, transferred
):
    settings.TRUSTED_PROXIES = ["10.1.0.0/16"]
    for n in range(ratelimit.FAILED_LOOKUPS.limit):
        failed_lookup(client, org, transferred, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    response = good_lookup(client, org, transferred, HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert response.status_code == 429


def _redis_cache_url():
    return settings.CELERY_BROKER_URL.replace("redis://", "rediscache://", 1)


@pytest.mark.redis
def test_several_web_processes_share_the_count_through_redis(settings):
    url = _redis_cache_url()
    scope = f"T{os.getpid()}"
    # Another web process: counts every allowed failed lookup of one client in Redis.
    code = (
        "import django; django.setup();"
        "from django.test import RequestFactory; from cases import ratelimit;"
        "request = RequestFactory().get('/', REMOTE_ADDR='203.0.113.7');"
        f"[ratelimit.count(ratelimit.FAILED_LOOKUPS, request, {scope!r})"
        " for _ in range(ratelimit.FAILED_LOOKUPS.limit)]"
    )
    env = {**os.environ, "CACHE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr

    import environ

    settings.CACHES = {"default": environ.Env.cache_url_config(url)}
    from django.test import RequestFactory

    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    try:
        assert ratelimit.is_blocked(ratelimit.FAILED_LOOKUPS, request, scope)
    finally:
        cache.delete(f"firstask:ratelimit:lookup:{scope}:203.0.113.7")
