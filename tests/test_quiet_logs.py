"""Logs say what matters once: a 403 is one line, the embedded broker gives kombu a host
name, and building the demo sends no notices about its made-up history."""

import io
import logging

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_forbidden_page_logs_one_line_without_a_traceback(client, caplog, administrator):
    client.force_login(administrator.user)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("admin:auth_group_add"))

    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].exc_info is None
    assert "\n" not in records[0].getMessage()
    assert "Forbidden" in records[0].getMessage()


def test_the_embedded_broker_connects_without_a_hostname_warning(caplog, tmp_path):
    from kombu import Connection

    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)}
    with caplog.at_level(logging.WARNING, logger="kombu.connection"):
        Connection(settings.CELERY_BROKER_URL, transport_options=options).info()

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        assert "No hostname" not in caplog.text


def test_building_the_demo_queues_no_notices(settings):
    from firstask.models import OutboxMessage

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    call_command("load_demo", stdout=io.StringIO())

    assert not OutboxMessage.objects.exists()
