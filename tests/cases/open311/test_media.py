"""Open311: a photo or document comes in as a multipart file part named ``media``; GET
shows it as ``media_url``, an unguessable address that only an integrating system of the
organisation (its api_key) can download from."""

import pytest
from django.urls import reverse

from cases.choices import AttachmentSource, Kind
from cases.models import Case, CaseAttachment, Integration
from cases.open311.keys import api_key_issue
from tests.cases.attachments.conftest import (
    attachment_store,  # noqa: F401 (fixture)
    stored_files,
)
from tests.cases.attachments.files import image_bytes, pdf_bytes, photo_with_gps, upload
from tests.cases.open311.client import post_request
from tests.cases.open311.test_api import error_of
from tests.factories import DepartmentFactory, OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db


def filed_with_photo(client, api):
    response = post_request(client, api, media=upload("pothole.jpg", photo_with_gps()))
    assert response.status_code == 201, response.content
    return Case.objects.get(number=response.json()[0]["service_request_id"])


def media_url_of(client, api, case):
    response = client.get(
        f"/open311/v2/requests/{case.number}.json",
        {"jurisdiction_id": api.org.organisation.code},
    )
    return response.json()[0]["media_url"]


def test_a_photo_posted_as_media_is_kept_with_the_case(client, api):
    case = filed_with_photo(client, api)

    attachment = case.attachments.get()
    assert attachment.source == AttachmentSource.OPEN311
    assert attachment.integration == api.hotline
    assert attachment.uploaded_by == api.hotline.registrar
    assert attachment.content_type == "image/jpeg"


def test_get_shows_media_url_that_downloads_only_with_a_key(client, api):
    case = filed_with_photo(client, api)

    url = media_url_of(client, api, case)

    attachment = case.attachments.get()
    assert url == f"http://testserver/open311/v2/media/{attachment.token}"
    assert case.number not in url and "pothole" not in url
    assert client.get(url).status_code == 403
    with_key = client.get(url, HTTP_X_API_KEY=api.key)
    assert with_key.status_code == 200
    assert with_key["Content-Type"] == "image/jpeg"
    assert with_key["Content-Disposition"].startswith("attachment;")
    assert with_key["X-Content-Type-Options"] == "nosniff"
    assert b"Exif" not in b"".join(with_key.streaming_content)


def test_the_list_shows_media_url_only_for_requests_with_media(client, api):
    with_photo = filed_with_photo(client, api)
    post_request(client, api)

    response = client.get(
        "/open311/v2/requests.json", {"jurisdiction_id": api.org.organisation.code}
    )

    urls = {row["service_request_id"]: row["media_url"] for row in response.json()}
    assert urls.pop(with_photo.number).endswith(with_photo.attachments.get().token)
    assert list(urls.values()) == [None]


def test_another_organisations_key_cannot_download(client, api):
    case = filed_with_photo(client, api)
    elsewhere = OrganisationFactory(code="XX")
    registrar = StaffFactory(
        organisation=elsewhere, department=DepartmentFactory(organisation=elsewhere)
    )
    system = Integration.objects.create(organisation=elsewhere, name="热线", registrar=registrar)
    _key, other_key = api_key_issue(integration=system)

    response = client.get(media_url_of(client, api, case), HTTP_X_API_KEY=other_key)

    assert error_of(response, 404)


def test_files_staff_attached_are_never_media(client, api, org):
    response = post_request(client, api)
    case = Case.objects.get(number=response.json()[0]["service_request_id"])
    client.force_login(org.clerk.user)
    client.post(
        reverse("cases:attach", args=[case.pk]),
        {"attachments": [upload("身份证.png", image_bytes())]},
    )
    client.logout()

    assert case.attachments.count() == 1
    assert media_url_of(client, api, case) is None


def test_a_file_that_only_claims_to_be_a_pdf_is_400_and_nothing_is_filed(
    client,
    api,
    attachment_store,  # noqa: F811
):
    response = post_request(client, api, media=upload("report.pdf", b"%PDF- not really"))

    [(code, description)] = error_of(response, 400)
    assert code == 400 and "report.pdf" in description
    assert not Case.objects.exists() and not CaseAttachment.objects.exists()
    assert stored_files(attachment_store) == []


def test_a_confidential_request_has_no_media_to_download(client, api):
    response = post_request(
        client, api, **{"attribute[kind]": Kind.REPORT}, media=upload("a.pdf", pdf_bytes())
    )
    case = Case.objects.get(number=response.json()[0]["service_request_id"])
    attachment = case.attachments.get()

    download = client.get(f"/open311/v2/media/{attachment.token}", HTTP_X_API_KEY=api.key)

    assert case.is_confidential
    assert error_of(download, 404)
