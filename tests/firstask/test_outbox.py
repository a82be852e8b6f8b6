"""The transactional outbox: written with the action, delivered once, retried, in order."""

import datetime as dt

import pytest
from django.db import transaction

from firstask import outbox
from firstask.models import Heartbeat, OutboxMessage, OutboxState

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


class Deliveries(list):
    def __init__(self):
        super().__init__()
        self.failing = set()


@pytest.fixture
def delivered(settings):
    """A topic whose handler records what it got and fails while told to."""
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_BACKOFF_SECONDS = 10
    settings.OUTBOX_BACKOFF_MAX = 25
    log = Deliveries()
    failing = log.failing

    @outbox.handler("test.record")
    def deliver(message):
        Heartbeat.objects.create(name=f"delivered-{message.pk}", at=T0)  # a write to undo
        if message.payload["n"] in failing:
            raise ConnectionError(f"receiver down for {message.payload['n']}")
        log.append(message.payload["n"])

    yield log
    outbox._handlers.pop("test.record")


def publish(n, key=""):
    message = outbox.publish("test.record", {"n": n}, ordering_key=key)
    OutboxMessage.objects.filter(pk=message.pk).update(available_at=T0, created_at=T0)
    return message


def test_a_rolled_back_action_leaves_no_message(db, delivered):
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(1)
        raise RuntimeError("the action failed")

    assert not OutboxMessage.objects.exists()


def test_a_drain_delivers_each_message_once_and_marks_it_sent(db, delivered):
    publish(1)
    publish(2)

    first = outbox.drain(T0)
    second = outbox.drain(T0 + dt.timedelta(hours=1))

    assert delivered == [1, 2]
    assert (first.sent, second.handled) == (2, 0)
    assert set(OutboxMessage.objects.values_list("state", "attempts", "sent_at")) == {
        (OutboxState.SENT, 1, T0)
    }


def test_a_failing_delivery_is_retried_with_doubling_waits_then_dead(db, delivered):
    message = publish(1)
    delivered.failing.add(1)

    outbox.drain(T0)
    message.refresh_from_db()
    assert (message.attempts, message.available_at) == (1, T0 + dt.timedelta(seconds=10))
    assert "receiver down for 1" in message.last_error
    assert outbox.drain(T0 + dt.timedelta(seconds=9)).handled == 0  # not due yet

    outbox.drain(T0 + dt.timedelta(seconds=10))
    message.refresh_from_db()
    assert message.available_at == T0 + dt.timedelta(seconds=30)  # 20 s more
    outbox.drain(T0 + dt.timedelta(seconds=30))
    message.refresh_from_db()

    assert (message.state, message.attempts) == (OutboxState.DEAD, 3)
    assert outbox.drain(T0 + dt.timedelta(days=1)).handled == 0
    # The failed attempts left none of their writes behind.
    assert not Heartbeat.objects.exists()


def test_backoff_doubles_up_to_the_cap(settings):
    settings.OUTBOX_BACKOFF_SECONDS = 15
    settings.OUTBOX_BACKOFF_MAX = 3600
    waits = [outbox.backoff(n).total_seconds() for n in range(1, 11)]
    assert waits == [15, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_dead_message_retried_from_the_admin_is_delivered(db, delivered):
    message = publish(1)
    delivered.failing.add(1)
    for minutes in (0, 1, 2):
        outbox.drain(T0 + dt.timedelta(minutes=minutes))
    delivered.failing.clear()

    assert outbox.retry(OutboxMessage.objects.all(), now=T0 + dt.timedelta(hours=1)) == 1
    outbox.drain(T0 + dt.timedelta(hours=1))

    message.refresh_from_db()
    assert (message.state, delivered) == (OutboxState.SENT, [1])


def test_messages_of_one_key_wait_for_the_earlier_one_others_do_not(db, delivered):
    publish(1, key="case-7")
    publish(2, key="case-7")
    publish(3, key="case-8")
    publish(4)
    delivered.failing.add(1)

    outbox.drain(T0)
    assert delivered == [3, 4]

    delivered.failing.clear()
    outbox.drain(T0 + dt.timedelta(seconds=10))
    assert delivered == [3, 4, 1, 2]


def test_a_dead_message_holds_back_the_later_ones_of_its_key(db, delivered):
    publish(1, key="case-7")
    publish(2, key="case-7")
    delivered.failing.add(1)
    for minutes in (0, 1, 2, 3):
        outbox.drain(T0 + dt.timedelta(minutes=minutes))

    assert delivered == []
    assert OutboxMessage.objects.get(payload__n=2).state == OutboxState.PENDING


def test_a_topic_without_handler_is_retried_not_lost(db, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 5
    message = outbox.publish("nobody.listens", {})

    outbox.drain()

    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.PENDING, 1)
    assert "no handler" in message.last_error


def test_the_backlog_counts_pending_and_dead_and_the_oldest_pending(db, delivered):
    publish(1)
    publish(2)
    outbox.drain(T0, limit=1)

    assert outbox.backlog() == outbox.Backlog(pending=1, dead=0, oldest_pending_at=T0)
