"""The person sends photos with a complaint on the public page; oversized uploads are cut
off while they arrive and refused with a message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from cases.choices import AttachmentSource, EventAction
from cases.models import Case, CaseAttachment
from tests.cases.pages.test_public_complaint import TEXT
from tests.cases.pages.test_public_complaint import url as complaint_url

from .conftest import stored_files
from .files import image_bytes, pdf_bytes, photo_with_gps, upload

pytestmark = pytest.mark.django_db


def complain(client, org, files):
    data = {"staff": org.clerk.badge_number, "text": TEXT, "name": "市民乙", "phone": "139"}
    return client.post(complaint_url(org), {**data, "attachments": files})


def test_photos_sent_with_a_public_complaint_are_kept_for_the_supervising_office(client, org):
    response = complain(client, org, [upload("窗口.jpg", photo_with_gps(), "image/jpeg")])

    assert response.status_code == 302
    case = Case.objects.get()
    attachment = case.attachments.get()
    assert attachment.source == AttachmentSource.PUBLIC
    assert attachment.uploaded_by is None
    assert case.is_confidential
    line = case.events.get(action=EventAction.ATTACH)
    assert line.actor is None and "窗口.jpg" not in line.note
    client.force_login(org.supervisor.user)
    assert client.get(attachment.get_absolute_url()).status_code == 200
    client.force_login(org.clerk.user)  # the staff member complained about
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_a_public_complaint_with_a_wrong_file_is_refused_whole(client, org, attachment_store):
    response = complain(client, org, [upload("照片.jpg", b"<script>alert(1)</script>")])

    assert response.status_code == 400
    assert "照片.jpg" in response.content.decode()
    assert not Case.objects.exists()
    assert stored_files(attachment_store) == []


def test_the_complaint_page_takes_files(client, org):
    page = client.get(complaint_url(org)).content.decode()

    assert 'enctype="multipart/form-data"' in page and 'name="attachments"' in page


def test_an_upload_over_the_limit_is_not_kept_while_it_arrives(settings):
    settings.ATTACHMENT_MAX_BYTES = 10_000
    big = SimpleUploadedFile("big.pdf", pdf_bytes("x" * 50_000), "application/pdf")
    small = SimpleUploadedFile("small.pdf", pdf_bytes(), "application/pdf")
    other = SimpleUploadedFile("import.xlsx", b"y" * 50_000)

    request = RequestFactory().post(
        "/", {"attachments": [big, small], "import_file": other, "text": "x"}
    )

    oversized, kept = request.FILES.getlist("attachments")
    assert oversized.oversized and oversized.size > 50_000 and oversized.read() == b""
    assert kept.read() == pdf_bytes()
    assert len(request.FILES["import_file"].read()) == 50_000  # other uploads: their limits


def test_an_oversized_upload_on_the_case_page_is_a_message(client, org, in_handling, settings):
    settings.ATTACHMENT_MAX_BYTES = 10_000
    client.force_login(org.handler.user)

    response = client.post(
        reverse("cases:attach", args=[in_handling.pk]),
        {"attachments": [upload("大照片.png", image_bytes("PNG") + b"\x00" * 20_000)]},
    )

    assert response.status_code == 400
    assert "大照片.png" in response.content.decode()
    assert not CaseAttachment.objects.exists()
