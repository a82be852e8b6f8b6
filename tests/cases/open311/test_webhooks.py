"""Outgoing webhooks: written with the action, signed, delivered once and in order per case
by the outbox, and nothing lost while the receiver is down for a day."""

import datetime as dt
import hashlib
import hmac

import pytest
import time_machine

from cases import services
from cases.models import Case
from cases.models.webhook import WebhookDelivery, WebhookEndpoint, WebhookScope
from cases.open311.webhook_delivery import TOPIC, drain_webhooks, signature
from cases.open311.webhooks import redeliver
from cases.timelimits.sweep import sweep
from firstask.models import OutboxMessage, OutboxState
from tests.cases.attachments.conftest import attachment_store  # noqa: F401 (autouse)
from tests.cases.conftest import T0
from tests.cases.open311.client import post_request
from tests.cases.open311.receiver import Receiver
from tests.cases.open311.test_media import filed_with_photo, media_url_of

pytestmark = pytest.mark.django_db

ALL_EVENTS = ["registered", "transferred", "signed_for", "resolved", "called_back", "overdue"]


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]  # a receiver on premises
    with Receiver() as running:
        yield running


@pytest.fixture
def endpoint(api, receiver):
    hook = WebhookEndpoint.objects.create(
        integration=api.hotline, url=receiver.url, events=ALL_EVENTS, scope=WebhookScope.ALL
    )
    receiver.secret = hook.issued_secret
    return hook


def drain_all(now):
    """Drain the webhooks until nothing more is due at ``now``."""
    while drain_webhooks(now=now).handled:
        pass


def file(client, api):
    return Case.objects.get(number=post_request(client, api).json()[0]["service_request_id"])


def events_per_case(receiver):
    seen = {}
    for _delivery, event, body in receiver.accepted:
        seen.setdefault(body["service_request"]["service_request_id"], []).append(event)
    return seen


def test_every_event_is_delivered_once_in_order_after_a_day_down(client, api, endpoint, receiver):
    with time_machine.travel(T0, tick=False):
        first, second = file(client, api), file(client, api)
        services.case_accept(case=first, by=api.org.handler.user)
        first.refresh_from_db()
        services.case_resolve(case=first, by=api.org.handler.user, outcome="handled", result="已办")
        first.refresh_from_db()
        services.case_call_back(
            case=first, by=api.org.clerk.user, contact_result="reached", satisfaction="satisfied"
        )
    # The second case is never signed for: the sweep finds it overdue.
    sweep(T0 + dt.timedelta(days=10))
    receiver.down = True
    for hour in range(26):  # a day and more without an answer
        drain_all(T0 + dt.timedelta(hours=hour))
    assert receiver.refused >= 20
    assert not OutboxMessage.objects.filter(state=OutboxState.DEAD).exists()

    receiver.down = False
    # Later than the sweep's messages, which were written at the machine's real time. The
    # first delivery is the paused endpoint's trial; once it succeeds, the rest follow.
    for seconds in range(0, 60, 5):
        drain_all(T0 + dt.timedelta(days=60, seconds=seconds))

    deliveries = set(WebhookDelivery.objects.values_list("pk", flat=True))
    accepted = [delivery for delivery, _event, _body in receiver.accepted]
    assert sorted(accepted) == sorted(deliveries)  # each one, exactly once
    assert len(deliveries) == 8
    assert events_per_case(receiver) == {
        first.number: ["registered", "transferred", "signed_for", "resolved", "called_back"],
        second.number: ["registered", "transferred", "overdue"],
    }
    assert receiver.bad_signatures == 0
    webhooks = OutboxMessage.objects.filter(topic=TOPIC)
    assert set(webhooks.values_list("state", flat=True)) == {OutboxState.SENT}
    assert not WebhookDelivery.objects.filter(delivered_at__isnull=True).exists()


def test_the_body_is_the_request_as_get_shows_it_without_personal_data(
    client, api, endpoint, receiver
):
    with time_machine.travel(T0, tick=False):
        case = file(client, api)
    drain_all(T0)

    _delivery, event, body = receiver.accepted[0]
    assert event == "registered"
    assert body["event"] == "registered"
    assert body["jurisdiction_id"] == api.org.organisation.code
    assert body["service_request"]["service_request_id"] == case.number
    assert body["occurred_at"] == "2026-11-23T09:00:00+08:00"
    assert "13900000009" not in str(body) and "张三" not in str(body)


