"""Background work as outbox rows: written in the caller's transaction, never lost.

``enqueue_on_commit(task, *args, **kwargs)`` writes a row whose topic is the task's name
and whose payload is its arguments; the outbox drain calls the task's function. The
request never talks to the broker (see ``firstask.nudge``), and a broker outage only
delays the work until beat's next drain.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from celery import Task
from celery import current_app as app
from django.conf import settings

from . import outbox

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


# A Celery task, or its registered name: services enqueue by name so that they never
# import a tasks module (tasks import services, never the reverse).
TaskRef = Task | str


def task_name(task: TaskRef) -> str:
    return task if isinstance(task, str) else task.name


def enqueue_on_commit(task: TaskRef, *args, **kwargs) -> None:
    """Run ``task(*args, **kwargs)`` in a worker once the current transaction commits."""
    enqueue_for_organisation(None, task, *args, **kwargs)


def enqueue_for_organisation(organisation_id: int | None, task: TaskRef, *args, **kwargs) -> None:
    """As ``enqueue_on_commit``, the row marked with its organisation for the admin."""
    if getattr(_held, "active", False):
        return
    outbox.publish(
        task_name(task),
        {"args": list(args), "kwargs": kwargs},
        organisation_id=organisation_id,
    )


def enqueue_many_on_commit(task: TaskRef, calls: list[tuple]) -> None:
    """``enqueue_on_commit(task, *args)`` for each tuple of arguments, in one INSERT."""
    if getattr(_held, "active", False):
        return
    outbox.publish_many(task_name(task), [{"args": list(args), "kwargs": {}} for args in calls])


def known_organisation_id(record) -> int | None:
    """The record's organisation if known without a query (or via its loaded case)."""
    if hasattr(record, "organisation_id"):
        return record.organisation_id
    case = getattr(type(record), "case", None)  # the forward relation's descriptor, if any
    if case is None or not case.is_cached(record):
        return None
    return record.case.organisation_id


def _task_handler(topic: str) -> outbox.Handler | None:
    task = app.tasks.get(topic)
    if task is None:
        app.loader.import_default_modules()  # the apps' tasks modules, as a worker does
        task = app.tasks.get(topic)
    if task is None:
        return None

    def deliver(message):
        task.run(*message.payload.get("args", ()), **message.payload.get("kwargs", {}))

    # A task declared with ``outbox_lease`` (seconds) runs outside the outbox's transaction
    # under that lease and commits its own progress (the spreadsheet exports).
    lease = getattr(task, "outbox_lease", None)
    return outbox.Handler(
        deliver,
        settings.OUTBOX_MAX_ATTEMPTS,
        lease=None if lease is None else timedelta(seconds=lease),
    )


outbox.register_fallback(_task_handler)
