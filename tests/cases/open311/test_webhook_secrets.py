"""Signing secrets are write-only: shown once on the answer that creates them, kept
encrypted, never in the admin, the history or the messages cookie; rotated with an overlap
during which deliveries carry both signatures."""

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cases.models.webhook import WebhookEndpoint, WebhookScope
from cases.open311.webhook_delivery import drain_webhooks
from cases.open311.webhooks import rotate_secret
from departments.roles import Role
from firstask.sealed import unseal
from tests.cases.open311.client import post_request
from tests.cases.open311.receiver import Receiver
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"\b[0-9a-f]{64}\b")


def logged_in(client, org, role):
    staff = StaffFactory(organisation=org.organisation, department=org.office, roles=[role])
    client.force_login(staff.user)
    return client


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with Receiver() as running:
        yield running


def add_endpoint(client, api, url):
    return client.post(
        reverse("admin:cases_webhookendpoint_add"),
        {
            "integration": api.hotline.pk,
            "url": url,
            "events": ["registered"],
            "scope": "all",
            "is_active": "on",
        },
    )


def everything_stored_about(endpoint):
    rows = WebhookEndpoint.objects.filter(pk=endpoint.pk).values_list()
    return str(list(rows)) + str(list(endpoint.history.values_list()))


def test_the_secret_is_shown_once_on_the_answer_and_never_again(client, api, receiver):
    admin = logged_in(client, api.org, Role.ADMINISTRATOR)

    response = add_endpoint(admin, api, receiver.url)

    assert response.status_code == 200
    [secret] = SECRET.findall(response.content.decode())
    assert "no-store" in response["Cache-Control"]
    assert "messages" not in response.cookies
    assert secret not in " ".join(str(m) for m in get_messages(response.wsgi_request))
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.signing_secrets(endpoint.secret_issued_at) == [secret]
    assert secret not in everything_stored_about(endpoint)  # sealed; not in the history
    assert unseal(endpoint.secret_sealed) == secret
    for page in (
        reverse("admin:cases_webhookendpoint_change", args=[endpoint.pk]),
        reverse("admin:cases_webhookendpoint_history", args=[endpoint.pk]),
        reverse("admin:cases_webhookendpoint_changelist"),
    ):
        assert secret not in admin.get(page).content.decode(), page


def test_an_auditor_opening_the_webhook_sees_no_secret(client, api, receiver):
    endpoint = WebhookEndpoint.objects.create(
        integration=api.hotline, url=receiver.url, events=["registered"], scope="all"
    )
    endpoint.url = receiver.url + "/v2"
    endpoint.save()  # a second history row
    auditor = logged_in(client, api.org, Role.AUDITOR)

    change = auditor.get(reverse("admin:cases_webhookendpoint_change", args=[endpoint.pk]))
    history = auditor.get(reverse("admin:cases_webhookendpoint_history", args=[endpoint.pk]))
    version = endpoint.history.order_by("history_id").first()
    old = auditor.get(
        reverse(
            "admin:cases_webhookendpoint_simple_history",
            args=[endpoint.pk, version.history_id],
        )
    )

    assert change.status_code == history.status_code == old.status_code == 200
    for page in (change, history, old):
        assert endpoint.issued_secret not in page.content.decode()
        assert not SECRET.search(page.content.decode())


def test_a_rotated_secret_is_shown_once_and_both_sign_until_the_overlap_ends(
    client, api, receiver, settings
):
    settings.WEBHOOK_SECRET_OVERLAP = 3600
    endpoint = WebhookEndpoint.objects.create(
        integration=api.hotline, url=receiver.url, events=["registered"], scope=WebhookScope.ALL
    )
    old = endpoint.issued_secret
    admin = logged_in(client, api.org, Role.ADMINISTRATOR)

    response = admin.post(
        reverse("admin:cases_webhookendpoint_changelist"),
        {"action": "rotate_secrets", "_selected_action": [endpoint.pk]},
    )

    [new] = SECRET.findall(response.content.decode())
    assert new != old
    assert "messages" not in response.cookies
    endpoint.refresh_from_db()
    rotated_at = endpoint.secret_issued_at
    assert endpoint.signing_secrets(rotated_at) == [new, old]
    assert endpoint.signing_secrets(rotated_at + dt.timedelta(seconds=3601)) == [new]
    assert old not in everything_stored_about(endpoint)
    assert new not in everything_stored_about(endpoint)

    # A receiver still on the old secret accepts the deliveries of the overlap.
    receiver.secret = old
    post_request(client, api)
    drain_webhooks()
    [(_path, headers)] = receiver.requests
    assert len(headers["X-Firstask-Signature"].split(",")) == 2
    assert len(receiver.accepted) == 1 and receiver.bad_signatures == 0


def test_after_the_overlap_only_the_new_secret_signs(client, api, receiver, settings):
    settings.WEBHOOK_SECRET_OVERLAP = 0
    endpoint = WebhookEndpoint.objects.create(
        integration=api.hotline, url=receiver.url, events=["registered"], scope=WebhookScope.ALL
    )
    receiver.secret = rotate_secret(endpoint)

    post_request(client, api)
    drain_webhooks()

    [(_path, headers)] = receiver.requests
    assert headers["X-Firstask-Signature"].count("sha256=") == 1
    assert len(receiver.accepted) == 1
