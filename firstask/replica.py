"""Reads that may go to a streaming replica (``DATABASE_REPLICA_URL``), and only those.

Nothing reads from the replica unless a view or task asks for it explicitly with
``reading_from_replica()`` (a context manager and a decorator): the dashboard, the reports,
the spreadsheet exports and the Open311 GET endpoints. Everything else, and every write,
goes to the primary (``default``). Inside such a block the primary is still used when

- no replica is configured, it does not answer within its connect timeout, or its replay
  lags more than ``DATABASE_REPLICA_MAX_LAG`` seconds behind what it received (checked at
  most every ``DATABASE_REPLICA_CHECK_INTERVAL`` seconds per process; a failed check is
  remembered as long, so a dead replica costs one timeout per interval, not per request);
- the request or task wrote something before (a write pins the rest of the request to the
  primary, so it reads what it wrote) or is inside a transaction on the primary;
- the user's last POST (or other unsafe request) wrote what the replica has not replayed
  yet: the answer to such a request carries a cookie with the primary's WAL position, and
  later requests read from the replica only once it has replayed that far (the cookie
  lasts ``DATABASE_REPLICA_PIN_SECONDS``; without a known position the whole time is
  spent on the primary).

PostgreSQL only: with SQLite or without ``DATABASE_REPLICA_URL`` there is no ``replica``
alias and the blocks change nothing.
"""

import contextlib
import contextvars
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "firstask_primary_lsn"
# The cookie's value when the primary's position could not be read: primary until it expires.
UNKNOWN_POSITION = "pin"

LAG_QUERY = """
    SELECT pg_is_in_recovery(),
           pg_last_wal_replay_lsn()::text,
           CASE
               WHEN NOT pg_is_in_recovery() THEN 0
               WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn()
                   THEN 0
               ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
           END
"""


def configured() -> bool:
    return settings.DATABASE_REPLICA_ENABLED


@dataclass(frozen=True)
class ReplicaStatus:
    """What the last check of the replica found."""

    reachable: bool
    lag_seconds: float | None = None  # None: reachable but nothing to measure it by
    replay_lsn: str | None = None
    checked_at: float = field(default_factory=time.monotonic)

    @property
    def usable(self) -> bool:
        if not self.reachable:
            return False
        return (
            self.lag_seconds is not None and self.lag_seconds <= settings.DATABASE_REPLICA_MAX_LAG
        )

    def as_details(self) -> dict:
        """For /health/'s details: no host, user or database name."""
        if not self.reachable:
            state = "unavailable"
        elif self.usable:
            state = "ok"
        else:
            state = "lagging"
        lag = None if self.lag_seconds is None else round(self.lag_seconds, 3)
        return {
            "status": state,
            "lag_seconds": lag,
            "max_lag_seconds": settings.DATABASE_REPLICA_MAX_LAG,
        }


_last_status: ReplicaStatus | None = None
_status_lock = threading.Lock()


def check(*, fresh: bool = False) -> ReplicaStatus | None:
    """The replica's status, at most ``DATABASE_REPLICA_CHECK_INTERVAL`` seconds old (``fresh``:
    asked now). None when no replica is configured."""
    global _last_status
    if not configured():
        return None
    status = _last_status
    interval = settings.DATABASE_REPLICA_CHECK_INTERVAL
    if not fresh and status is not None and time.monotonic() - status.checked_at < interval:
        return status
    status = _measure()
    with _status_lock:
        _last_status = status
    if not status.usable:
        logger.warning("Read replica skipped: %s", status.as_details())
    return status


def forget_status() -> None:
    """The next ``check()`` asks the replica again (tests, after a change of settings)."""
    global _last_status
    with _status_lock:
        _last_status = None


def _measure() -> ReplicaStatus:
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_QUERY)
            in_recovery, replay_lsn, lag = cursor.fetchone()
    except DatabaseError:
        connection.close()
        return ReplicaStatus(reachable=False)
    if not in_recovery:  # promoted, or pointed at a primary: as fresh as it gets
        return ReplicaStatus(reachable=True, lag_seconds=0.0, replay_lsn=None)
    return ReplicaStatus(
        reachable=True,
        lag_seconds=None if lag is None else float(lag),
        replay_lsn=replay_lsn,
    )


def parse_lsn(text: str | None) -> int | None:
    """A WAL position ("16/B374D848") as a number, None when it is not one."""
    if not text or "/" not in text:
        return None
    high, _, low = text.partition("/")
    try:
        return (int(high, 16) << 32) + int(low, 16)
    except ValueError:
        return None


