"""The transactional outbox: what to deliver is written in the action's own transaction.

``publish`` adds a row inside the caller's transaction, so a rolled-back action sends
nothing and a committed one cannot lose its message, whatever the broker does.

Workers ``drain`` the due rows in two steps. ``claim`` takes a row with ``SELECT … FOR
UPDATE SKIP LOCKED`` and records the attempt (its number, when it started, and a lease:
the row is due again after this attempt's backoff) in a transaction of its own, committed
before anything is sent. The delivery then runs in a second transaction that locks the row
again and marks it sent, so the handler's own writes and "sent" commit together, and two
drains never deliver one row at once. A worker that dies after sending but before that
commit leaves a recorded attempt without an outcome: the row is retried after the lease,
as the same message (mail keeps its Message-ID, webhooks their delivery id), so delivery is
at least once and a repeat is recognisable. A handler that raises is retried with
exponential backoff; after ``max_attempts`` the row is ``dead`` (the admin shows it and can
retry it). Rows with the same non-empty ``ordering_key`` are delivered strictly in id
order: an undelivered one (pending or dead) holds back the later.

A handler with a lease (long work: the spreadsheet exports) is delivered outside any
transaction instead, so that it can commit its own progress as it goes: its claim keeps
other drains off the row for the lease, and ``settle`` records the outcome afterwards.

Topics belong to lanes. The default lane is drained by ``firstask.tasks.drain_outbox``;
another lane (the webhooks) has its own drain task on its own Celery queue, so a slow
receiver there never holds up the mail of the default lane.
"""

import contextlib
import contextvars
import logging
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import OutboxMessage, OutboxState
from .nudge import nudge_on_commit
from .outbox_topics import (  # noqa: F401 (the outbox's API, where its users import it)
    DEFAULT_LANE,
    Deliver,
    Handler,
    _handlers,
    handler,
    handler_for,
    lane_of,
    lane_topic,
    lanes,
    lease_of,
    max_attempts_of,
    register_fallback,
    register_lane,
)

logger = logging.getLogger(__name__)

_delivering: contextvars.ContextVar[OutboxMessage | None] = contextvars.ContextVar(
    "outbox_delivering", default=None
)


def delivering() -> OutboxMessage | None:
    """The message whose handler is running in this thread (for a stable Message-ID)."""
    return _delivering.get()


def publish(
    topic: str,
    payload: dict,
    *,
    ordering_key: str = "",
    organisation_id: int | None = None,
) -> OutboxMessage:
    """Write a message in the current transaction and ask a worker to drain after commit."""
    message = OutboxMessage.objects.create(
        topic=topic,
        payload=payload,
        ordering_key=ordering_key,
        organisation_id=organisation_id,
    )
    nudge_on_commit(lane_of(topic))
    return message


