"""Delivering webhooks fairly: their own outbox lane and Celery queue, a circuit breaker
and a concurrency limit per endpoint, short time limits, endpoints served in parallel.

The default outbox drain (mail, notices, background work) never touches a webhook: the
lane's own task (``cases.tasks.deliver_webhooks``) runs on the queue WEBHOOK_QUEUE, on
workers of its own. Each run claims a batch of due deliveries and posts them all at once,
one thread each (the database work stays on the task's thread), so a receiver that never
answers costs one time limit per batch, not one per delivery. Per endpoint:

- at most WEBHOOK_ENDPOINT_CONCURRENCY deliveries are under way at once, across all
  workers (its further deliveries wait a moment);
- after WEBHOOK_BREAKER_FAILURES failures in a row the endpoint is paused for
  WEBHOOK_BREAKER_PAUSE seconds: its deliveries stay queued, not attempted, not lost; then
  one trial delivery decides whether it is back.
"""

import concurrent.futures
import datetime as dt
import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from firstask import outbox
from firstask.models import OutboxMessage
from firstask.sealed import Unreadable

from ..models.webhook import WebhookCircuit, WebhookDelivery
from . import egress

logger = logging.getLogger(__name__)

LANE = "webhooks"
TOPIC = "open311.webhook"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def signature_header(secrets: list[str], timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` per valid secret, the newest first, separated by commas (two while
    a rotated secret's overlap lasts): a receiver accepts the delivery if one matches."""
    return ",".join(signature(secret, timestamp, body) for secret in secrets)


def _lease() -> dt.timedelta:
    # The longest a delivery can take (resolving, connecting, answering), with a margin:
    # a place taken by a worker that died is given back after it.
    return dt.timedelta(
        seconds=2 * settings.WEBHOOK_CONNECT_TIMEOUT + settings.WEBHOOK_READ_TIMEOUT + 5
    )


@dataclass
class Job:
    message: OutboxMessage
    delivery: WebhookDelivery | None
    place: str = ""  # the endpoint's place this delivery holds (WebhookCircuit.in_flight)
    body: bytes = b""
    headers: dict | None = None
    status: int | None = None
    error: Exception | None = None


def drain_webhooks(now: dt.datetime | None = None, limit: int | None = None) -> outbox.DrainResult:
    """Deliver one batch of due webhooks; returns what became of them."""
    now = now or timezone.now()
    places = {}  # message id: the endpoint's place its delivery holds
    claimed = outbox.claim(
        now,
        lane=LANE,
        limit=limit or settings.WEBHOOK_DRAIN_BATCH,
        admit=lambda candidates, at: _admit(candidates, at, places),
        lease=_lease(),
    )
    deliveries = _deliveries_of(claimed.messages)
    jobs = [
        _prepare(message, deliveries.get(message.payload.get("delivery")), now, places)
        for message in claimed.messages
    ]
    _post_all([job for job in jobs if job.headers is not None])
    result = outbox.DrainResult(dead=claimed.dead)
    for job in jobs:
        outcome = _settle(job, now)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def _deliveries_of(messages):
    ids = [message.payload.get("delivery") for message in messages]
    rows = WebhookDelivery.objects.filter(pk__in=ids).select_related("endpoint")
    return {delivery.pk: delivery for delivery in rows}


def _admit(candidates, now, places) -> list[OutboxMessage]:
    """Inside the claim: which deliveries go now (each holding a place of its endpoint);
    the others, of a paused or busy endpoint, wait (postponed, not attempted)."""
    deliveries = _deliveries_of(candidates)
    endpoints = {delivery.endpoint_id for delivery in deliveries.values()}
    known = set(WebhookCircuit.objects.filter(pk__in=endpoints).values_list("pk", flat=True))
    for endpoint in endpoints - known:
        WebhookCircuit.objects.get_or_create(endpoint_id=endpoint)
    circuits = WebhookCircuit.objects.select_for_update().in_bulk(list(endpoints))
    admitted = []
    for message in candidates:
        delivery = deliveries.get(message.payload.get("delivery"))
        if delivery is None:
            admitted.append(message)  # its settling records the missing delivery
            continue
        circuit = circuits[delivery.endpoint_id]
        place, wait_until = circuit.take_place(now, _lease())
        if place:
            places[message.pk] = place
            admitted.append(message)
        else:
            outbox.postpone(message, wait_until, circuit.waiting_reason(now))
    for circuit in circuits.values():
        circuit.save()
    return admitted


def _prepare(message, delivery, now, places) -> Job:
    job = Job(message, delivery, place=places.get(message.pk, ""))
    if delivery is None:
        job.error = LookupError(f"webhook delivery {message.payload.get('delivery')} is gone")
        return job
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        return job  # switched off since: nothing to send
    try:
        secrets = endpoint.signing_secrets(now)
    except Unreadable as error:  # sealed under a SECRET_KEY that is gone
        job.error = error
        return job
    job.body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    job.headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "firstask-webhooks",
        "X-Firstask-Event": delivery.event,
        "X-Firstask-Delivery": str(delivery.pk),
        "X-Firstask-Timestamp": timestamp,
        "X-Firstask-Signature": signature_header(secrets, timestamp, job.body),
    }
    return job


def _post_one(job: Job) -> None:
    try:
        # Checked again now (DNS may have changed), and sent to the address checked.
        destination = egress.check(job.delivery.endpoint.url)
        job.status = egress.post(destination, job.body, job.headers)
    except (egress.Refused, egress.Failed) as error:
        job.error = error
    except Exception as error:  # a delivery's failure, whatever it is, is retried
        logger.exception("Webhook delivery %s failed unexpectedly", job.delivery.pk)
        job.error = error


def _post_all(jobs: list[Job]) -> None:
    if not jobs:
        return
    # One thread each: every delivery of the batch ends within its time limits, well
    # inside the lease of its claim.
    with concurrent.futures.ThreadPoolExecutor(len(jobs), thread_name_prefix="webhook") as pool:
        list(pool.map(_post_one, jobs))


def _settle(job: Job, now: dt.datetime) -> str:
    with transaction.atomic():
        outcome = outbox.settle(job.message, now, job.error)
        delivery = job.delivery
        if outcome == "sent" and job.status is not None:
            delivery.delivered_at = now
            delivery.response_status = job.status
            delivery.save(update_fields=["delivered_at", "response_status"])
        if job.place:
            circuit = WebhookCircuit.objects.select_for_update().get(pk=delivery.endpoint_id)
            circuit.give_place_back(job.place)
            if job.error is None and job.status is not None:  # not when switched off
                circuit.succeeded()
            elif job.error is not None and circuit.failed(now, str(job.error)):
                logger.warning(
                    "Webhook %s paused until %s after %s failures in a row",
                    delivery.endpoint,
                    circuit.paused_until,
                    circuit.failures,
                )
            circuit.save()
    return outcome


outbox.lane_topic(TOPIC, lane=LANE, max_attempts=getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 100))
outbox.register_lane(
    LANE, task="cases.tasks.deliver_webhooks", drain=lambda: drain_webhooks().handled
)
