"""Attachments are stored in a directory of the test's own."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def attachment_store(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "attachments")},
        },
    }
    cache.clear()
    yield tmp_path / "attachments"
    cache.clear()


@pytest.fixture
def login(client):
    def login(staff):
        client.force_login(staff.user)
        return client

    return login


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
