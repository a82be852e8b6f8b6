"""Asking a worker to drain the outbox now, without ever making a request wait for it.

The nudge is only a speed-up: beat drains the outbox every few seconds anyway, so a lost
nudge delays a message, it never loses it. After commit the request only sets an event;
a daemon thread of the process sends the drain task of each lane that got messages
(``drain_outbox``, or the webhooks' own) through a connection whose connect *and* socket
reads/writes time out, so a frozen broker (accepting connections but never answering)
ties up at most that thread, and nudges arriving meanwhile coalesce.
With ``CELERY_TASK_ALWAYS_EAGER`` (tests, one-process demos) every lane drains in place.
"""

import functools
import logging
import os
import threading
import time

from celery import current_app as app
from django.conf import settings
from django.db import transaction

from .outbox_topics import DEFAULT_LANE, lanes

logger = logging.getLogger(__name__)

_local = threading.local()


def nudge_on_commit(lane: str = DEFAULT_LANE) -> None:
    """After the commit, have ``lane`` drained soon. Several nudges of one transaction
    coalesce where they land: the publisher thread sends one task per lane and interval,
    and an in-place drain that finds the rows gone costs one query."""
    transaction.on_commit(functools.partial(_nudge, lane), robust=True)


def _nudge(lane: str) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        _drain_in_place()
    else:
        _publisher().wake(lane)


def _drain_in_place() -> None:
    if getattr(_local, "draining", False):
        return  # the drain already running here picks the new rows up
    _local.draining = True
    try:
        while sum(lane.drain() for lane in lanes().values()):
            pass
    finally:
        _local.draining = False


def _bounded_connection():
    timeout = settings.OUTBOX_NUDGE_TIMEOUT
    bounded = {"socket_timeout": timeout, "socket_connect_timeout": timeout, "max_retries": 0}
    options = {} if app.conf.broker_url.startswith("filesystem") else bounded
    return app.connection_for_write(connect_timeout=timeout, transport_options=options)


def send_drain_task(connection=None, lane: str = DEFAULT_LANE) -> None:
    """Publish the drain task of ``lane`` (routed to its queue); every network step is
    bounded by OUTBOX_NUDGE_TIMEOUT."""
    task = lanes()[lane].task
    if connection is not None:
        app.send_task(task, connection=connection, retry=False)
        return
    with _bounded_connection() as conn:
        app.send_task(task, connection=conn, retry=False)


class _Publisher:
    """One daemon thread per process that sends nudges, at most one per lane and
    OUTBOX_NUDGE_INTERVAL over one kept connection: under load, commits share a nudge."""

    def __init__(self):
        self.pid = os.getpid()
        self._wake = threading.Event()
        self._lanes: set[str] = set()
        self._lanes_lock = threading.Lock()
        self._connection = None
        self._last_warning = 0.0
        self._thread = threading.Thread(target=self._run, name="outbox-nudge", daemon=True)
        self._thread.start()

    def wake(self, lane: str = DEFAULT_LANE) -> None:
        with self._lanes_lock:
            self._lanes.add(lane)
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            with self._lanes_lock:
                waiting, self._lanes = self._lanes, set()
            for lane in sorted(waiting):
                self._send(lane)
            time.sleep(settings.OUTBOX_NUDGE_INTERVAL)

    def _send(self, lane: str) -> None:
        try:
            if self._connection is None:
                self._connection = _bounded_connection()
            send_drain_task(self._connection, lane)
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
