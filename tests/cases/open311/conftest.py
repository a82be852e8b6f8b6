"""An organisation with an integrating system (a 12345 hotline) and its API key."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from cases.models import Integration
from cases.open311.keys import api_key_issue
from tests.cases.time_limits import make_policy
from tests.factories import MatterFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(org):
    make_policy(org.organisation)
    hotline = Integration.objects.create(
        organisation=org.organisation, name="12345热线", channel="phone", registrar=org.clerk
    )
    _api_key, key = api_key_issue(integration=hotline)
    private = MatterFactory(
        organisation=org.organisation, department=org.civil, name="内部事项", is_public=False
    )
    return SimpleNamespace(org=org, hotline=hotline, key=key, private_matter=private)
