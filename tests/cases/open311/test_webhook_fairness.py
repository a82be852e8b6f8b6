"""One organisation's webhooks never slow another's mail: webhooks have their own lane,
each endpoint a circuit breaker and a limit on deliveries under way, endpoints are served
in parallel, and an organisation has a capped number of them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.models.webhook import WebhookCircuit, WebhookDelivery, WebhookEndpoint
from cases.open311.webhook_delivery import TOPIC, drain_webhooks
from firstask.models import OutboxMessage, OutboxState
from firstask.tasks import drain_outbox
from tests.cases.open311.client import post_request
from tests.cases.open311.receiver import Receiver, Silent
from tests.cases.open311.webhook_world import SECRET, organisation_with_webhooks, register_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_premises(settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.WEBHOOK_READ_TIMEOUT = 1.0
    settings.WEBHOOK_CONNECT_TIMEOUT = 1.0


def test_a_silent_receiver_of_one_organisation_never_holds_up_anothers_mail(
    org, register, other_organisation, mailoutbox
):
    with Silent() as silent:
        organisation_with_webhooks(other_organisation, silent.url, 6)
        register_case(other_organisation.code)
        case = register()
        services.case_transfer(case=case, by=org.clerk.user, to_department=org.social)

        drain_outbox()  # what a worker of the default queue runs

        assert [m.to for m in mailoutbox] == [[org.social_head.user.email]]
        assert silent.connections == []  # the mail's drain never went near the webhooks
        webhooks = OutboxMessage.objects.filter(topic=TOPIC)
        assert webhooks.count() == 6
        assert set(webhooks.values_list("attempts", flat=True)) == {0}

        # The webhooks' own drain tries all six at once and gives up on each in time.
        result = drain_webhooks()

        assert (result.sent, result.failed) == (0, 6)
        assert len(silent.connections) == 6
    assert set(webhooks.values_list("state", "attempts")) == {(OutboxState.PENDING, 1)}


def test_endpoints_are_served_in_parallel(other_organisation):
    with Receiver() as slow:
        slow.seconds = 0.5
        slow.secret = SECRET
        organisation_with_webhooks(other_organisation, slow.url, 6)
        register_case(other_organisation.code)

        result = drain_webhooks()

    assert result.sent == 6
    assert slow.most_at_once == 6


def test_at_most_the_limit_of_deliveries_to_one_endpoint_are_under_way(client, api, settings):
    settings.WEBHOOK_ENDPOINT_CONCURRENCY = 2
    with Receiver() as slow:
        slow.seconds = 0.5
        endpoint = WebhookEndpoint.objects.create(
            integration=api.hotline, url=slow.url, events=["registered"], scope="all"
        )
        slow.secret = endpoint.issued_secret
        for _ in range(5):
            post_request(client, api)  # five cases: nothing orders them after each other

        first = drain_webhooks()
        assert (first.sent, slow.most_at_once) == (2, 2)
        waiting = OutboxMessage.objects.filter(topic=TOPIC, state=OutboxState.PENDING)
        assert set(waiting.values_list("attempts", flat=True)) == {0}  # not attempts

        start = timezone.now()
        for seconds in range(3, 30, 3):
            drain_webhooks(start + dt.timedelta(seconds=seconds))

    assert slow.most_at_once == 2
    assert len(slow.accepted) == 5
    assert WebhookCircuit.objects.get(endpoint=endpoint).in_flight == []


def test_an_endpoint_failing_in_a_row_is_paused_its_deliveries_wait_then_one_trial(
    client, api, settings
):
    settings.WEBHOOK_BREAKER_FAILURES = 3
    settings.WEBHOOK_BREAKER_PAUSE = 600
    settings.WEBHOOK_ENDPOINT_CONCURRENCY = 1
    with Receiver() as receiver:
        receiver.down = True
        endpoint = WebhookEndpoint.objects.create(
            integration=api.hotline, url=receiver.url, events=["registered"], scope="all"
        )
        receiver.secret = endpoint.issued_secret
        for _ in range(4):
            post_request(client, api)
        now = timezone.now()

        for seconds in (0, 3, 6):
            drain_webhooks(now + dt.timedelta(seconds=seconds))
        circuit = WebhookCircuit.objects.get(endpoint=endpoint)
        assert circuit.failures == 3
        assert circuit.paused_until == now + dt.timedelta(seconds=606)
        assert receiver.refused == 3

        # Paused: nothing is sent, nothing counted, nothing lost.
        attempts = dict(OutboxMessage.objects.filter(topic=TOPIC).values_list("pk", "attempts"))
        for minutes in range(1, 10):
            drain_webhooks(now + dt.timedelta(minutes=minutes))
        assert receiver.refused == 3
        messages = OutboxMessage.objects.filter(topic=TOPIC)
        assert dict(messages.values_list("pk", "attempts")) == attempts
        assert set(messages.values_list("state", flat=True)) == {OutboxState.PENDING}
        assert all("paused" in m.last_error for m in messages if m.attempts == 0)

        # After the pause one trial delivery; it succeeds, and the rest follow.
        receiver.down = False
        after = now + dt.timedelta(seconds=607)
        drain_webhooks(after)
        assert len(receiver.accepted) == 1
        for seconds in range(5, 60, 5):
            drain_webhooks(after + dt.timedelta(seconds=seconds))

    assert len(receiver.accepted) == 4
    assert WebhookCircuit.objects.get(endpoint=endpoint).failures == 0
    assert not WebhookDelivery.objects.filter(delivered_at__isnull=True).exists()


def test_an_organisation_has_at_most_the_cap_of_active_webhooks(api, settings):
    settings.WEBHOOK_MAX_ENDPOINTS = 2
    for n in range(2):
        WebhookEndpoint.objects.create(
            integration=api.hotline, url=f"http://127.0.0.1:9/{n}", events=["registered"]
        )
    third = WebhookEndpoint(
        integration=api.hotline, url="http://127.0.0.1:9/3", events=["registered"]
    )

    with pytest.raises(ValidationError, match="最多可有 2 个启用的 Webhook"):
        third.full_clean()
    third.is_active = False
    third.full_clean()  # a switched-off one does not count
