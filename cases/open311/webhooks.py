"""Outgoing webhooks: case events, signed with HMAC-SHA256, delivered through the outbox.

Every service that changes a case writes a timeline line; ``case_events_recorded`` (and
the sweep's ``stage_alerts_recorded`` for overdue stages) reach ``announce`` inside the
action's transaction, which writes one delivery row and one outbox message per subscribed
endpoint. Messages of one endpoint and case share an ordering key, so a receiver gets a
case's events in order; a failing receiver is retried with exponential backoff for days
(``WEBHOOK_MAX_ATTEMPTS``), and its later events of that case wait behind the failing one.
How they are delivered (their own queue, circuit breaker, limits) is in
``webhook_delivery``; where they may go, in ``egress``.

Each delivery is a POST with a JSON body (``event``, ``occurred_at``, ``jurisdiction_id``,
``service_request`` as in GET requests, with the same ``media_url``: the file the request
came with through the API, at the site's address ``SITE_BASE_URL``) and these headers:

    X-Firstask-Event:      the event, e.g. ``transferred``
    X-Firstask-Delivery:   the delivery's id, the same on every retry (deduplicate by it)
    X-Firstask-Timestamp:  Unix seconds when this attempt was signed
    X-Firstask-Signature:  ``sha256=`` + hex HMAC-SHA256(secret, timestamp + "." + body);
                           while a rotated secret's overlap lasts, one per secret,
                           comma-separated, the new one first

A receiver recomputes the signature over the timestamp, a dot and the raw body, compares
it in constant time with each one given, and refuses timestamps more than a few minutes
old. Any 2xx answer is a delivery; anything else (a redirect too, which is not followed,
or no answer within the time limits) is retried.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver

from firstask import outbox
from firstask.models import OutboxMessage, OutboxState

from ..choices import AlertKind, EventAction
from ..models import ApiSubmission, Case, StageAlert
from ..models.webhook import WebhookDelivery, WebhookEndpoint, WebhookEvent, WebhookScope
from ..signals import case_events_recorded
from ..timelimits.sweep import stage_alerts_recorded
from . import selectors
from .filing import integration_filing
from .representations import iso, service_request
from .webhook_delivery import TOPIC

EVENTS = {
    EventAction.REGISTER: WebhookEvent.REGISTERED,
    EventAction.TRANSFER: WebhookEvent.TRANSFERRED,
    EventAction.ACCEPT: WebhookEvent.SIGNED_FOR,
    EventAction.RESOLVE: WebhookEvent.RESOLVED,
    EventAction.CALL_BACK: WebhookEvent.CALLED_BACK,
}


def _endpoints(organisation_id, event):
    return [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(
            integration__organisation=organisation_id,
            integration__is_active=True,
            is_active=True,
        ).select_related("integration__organisation")
        if event in endpoint.events
    ]


def _filed_by(case):
    return (
        integration_filing()
        or ApiSubmission.objects.filter(case=case).values_list("integration", flat=True).first()
    )


def _in_scope(endpoint, case, filer):
    if endpoint.scope == WebhookScope.FILED:
        return filer == endpoint.integration_id
    return not case.is_confidential and case.matter_id is not None and case.matter.is_public


def announce(case: Case, event: str, at) -> list[WebhookDelivery]:
    """Queue ``event`` of ``case`` for every endpoint that wants it (in the caller's
    transaction: nothing is sent for an action that rolls back)."""
    endpoints = _endpoints(case.organisation_id, event)
    if not endpoints:
        return []
    filer = _filed_by(case) if any(e.scope == WebhookScope.FILED for e in endpoints) else None
    endpoints = [e for e in endpoints if _in_scope(e, case, filer)]
    if not endpoints:
        return []
    payload = {
        "event": event,
        "occurred_at": iso(at),
        "jurisdiction_id": endpoints[0].integration.organisation.code,
        "service_request": service_request(case, media_url=media_url(case)),
    }
    deliveries = []
    for endpoint in endpoints:
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, case=case, event=event, occurred_at=at, payload=payload
        )
        delivery.message = _publish(delivery)
        delivery.save(update_fields=["message"])
        deliveries.append(delivery)
    return deliveries


def site_address(path: str) -> str:
    return f"{settings.SITE_BASE_URL.rstrip('/')}{path}"


def media_url(case: Case) -> str | None:
    """The case's ``media_url`` as the API shows it (``selectors.media_urls``)."""
    return selectors.media_urls([case.pk], site_address).get(case.pk)


def _add_media(case: Case) -> None:
    # A request filed through the API gets its file after its registration's timeline line
    # (the attachments are the last step, in the same transaction): its "registered"
    # deliveries, still unsent, are given the media_url the API now shows.
    url = media_url(case)
    if url is None:
        return
    pending = WebhookDelivery.objects.filter(
        case=case, message__state=OutboxState.PENDING, delivered_at__isnull=True
    )
    for delivery in pending:
        request = delivery.payload.get("service_request") or {}
        if request.get("media_url") is None:
            delivery.payload = {
                **delivery.payload,
                "service_request": {**request, "media_url": url},
            }
            delivery.save(update_fields=["payload"])


def _publish(delivery):
    return outbox.publish(
        TOPIC,
        {"delivery": delivery.pk},
        ordering_key=f"webhook:{delivery.endpoint_id}:case:{delivery.case_id}",
        organisation_id=delivery.case.organisation_id,
    )


@receiver(case_events_recorded, dispatch_uid="open311-webhooks-events")
def _on_case_events(sender, events, **kwargs):
    for event in events:
        name = EVENTS.get(event.action)
        if name is not None:
            announce(event.case, name, event.at)
        elif event.action == EventAction.ATTACH:
            _add_media(event.case)


@receiver(stage_alerts_recorded, dispatch_uid="open311-webhooks-overdue")
def _on_overdue(sender, sweep_run, now, **kwargs):
    if not WebhookEndpoint.objects.filter(is_active=True).exists():
        return
    alerts = StageAlert.objects.filter(sweep_run=sweep_run, recorded_at=now, kind=AlertKind.OVERDUE)
    for alert in alerts.select_related("case__matter").order_by("pk"):
        announce(alert.case, WebhookEvent.OVERDUE, alert.crossed_at)


def redeliver(deliveries) -> int:
    """Send the deliveries again: undelivered ones get fresh attempts in their place in the
    case's order; delivered ones are queued anew at the end."""
    count = 0
    with transaction.atomic():
        for delivery in deliveries.select_related("message", "case"):
            message = delivery.message
            if message is not None and message.state != OutboxState.SENT:
                outbox.retry(
                    OutboxMessage.objects.filter(pk=message.pk, created_at=message.created_at)
                )
            else:
                delivery.message = _publish(delivery)
                delivery.delivered_at = None
                delivery.response_status = None
                delivery.save(update_fields=["message", "delivered_at", "response_status"])
            count += 1
    return count


def rotate_secret(endpoint: WebhookEndpoint, now: dt.datetime | None = None) -> str:
    """A new signing secret for ``endpoint`` (returned in clear, to be shown once); the
    old one is still signed with until its overlap ends."""
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        clear = endpoint.issue_secret(now)
        endpoint.save(
            update_fields=[
                "secret_sealed",
                "secret_issued_at",
                "previous_secret_sealed",
                "previous_secret_valid_until",
            ]
        )
    return clear
