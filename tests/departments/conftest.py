"""Fixtures of the departments tests."""

import pytest
from django.utils import translation


@pytest.fixture
def admin_client(client, administrator):
    """The client logged in as the organisation's administrator."""
    client.force_login(administrator.user)
    return client


@pytest.fixture
def chinese():
    """Messages in Chinese (the default language) outside a request too."""
    with translation.override("zh-hans"):
        yield
