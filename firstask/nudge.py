"""Asking a worker to drain the outbox now, without ever making a request wait for it.

The nudge is only a speed-up: beat drains the outbox every few seconds anyway, so a lost
nudge delays a message, it never loses it. After commit the request only sets an event;
a daemon thread of the process sends one ``drain_outbox`` task through a connection whose
connect *and* socket reads/writes time out, so a frozen broker (accepting connections but
never answering) ties up at most that thread, and nudges arriving meanwhile coalesce.
With ``CELERY_TASK_ALWAYS_EAGER`` (tests, one-process demos) the drain runs in place.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.db import connection, transaction

logger = logging.getLogger(__name__)

_local = threading.local()


def nudge_on_commit() -> None:
    """Once per (nested) atomic block: after the commit, have the outbox drained soon."""
    if connection.in_atomic_block:
        here = set(connection.savepoint_ids)
        if any(func is _nudge and sids == here for sids, func, _ in connection.run_on_commit):
            return
    transaction.on_commit(_nudge, robust=True)


def _nudge() -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        _drain_in_place()
    else:
        _publisher().wake()


def _drain_in_place() -> None:
    if getattr(_local, "draining", False):
        return  # the drain already running here picks the new rows up
    from .outbox import drain

    _local.draining = True
    try:
        while drain().handled:
            pass
    finally:
        _local.draining = False


def _bounded_connection():
    from .celery import app

    timeout = settings.OUTBOX_NUDGE_TIMEOUT
    bounded = {"socket_timeout": timeout, "socket_connect_timeout": timeout, "max_retries": 0}
    options = {} if app.conf.broker_url.startswith("filesystem") else bounded
    return app.connection_for_write(connect_timeout=timeout, transport_options=options)


def send_drain_task(connection=None) -> None:
    """Publish one drain task; every network step is bounded by OUTBOX_NUDGE_TIMEOUT."""
    from .tasks import drain_outbox

    if connection is not None:
        drain_outbox.apply_async(connection=connection, retry=False)
        return
    with _bounded_connection() as conn:
        drain_outbox.apply_async(connection=conn, retry=False)


class _Publisher:
    """One daemon thread per process that sends nudges, at most one per
    OUTBOX_NUDGE_INTERVAL over one kept connection: under load, commits share a nudge."""

    def __init__(self):
        self.pid = os.getpid()
        self._wake = threading.Event()
        self._connection = None
        self._last_warning = 0.0
        self._thread = threading.Thread(target=self._run, name="outbox-nudge", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            self._send()
            time.sleep(settings.OUTBOX_NUDGE_INTERVAL)

    def _send(self) -> None:
        try:
            if self._connection is None:
                self._connection = _bounded_connection()
            send_drain_task(self._connection)
        except Exception as exc:  # the transports' errors vary; beat drains anyway
            self._drop_connection()
            if time.monotonic() - self._last_warning > 60:
                self._last_warning = time.monotonic()
                logger.warning("Could not nudge the outbox drain (%s); beat will drain", exc)

    def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.release()
            except Exception:  # closing a broken connection may fail too; it is dropped
                logger.debug("Dropping the nudge connection failed", exc_info=True)


_publisher_lock = threading.Lock()
_the_publisher: _Publisher | None = None


def _publisher() -> _Publisher:
    global _the_publisher
    with _publisher_lock:
        # A forked process (gunicorn, Celery prefork) needs its own thread.
        if _the_publisher is None or _the_publisher.pid != os.getpid():
            _the_publisher = _Publisher()
        return _the_publisher
