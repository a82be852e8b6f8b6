"""Who delivers what in the outbox: a handler per topic, and the lanes topics belong to.

The default lane's topics are delivered one at a time by ``firstask.outbox.drain`` (its
handlers, or the Celery task named by the topic through a fallback). Another lane has a
drain of its own and a Celery task on its own queue, so that its receivers' slowness
stays in that lane (the webhooks: ``cases.open311.webhook_delivery``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings

from .models import OutboxMessage

Deliver = Callable[[OutboxMessage], None]
DEFAULT_LANE = "default"


@dataclass(frozen=True)
class Handler:
    deliver: Deliver | None  # None: the lane's own drain delivers the topic
    max_attempts: int
    lane: str = DEFAULT_LANE
    # None: delivered inside the outbox's transaction, which holds the row's lock, so the
    # handler's writes and "sent" commit together. A lease: delivered outside any
    # transaction (long work that commits its own progress as it goes, the exports), the
    # claim keeping other drains off the row for that long.
    lease: timedelta | None = None


@dataclass(frozen=True)
class Lane:
    task: str  # the Celery task that drains the lane (routed to the lane's queue)
    drain: Callable[[], int]  # drains once in this process; returns the messages handled


_handlers: dict[str, Handler] = {}
_fallbacks: list[Callable[[str], Handler | None]] = []
_lanes: dict[str, Lane] = {}


def handler(topic: str, *, max_attempts: int | None = None) -> Callable[[Deliver], Deliver]:
    """Register ``deliver(message)`` for a topic; it raises to have the message retried."""

    def register(deliver: Deliver) -> Deliver:
        attempts = max_attempts or settings.OUTBOX_MAX_ATTEMPTS
        _handlers[topic] = Handler(deliver, attempts)
        return deliver

    return register


def register_lane(name: str, *, task: str, drain: Callable[[], int]) -> None:
    _lanes[name] = Lane(task, drain)


def lane_topic(topic: str, *, lane: str, max_attempts: int | None = None) -> None:
    """``topic`` is delivered by the drain of ``lane``, which claims and settles its rows."""
    _handlers[topic] = Handler(None, max_attempts or settings.OUTBOX_MAX_ATTEMPTS, lane)


def lanes() -> dict[str, Lane]:
    return dict(_lanes)


def lane_of(topic: str) -> str:
    found = _handlers.get(topic)
    return found.lane if found is not None else DEFAULT_LANE


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


def lease_of(topic: str) -> timedelta | None:
    found = handler_for(topic)
    return found.lease if found is not None else None


def max_attempts_of(topic: str) -> int:
    found = handler_for(topic)
    return found.max_attempts if found is not None else settings.OUTBOX_MAX_ATTEMPTS
