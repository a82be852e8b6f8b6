"""Every failure of the API answers in the GeoReport error format of the URL's format, also
those Django meets before a view runs (an oversized body, too many fields) and a server
error."""

from urllib.parse import urlencode

import pytest

from cases.models import Case
from tests.cases.open311.client import post_request
from tests.cases.open311.test_api import error_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_oversized_multipart_body_is_413_in_the_error_format(client, api, settings, fmt):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = post_request(client, api, fmt, description="长" * 2000)

    [(code, description)] = error_of(response, 413)
    assert code == 413 and "too large" in description
    assert not Case.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_oversized_urlencoded_body_is_413_in_the_error_format(client, api, settings, fmt):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    data = {
        "jurisdiction_id": api.org.organisation.code,
        "api_key": api.key,
        "description": "长" * 2000,
    }

    response = client.post(
        f"/open311/v2/requests.{fmt}",
        urlencode(data),
        content_type="application/x-www-form-urlencoded",
    )

    assert error_of(response, 413)[0][0] == 413


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_too_many_fields_are_400_in_the_error_format(client, api, settings, fmt):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20

    response = post_request(client, api, fmt, **{f"attribute[x{n}]": "1" for n in range(30)})

    [(code, description)] = error_of(response, 400)
    assert code == 400 and "too many fields" in description


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_server_error_is_500_in_the_error_format(client, api, monkeypatch, fmt):
    def broken(organisation):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("cases.open311.selectors.services", broken)
    client.raise_request_exception = False

    response = client.get(
        f"/open311/v2/services.{fmt}", {"jurisdiction_id": api.org.organisation.code}
    )

    [(code, description)] = error_of(response, 500)
    assert code == 500 and "could not handle" in description
    assert "database went away" not in description


def test_pages_outside_the_api_keep_django_s_own_errors(client, settings, org):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = client.post(f"/p/{org.organisation.code}/complaint/", {"text": "长" * 2000})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