def publish_many(topic: str, payloads: list[dict]) -> list[OutboxMessage]:
    """Many messages of one topic in one INSERT (the sweep's digests)."""
    if not payloads:
        return []
    messages = OutboxMessage.objects.bulk_create(
        OutboxMessage(topic=topic, payload=payload) for payload in payloads
    )
    nudge_on_commit(lane_of(topic))
    return messages


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: doubling from the base, up to the cap."""
    base = settings.OUTBOX_BACKOFF_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), settings.OUTBOX_BACKOFF_MAX))


def _lane_topics(lane: str) -> list[str]:
    return [topic for topic, found in _handlers.items() if found.lane == lane]


def due(now: datetime, lane: str = DEFAULT_LANE) -> QuerySet[OutboxMessage]:
    """Pending rows of ``lane`` whose time has come and that no earlier row of their key
    holds back."""
    earlier_unsent = OutboxMessage.objects.filter(
        ordering_key=OuterRef("ordering_key"), id__lt=OuterRef("id")
    ).exclude(state=OutboxState.SENT)
    rows = OutboxMessage.objects.filter(state=OutboxState.PENDING, available_at__lte=now)
    if lane == DEFAULT_LANE:
        others = [t for t, found in _handlers.items() if found.lane != DEFAULT_LANE]
        rows = rows.exclude(topic__in=others) if others else rows
    else:
        rows = rows.filter(topic__in=_lane_topics(lane))
    return rows.exclude(~Q(ordering_key="") & Exists(earlier_unsent)).order_by("available_at", "id")


@dataclass
class Claimed:
    messages: list[OutboxMessage] = field(default_factory=list)
    dead: int = 0  # rows whose last allowed attempt had died without an outcome

    def __bool__(self) -> bool:
        return bool(self.messages or self.dead)


Admit = Callable[[list[OutboxMessage], datetime], list[OutboxMessage]]


def claim(
    now: datetime,
    *,
    lane: str = DEFAULT_LANE,
    limit: int = 1,
    admit: Admit | None = None,
    lease: timedelta = timedelta(0),
) -> Claimed:
    """Take up to ``limit`` due messages of ``lane`` and record their attempts, committed
    before anything is sent. A claimed row is due again after this attempt's backoff, or
    ``lease`` if longer (the longest a delivery outside a held row lock may take).
    ``admit(candidates, now)``, called with the rows locked, may keep some back
    (``postpone`` them); it returns those to attempt now."""
    claimed = Claimed()
    with transaction.atomic():
        candidates = list(due(now, lane).select_for_update(skip_locked=True, of=("self",))[:limit])
        fresh = []
        for message in candidates:
            if message.attempts >= max_attempts_of(message.topic):
                _give_up(message, "the last attempt ended without an outcome (worker stopped?)")
                claimed.dead += 1
            else:
                fresh.append(message)
        for message in admit(fresh, now) if admit is not None else fresh:
            message.attempts += 1
            message.attempted_at = now
            own_lease = lease_of(message.topic) or timedelta(0)
            message.available_at = now + max(backoff(message.attempts), lease, own_lease)
            message.last_error = f"attempt {message.attempts} started, no outcome recorded yet"
            message.save(update_fields=["attempts", "attempted_at", "available_at", "last_error"])
            claimed.messages.append(message)
    return claimed


def postpone(message: OutboxMessage, until: datetime, reason: str = "") -> None:
    """Not now and not an attempt: due again at ``until`` (inside ``admit``)."""
    message.available_at = until
    message.last_error = reason or message.last_error
    message.save(update_fields=["available_at", "last_error"])


def settle(message: OutboxMessage, now: datetime, error: Exception | None = None) -> str:
    """Record the outcome of a claimed attempt: "sent", "failed" or "dead"; "lost" when
    the claim has been taken over meanwhile (its lease ran out, or it was retried)."""
    with transaction.atomic():
        current = _still_claimed(message)
        if current is None:
            return "lost"
        return _record(current, now, error)


@contextlib.contextmanager
def delivering_message(message: OutboxMessage) -> Iterator[None]:
    token = _delivering.set(message)
    try:
        yield
    finally:
        _delivering.reset(token)


@dataclass
class DrainResult:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    lost: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.failed + self.dead


def drain(now: datetime | None = None, limit: int = 100) -> DrainResult:
    """Deliver up to ``limit`` due messages of the default lane, one at a time."""
    result = DrainResult()
    for _ in range(limit):
        outcome = _deliver_next(now or timezone.now())
        if outcome is None:
            break
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def _deliver_next(now: datetime) -> str | None:
    claimed = claim(now)
    if not claimed:
        return None
    if claimed.dead:
        return "dead"
    found = handler_for(claimed.messages[0].topic)
    if found is not None and found.deliver is not None and found.lease is not None:
        return _deliver_outside_transaction(claimed.messages[0], found.deliver, now)
    with transaction.atomic():
        message = _still_claimed(claimed.messages[0])
        if message is None:
            return "lost"
        found = handler_for(message.topic)
        try:
            if found is None or found.deliver is None:
                raise LookupError(f"no handler for the topic {message.topic!r}")
            # A failed delivery leaves none of its writes.
            with delivering_message(message), transaction.atomic():
                found.deliver(message)
        except Exception as exc:  # any handler error means "try again later"
            return _record(message, now, exc)
        return _record(message, now, None)


def _deliver_outside_transaction(message: OutboxMessage, deliver: Deliver, now: datetime) -> str:
    """Long work under a lease: its handler commits its own writes (an export's progress
    is seen while it runs); the outcome is settled afterwards, "lost" if the lease ran
    out and another drain took the row over meanwhile."""
    error = None
    try:
        with delivering_message(message):
            deliver(message)
    except Exception as exc:  # any handler error means "try again later"
        error = exc
    return settle(message, now, error)


def _still_claimed(message: OutboxMessage) -> OutboxMessage | None:
    return (
        OutboxMessage.objects.select_for_update()
        # created_at: its month's partition alone (PostgreSQL).
        .filter(
            pk=message.pk,
            created_at=message.created_at,
            state=OutboxState.PENDING,
            attempts=message.attempts,
        )
        .first()
    )


def _record(message: OutboxMessage, now: datetime, error: Exception | None) -> str:
    if error is None:
        message.state = OutboxState.SENT
        message.sent_at = now
        message.last_error = ""
        message.save(update_fields=["state", "sent_at", "last_error"])
        return "sent"
    message.last_error = "".join(traceback.format_exception_only(error)).strip()[:2000]
    if message.attempts >= max_attempts_of(message.topic):
        _give_up(message, message.last_error)
        return "dead"
    message.available_at = now + backoff(message.attempts)
    logger.warning(
        "Outbox message %s (%s) failed, attempt %s: %s",
        message.pk,
        message.topic,
        message.attempts,
        error,
    )
    message.save(update_fields=["last_error", "available_at"])
    return "failed"


def _give_up(message: OutboxMessage, error: str) -> None:
    message.state = OutboxState.DEAD
    message.last_error = error[:2000]
    message.save(update_fields=["state", "last_error"])
    logger.error("Outbox message %s (%s) is dead: %s", message.pk, message.topic, error)


def retry(messages: QuerySet[OutboxMessage], now: datetime | None = None) -> int:
    """Give dead (or waiting) messages a fresh set of attempts, due at once."""
    count = 0
    with transaction.atomic():
        for message in messages.select_for_update().exclude(state=OutboxState.SENT):
            message.state = OutboxState.PENDING
            message.attempts = 0
            message.available_at = now or timezone.now()
            message.save(update_fields=["state", "attempts", "available_at"])
            nudge_on_commit(lane_of(message.topic))
            count += 1
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


register_lane(DEFAULT_LANE, task="firstask.tasks.drain_outbox", drain=lambda: drain().handled)