def test_the_body_carries_the_media_url_as_get_shows_it(client, api, endpoint, receiver, settings):
    settings.SITE_BASE_URL = "https://firstask.example.cn/"
    with time_machine.travel(T0, tick=False):
        with_photo = filed_with_photo(client, api)
        services.case_accept(case=with_photo, by=api.org.handler.user)
        without = file(client, api)
    drain_all(T0)

    token = with_photo.attachments.get().token
    expected = f"https://firstask.example.cn/open311/v2/media/{token}"
    media = {
        (body["service_request"]["service_request_id"], event): body["service_request"]["media_url"]
        for _delivery, event, body in receiver.accepted
    }
    assert media == {
        (with_photo.number, "registered"): expected,  # the file came after the timeline line
        (with_photo.number, "transferred"): expected,
        (with_photo.number, "signed_for"): expected,
        (without.number, "registered"): None,
        (without.number, "transferred"): None,
    }
    assert media_url_of(client, api, with_photo).endswith(expected.split("v2", 1)[1])
    assert client.get(expected.replace("https://firstask.example.cn", "")).status_code == 403
    with_key = client.get(
        expected.replace("https://firstask.example.cn", ""), HTTP_X_API_KEY=api.key
    )
    assert with_key.status_code == 200


def test_signature_is_hmac_sha256_over_timestamp_dot_body():
    body = b'{"event":"resolved"}'
    expected = hmac.new(b"s3cret", b"1700000000." + body, hashlib.sha256).hexdigest()

    assert signature("s3cret", "1700000000", body) == f"sha256={expected}"


def test_nothing_is_queued_for_an_action_that_is_refused(client, api, endpoint):
    response = post_request(client, api, description="长" * 4001)

    assert response.status_code == 400
    assert not WebhookDelivery.objects.exists()
    assert not OutboxMessage.objects.filter(topic="open311.webhook").exists()


def test_deliveries_are_written_in_the_actions_transaction(client, api, endpoint):
    case = file(client, api)

    deliveries = WebhookDelivery.objects.filter(case=case).order_by("pk")
    assert [d.event for d in deliveries] == ["registered", "transferred"]
    assert all(d.message.state == OutboxState.PENDING for d in deliveries)
    assert {d.message.ordering_key for d in deliveries} == {f"webhook:{endpoint.pk}:case:{case.pk}"}


def test_a_filed_scope_hears_only_of_the_cases_its_system_filed(client, api, endpoint, register):
    endpoint.scope = WebhookScope.FILED
    endpoint.save()

    at_the_desk = register()
    services.case_transfer(case=at_the_desk, by=api.org.clerk.user)
    filed = file(client, api)

    assert not WebhookDelivery.objects.filter(case=at_the_desk).exists()
    assert WebhookDelivery.objects.filter(case=filed).count() == 2


def test_confidential_cases_reach_only_the_system_that_filed_them(client, api, endpoint):
    report = Case.objects.get(
        number=post_request(client, api, **{"attribute[kind]": "report"}).json()[0][
            "service_request_id"
        ]
    )
    assert not WebhookDelivery.objects.filter(case=report).exists()

    endpoint.scope = WebhookScope.FILED
    endpoint.save()
    services.case_accept(case=report, by=api.org.handler.user)

    assert [d.event for d in WebhookDelivery.objects.filter(case=report)] == ["signed_for"]


def test_only_the_chosen_events_are_sent(client, api, endpoint):
    endpoint.events = ["resolved"]
    endpoint.save()

    file(client, api)

    assert not WebhookDelivery.objects.exists()


def test_redeliver_sends_a_delivered_event_again_and_revives_a_dead_one(
    client, api, endpoint, receiver
):
    case = file(client, api)
    drain_all(T0 + dt.timedelta(days=30))
    drain_all(T0 + dt.timedelta(days=30, seconds=5))
    registered, transferred = WebhookDelivery.objects.filter(case=case).order_by("pk")
    OutboxMessage.objects.filter(pk=transferred.message_id).update(state=OutboxState.DEAD)
    receiver.accepted.clear()

    redeliver(WebhookDelivery.objects.filter(pk__in=[registered.pk, transferred.pk]))
    drain_all(T0 + dt.timedelta(days=30))

    assert sorted(d for d, _e, _b in receiver.accepted) == [registered.pk, transferred.pk]
