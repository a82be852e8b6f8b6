"""Queueing background work so that a broker outage never fails the user's action."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs):
    """Send a task; if the broker is down, log and carry on (the periodic sweep catches up)."""
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except Exception:  # the broker's errors vary by transport (Redis, file system, ...)
        logger.warning("Could not queue %s; the broker is unavailable", task.name, exc_info=True)


def enqueue_on_commit(task, *args, **kwargs):
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
