"""The integrating systems in the admin: the key shown once and kept only as a digest,
revocation, and the organisation scoping."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cases.models import ApiKey, Integration
from cases.open311.keys import api_key_issue, digest_of
from departments.roles import Role
from tests.cases.open311.client import post_request
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, org):
    administrator = StaffFactory(
        organisation=org.organisation, department=org.office, roles=[Role.ADMINISTRATOR]
    )
    client.force_login(administrator.user)
    client.cookies["django_language"] = "en"
    return client


def messages_of(response):
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def test_creating_a_system_shows_its_key_once_on_the_answer_itself(admin_client, org):
    response = admin_client.post(
        reverse("admin:cases_integration_add"),
        {
            "name": "市民App",
            "channel": "web",
            "registrar": org.clerk.pk,
            "requests_per_minute": 30,
            "is_active": "on",
            "keys-TOTAL_FORMS": "0",
            "keys-INITIAL_FORMS": "0",
        },
    )

    # The answer to the POST shows the key: no redirect, nothing in the messages cookie.
    assert response.status_code == 200
    [key] = re.findall(r"o311_[A-Za-z0-9_-]{43}", response.content.decode())
    assert key not in messages_of(response)
    assert "messages" not in response.cookies
    assert "no-store" in response["Cache-Control"]
    api_key = ApiKey.objects.get()
    assert api_key.integration.organisation == org.organisation
    assert api_key.digest == digest_of(key)
    assert key not in str(ApiKey.objects.values_list()) + str(ApiKey.history.values_list())
    again = admin_client.get(
        reverse("admin:cases_integration_change", args=[api_key.integration_id])
    )
    assert key not in again.content.decode()


def test_a_revoked_key_is_refused_from_then_on(admin_client, client, api):
    api_key = ApiKey.objects.get()

    admin_client.post(
        reverse("admin:cases_apikey_changelist"),
        {"action": "revoke", "_selected_action": [api_key.pk]},
    )

    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert post_request(client, api).status_code == 403


def test_issuing_a_new_key_shows_it_once_and_keeps_the_old_one_until_revoked(admin_client, api):
    response = admin_client.post(
        reverse("admin:cases_integration_changelist"),
        {"action": "issue_key", "_selected_action": [api.hotline.pk]},
    )

    assert response.status_code == 200
    [key] = re.findall(r"o311_[A-Za-z0-9_-]{43}", response.content.decode())
    assert key not in messages_of(response)
    assert "messages" not in response.cookies
    assert ApiKey.objects.filter(revoked_at__isnull=True).count() == 2


def test_other_organisations_systems_are_out_of_sight(admin_client, api, other_organisation):
    elsewhere = StaffFactory(organisation=other_organisation)
    theirs = Integration.objects.create(
        organisation=other_organisation, name="别家热线", registrar=elsewhere
    )
    their_key, _clear = api_key_issue(integration=theirs)

    systems = admin_client.get(reverse("admin:cases_integration_changelist"))
    keys = admin_client.get(reverse("admin:cases_apikey_changelist"))
    page = admin_client.get(reverse("admin:cases_integration_change", args=[theirs.pk]))

    assert "12345热线" in systems.content.decode()
    assert "别家热线" not in systems.content.decode()
    assert ApiKey.objects.get(integration=api.hotline).prefix in keys.content.decode()
    assert their_key.prefix not in keys.content.decode()
    assert page.status_code in (302, 404)


def test_the_delivery_log_shows_status_attempts_and_error_and_redelivers(
    admin_client, client, api, settings
):
    from cases.models import WebhookDelivery, WebhookEndpoint
    from cases.open311.webhook_delivery import drain_webhooks
    from firstask.models import OutboxMessage

    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    response = admin_client.post(
        reverse("admin:cases_webhookendpoint_add"),
        {
            "integration": api.hotline.pk,
            "url": "http://127.0.0.1:9/nobody-listens",
            "events": ["registered", "transferred"],
            "scope": "filed",
            "is_active": "on",
        },
    )
    assert response.status_code == 200  # the page showing the new secret once
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.signing_secrets(endpoint.secret_issued_at)[0] in response.content.decode()
    post_request(client, api)
    drain_webhooks()

    log = admin_client.get(reverse("admin:cases_webhookdelivery_changelist")).content.decode()
    first = WebhookDelivery.objects.order_by("pk").first()
    assert "Registered" in log
    assert "127.0.0.1:9" in log
    assert first.message.attempts == 1
    assert "Connection refused" in first.message.last_error
    assert "Connection refused" in log

    admin_client.post(
        reverse("admin:cases_webhookdelivery_changelist"),
        {"action": "redeliver_selected", "_selected_action": [first.pk]},
    )
    assert OutboxMessage.objects.get(pk=first.message_id).attempts == 0
