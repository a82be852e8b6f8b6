"""Queueing background work so that a broker outage never fails the user's action."""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

logger = logging.getLogger(__name__)
_held = threading.local()


@contextmanager
def notices_held_back() -> Iterator[None]:
    """Queue nothing while inside: for records of the past (the demo's made-up history),
    whose notices would reach nobody in time and only flood the worker at its start."""
    previous = getattr(_held, "active", False)
    _held.active = True
    try:
        yield
    finally:
        _held.active = previous


def enqueue(task, *args, **kwargs):
    """Send a task; if the broker is down, log and carry on (the periodic sweep catches up)."""
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except Exception:  # the broker's errors vary by transport (Redis, file system, ...)
        logger.warning("Could not queue %s; the broker is unavailable", task.name, exc_info=True)


def enqueue_on_commit(task, *args, **kwargs):
    if getattr(_held, "active", False):
        return
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
