"""With ATTACHMENTS_S3_BUCKET set, attachments go to an S3-compatible object store (here a
local moto server): stored under their random key, read back through the download view,
never left behind when a check fails."""

import secrets

import boto3
import pytest
from django.urls import reverse

from cases.models import Case
from firstask.storage import attachments_storage
from tests.cases.pages.test_intake_page import URL as INTAKE
from tests.cases.pages.test_intake_page import form_data

from .files import image_bytes, pdf_bytes, scan, upload
from .s3_server import s3_endpoint  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

CREDENTIALS = {"access_key": "testing", "secret_key": "testing-secret"}


@pytest.fixture
def bucket(settings, s3_endpoint):  # noqa: F811
    name = f"attachments-{secrets.token_hex(4)}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
    )
    client.create_bucket(Bucket=name)
    # The STORAGES entry exactly as the settings build it from the ATTACHMENTS_S3_* variables.
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": attachments_storage(
            bucket=name,
            endpoint_url=s3_endpoint,
            region="us-east-1",
            prefix="firstask/attachments",
            location="/nowhere",
            **CREDENTIALS,
        ),
    }
    return client, name


def objects(bucket):
    client, name = bucket
    return [item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", [])]


def test_the_settings_choose_the_object_store_only_with_a_bucket():
    local = attachments_storage(bucket="", location="/srv/firstask/attachments")
    remote = attachments_storage(bucket="b", endpoint_url="http://minio:9000", location="/x")

    assert local["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert local["OPTIONS"]["location"] == "/srv/firstask/attachments"
    assert remote["BACKEND"] == "storages.backends.s3.S3Storage"
    assert remote["OPTIONS"]["endpoint_url"] == "http://minio:9000"
    assert remote["OPTIONS"]["default_acl"] is None


def test_files_attached_at_intake_are_kept_in_the_bucket_and_downloaded_from_it(
    client, org, bucket
):
    client.force_login(org.clerk.user)

    response = client.post(
        INTAKE,
        {**form_data(org), "attachments": [scan("申请表.pdf"), upload("a.png", image_bytes())]},
    )

    assert response.status_code == 302
    case = Case.objects.get()
    keys = objects(bucket)
    assert len(keys) == 2
    assert all(key.startswith("firstask/attachments/") for key in keys)
    assert not any(case.number in key or "申请表" in key for key in keys)
    document = case.attachments.get(content_type="application/pdf")
    opened = client.get(reverse("cases:attachment", args=[document.token]))
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content) == pdf_bytes()


def test_a_refused_file_leaves_nothing_in_the_bucket(client, org, bucket):
    client.force_login(org.clerk.user)

    response = client.post(
        INTAKE, {**form_data(org), "attachments": [scan(), upload("x.pdf", b"%PDF-fake")]}
    )

    assert response.status_code == 400
    assert objects(bucket) == []