def primary_position() -> str | None:
    """The primary's current WAL position, None when it has none to tell (SQLite, errors)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not configured() or connection.vendor != "postgresql":
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            return cursor.fetchone()[0]
    except DatabaseError:
        return None


# --- which reads go where ---------------------------------------------------------------


@dataclass
class _Scope:
    """One ``reading_from_replica()`` block: where its reads go now."""

    alias: str
    pin_on_write: bool


@dataclass
class _RequestState:
    """A request's (or task's) memory: did it write, and up to where must a replica be."""

    wrote: bool = False
    needs_position: str | None = None


_scope: contextvars.ContextVar[_Scope | None] = contextvars.ContextVar(
    "replica_scope", default=None
)
_request: contextvars.ContextVar[_RequestState | None] = contextvars.ContextVar(
    "replica_request", default=None
)


def _replica_serves(caught_up_to: str | None, wait: float = 0.0) -> bool:
    if not configured():
        return False
    state = _request.get()
    if state is not None:
        if state.wrote:
            return False
        caught_up_to = _later(caught_up_to, state.needs_position)
    if caught_up_to == UNKNOWN_POSITION:
        return False
    status = check()
    if status is None or not status.usable:
        return False
    needed = parse_lsn(caught_up_to)
    if needed is None:
        return True
    if _has_replayed(status, needed):
        return True
    # The cached status may be older than the write: ask the replica again (for up to
    # ``wait`` seconds: streaming takes milliseconds, a task may spend them).
    deadline = time.monotonic() + wait
    while True:
        status = check(fresh=True)
        if status is None or not status.usable:
            return False
        if _has_replayed(status, needed):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def _has_replayed(status: ReplicaStatus, needed: int) -> bool:
    if status.replay_lsn is None:  # not in recovery: it is the primary's equal
        return True
    replayed = parse_lsn(status.replay_lsn)
    return replayed is not None and replayed >= needed


def _later(first: str | None, second: str | None) -> str | None:
    if UNKNOWN_POSITION in (first, second):
        return UNKNOWN_POSITION
    if first is None or second is None:
        return first or second
    return first if (parse_lsn(first) or 0) >= (parse_lsn(second) or 0) else second


@contextlib.contextmanager
def reading_from_replica(
    *, caught_up_to: str | None = None, wait: float = 0.0, pin_on_write: bool = True
) -> Iterator[str]:
    """Reads inside go to the replica when it may serve them (see the module's docstring).

    ``caught_up_to``: a WAL position of the primary the replica must have replayed (a task
    reading what the request that queued it wrote), waiting up to ``wait`` seconds for it to
    get there before reading from the primary. ``pin_on_write=False`` keeps reading
    from the replica after a write inside the block (a background export recording its
    progress, which it never reads back).
    """
    alias = REPLICA if _replica_serves(caught_up_to, wait) else DEFAULT_DB_ALIAS
    token = _scope.set(_Scope(alias=alias, pin_on_write=pin_on_write))
    try:
        yield alias
    finally:
        _scope.reset(token)


def reads_go_to() -> str:
    """The alias the next read outside a transaction goes to (for tests and the logs)."""
    scope = _scope.get()
    return scope.alias if scope is not None else DEFAULT_DB_ALIAS


@contextlib.contextmanager
def request_reads(*, needs_position: str | None = None) -> Iterator["_RequestState"]:
    """Scope of one request or task: writes in it pin its later reads to the primary."""
    state = _RequestState(needs_position=needs_position)
    token = _request.set(state)
    try:
        yield state
    finally:
        _request.reset(token)


class ReplicaRouter:
    """``DATABASE_ROUTERS``: the replica only inside ``reading_from_replica()``; writes, and
    reads in a transaction on the primary, always on the primary; no migrations there."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        scope = _scope.get()
        if scope is None or scope.alias != REPLICA:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        scope = _scope.get()
        if scope is not None and scope.pin_on_write:
            scope.alias = DEFAULT_DB_ALIAS
            state = _request.get()
            if state is not None:
                state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # the replica holds the primary's rows

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        return db != REPLICA


class ReplicaPinMiddleware:
    """Reads the user's pin cookie into the request's scope, and after an unsafe request
    (POST, PUT, PATCH, DELETE) sets it to the primary's WAL position."""

    SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not configured():
            return self.get_response(request)
        with request_reads(needs_position=request.COOKIES.get(PIN_COOKIE) or None):
            response = self.get_response(request)
        if request.method not in self.SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                primary_position() or UNKNOWN_POSITION,
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
