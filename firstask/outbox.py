"""The transactional outbox: what to deliver is written in the action's own transaction.

``publish`` adds a row inside the caller's transaction, so a rolled-back action sends
nothing and a committed one cannot lose its message, whatever the broker does. Workers
``drain`` the due rows: each row is claimed with ``SELECT … FOR UPDATE SKIP LOCKED``,
delivered and marked sent in one transaction, so two drains never deliver the same row
and a drain killed mid-delivery leaves the row pending for the next one. A handler that
raises is retried with exponential backoff; after ``max_attempts`` the row is ``dead``
(the admin shows it and can retry it). Rows with the same non-empty ``ordering_key`` are
delivered strictly in id order: an undelivered one (pending or dead) holds back the later.
"""

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models import OutboxMessage, OutboxState

logger = logging.getLogger(__name__)

Deliver = Callable[[OutboxMessage], None]


@dataclass(frozen=True)
class Handler:
    deliver: Deliver
    max_attempts: int


_handlers: dict[str, Handler] = {}
_fallbacks: list[Callable[[str], Handler | None]] = []


def handler(topic: str, *, max_attempts: int | None = None) -> Callable[[Deliver], Deliver]:
    """Register ``deliver(message)`` for a topic; it raises to have the message retried."""

    def register(deliver: Deliver) -> Deliver:
        attempts = max_attempts or settings.OUTBOX_MAX_ATTEMPTS
        _handlers[topic] = Handler(deliver, attempts)
        return deliver

    return register


def register_fallback(find: Callable[[str], Handler | None]) -> None:
    """A lookup for topics without a registered handler (the queue's Celery tasks)."""
    _fallbacks.append(find)


def handler_for(topic: str) -> Handler | None:
    found = _handlers.get(topic)
    for find in _fallbacks:
        if found is not None:
            break
        found = find(topic)
    return found


def publish(
    topic: str,
    payload: dict,
    *,
    ordering_key: str = "",
    organisation_id: int | None = None,
) -> OutboxMessage:
    """Write a message in the current transaction and ask a worker to drain after commit."""
    from .nudge import nudge_on_commit

    message = OutboxMessage.objects.create(
        topic=topic,
        payload=payload,
        ordering_key=ordering_key,
        organisation_id=organisation_id,
    )
    nudge_on_commit()
    return message


def publish_many(topic: str, payloads: list[dict]) -> list[OutboxMessage]:
    """Many messages of one topic in one INSERT (the sweep's digests)."""
    from .nudge import nudge_on_commit

    if not payloads:
        return []
    messages = OutboxMessage.objects.bulk_create(
        OutboxMessage(topic=topic, payload=payload) for payload in payloads
    )
    nudge_on_commit()
    return messages


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: doubling from the base, up to the cap."""
    base = settings.OUTBOX_BACKOFF_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), settings.OUTBOX_BACKOFF_MAX))


def due(now: datetime):
    """Pending rows whose time has come and that no earlier row of their key holds back."""
    earlier_unsent = OutboxMessage.objects.filter(
        ordering_key=OuterRef("ordering_key"), id__lt=OuterRef("id")
    ).exclude(state=OutboxState.SENT)
    return (
        OutboxMessage.objects.filter(state=OutboxState.PENDING, available_at__lte=now)
        .exclude(~Q(ordering_key="") & Exists(earlier_unsent))
        .order_by("available_at", "id")
    )


@dataclass
class DrainResult:
    sent: int = 0
    failed: int = 0
    dead: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.failed + self.dead


def drain(now: datetime | None = None, limit: int = 100) -> DrainResult:
    """Deliver up to ``limit`` due messages, one transaction each."""
    result = DrainResult()
    for _ in range(limit):
        outcome = _deliver_next(now or timezone.now())
        if outcome is None:
            break
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def _deliver_next(now: datetime) -> str | None:
    with transaction.atomic():
        message = due(now).select_for_update(skip_locked=True, of=("self",)).first()
        if message is None:
            return None
        found = handler_for(message.topic)
        try:
            if found is None:
                raise LookupError(f"no handler for the topic {message.topic!r}")
            with transaction.atomic():  # a failed delivery leaves none of its writes
                found.deliver(message)
        except Exception as exc:  # any handler error means "try again later"
            return _failed(message, exc, now, found.max_attempts if found else None)
        message.state = OutboxState.SENT
        message.sent_at = now
        message.attempts += 1
        message.last_error = ""
        message.save(update_fields=["state", "sent_at", "attempts", "last_error"])
        return "sent"


def _failed(message: OutboxMessage, exc: Exception, now: datetime, max_attempts) -> str:
    message.attempts += 1
    message.last_error = "".join(traceback.format_exception_only(exc)).strip()[:2000]
    limit = max_attempts or settings.OUTBOX_MAX_ATTEMPTS
    if message.attempts >= limit:
        message.state = OutboxState.DEAD
        logger.error("Outbox message %s (%s) is dead: %s", message.pk, message.topic, exc)
    else:
        message.available_at = now + backoff(message.attempts)
        logger.warning(
            "Outbox message %s (%s) failed, attempt %s: %s",
            message.pk,
            message.topic,
            message.attempts,
            exc,
        )
    message.save(update_fields=["attempts", "last_error", "state", "available_at"])
    return "dead" if message.state == OutboxState.DEAD else "failed"


def retry(messages, now: datetime | None = None) -> int:
    """Give dead (or waiting) messages a fresh set of attempts, due at once."""
    count = 0
    with transaction.atomic():
        for message in messages.select_for_update().exclude(state=OutboxState.SENT):
            message.state = OutboxState.PENDING
            message.attempts = 0
            message.available_at = now or timezone.now()
            message.save(update_fields=["state", "attempts", "available_at"])
            count += 1
    if count:
        from .nudge import nudge_on_commit

        nudge_on_commit()
    return count


@dataclass(frozen=True)
class Backlog:
    pending: int
    dead: int
    oldest_pending_at: datetime | None


def backlog(organisation_id: int | None = None) -> Backlog:
    rows = OutboxMessage.objects.exclude(state=OutboxState.SENT)
    if organisation_id is not None:
        rows = rows.filter(organisation_id=organisation_id)
    pending = rows.filter(state=OutboxState.PENDING)
    oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
    return Backlog(pending.count(), rows.filter(state=OutboxState.DEAD).count(), oldest)
