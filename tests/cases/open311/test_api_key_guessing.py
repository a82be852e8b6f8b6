"""Guessing API keys is throttled per client address: after OPEN311_KEY_FAILURES wrong keys
within the window every POST from that address is refused with 429, in the GeoReport format,
before its key is even looked at."""

import pytest

from cases.models import Case
from tests.cases.open311.client import post_request
from tests.cases.open311.test_api import error_of

pytestmark = pytest.mark.django_db

OTHER = {"REMOTE_ADDR": "198.51.100.9"}


@pytest.fixture
def client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.OPEN311_KEY_FAILURES = 3
    return client


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_wrong_keys_from_one_address_end_in_429_in_the_error_format(client, api, fmt):
    statuses = [
        post_request(client, api, fmt, api_key=f"o311_guess{n}").status_code for n in range(3)
    ]

    refused = post_request(client, api, fmt, api_key="o311_guess9")

    assert statuses == [403, 403, 403]
    [(code, description)] = error_of(refused, 429)
    assert code == 429 and "Too many requests" in description
    assert int(refused["Retry-After"]) > 0


def test_while_refused_even_the_right_key_is_not_looked_at(client, api):
    for n in range(3):
        post_request(client, api, api_key=f"o311_guess{n}")

    response = post_request(client, api)

    assert response.status_code == 429
    assert not Case.objects.exists()


def test_other_addresses_and_right_keys_are_not_counted(client, api):
    for _ in range(5):
        assert post_request(client, api).status_code == 201
    for n in range(3):
        post_request(client, api, api_key=f"o311_guess{n}")

    assert (
        client.post(
            "/open311/v2/requests.json",
            {"jurisdiction_id": api.org.organisation.code, "api_key": "o311_x"},
            **OTHER,
        ).status_code
        == 403
    )
