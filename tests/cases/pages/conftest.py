"""Fixtures of the page tests: log a named person of ``org`` in, and bulk-made cases."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    # The rate limits count in the cache; every test starts with none used.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def login(client):
    def login(staff):
        client.force_login(staff.user)
        return client

    return login
