"""``/health/``: can this installation do its work? JSON, 200 when it can, 503 when not.

Checks the database, the broker (bounded: a frozen one answers "unavailable" within
HEALTH_TIMEOUT, a quarter of a second), the outbox (pending, dead, age of the oldest pending
message) and when the deadline sweep last ran. It names no host, user, password or database.

Anyone gets ``{"status": "ok"}`` or ``{"status": "failing"}`` only (and is throttled like
the public pages); each check's result (the outbox counts of every organisation, the sweep's
timing) only the platform operator or a caller sending the ``HEALTH_TOKEN`` setting in an
``X-Health-Token`` header sees.
"""

import hmac
from datetime import datetime

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases import ratelimit
from config.celery import app
from firstask import heartbeat, outbox


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any database error means "not available"
        return False


def broker_ok() -> bool:
    url = settings.CELERY_BROKER_URL
    timeout = settings.HEALTH_TIMEOUT
    try:
        if url.startswith(("redis://", "rediss://")):
            client = redis.Redis.from_url(
                url, socket_timeout=timeout, socket_connect_timeout=timeout
            )
            try:
                return bool(client.ping())
            finally:
                client.close()

        transport = {"max_retries": 0}
        with app.connection_for_write(connect_timeout=timeout, transport_options=transport) as conn:
            conn.ensure_connection(max_retries=1)
            return True
    except Exception:  # any broker error means "not available"
        return False


def _age(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else round((now - moment).total_seconds(), 1)


def report(now: datetime | None = None) -> tuple[bool, dict]:
    now = now or timezone.now()
    checks = {"database": database_ok(), "broker": broker_ok()}
    body: dict = {"database": "ok" if checks["database"] else "unavailable"}
    body["broker"] = "ok" if checks["broker"] else "unavailable"
    if checks["database"]:
        backlog = outbox.backlog()
        oldest_age = _age(backlog.oldest_pending_at, now)
        body["outbox"] = {
            "pending": backlog.pending,
            "dead": backlog.dead,
            "oldest_pending_age_seconds": oldest_age,
        }
        checks["outbox"] = oldest_age is None or oldest_age <= settings.HEALTH_OUTBOX_MAX_AGE
        swept_at = heartbeat.last("deadline_sweep")
        sweep_age = _age(swept_at, now)
        body["deadline_sweep"] = {
            "last_run": swept_at.isoformat() if swept_at else None,
            "age_seconds": sweep_age,
        }
        checks["deadline_sweep"] = (
            sweep_age is not None and sweep_age <= settings.HEALTH_SWEEP_MAX_AGE
        )
    healthy = all(checks.values())
    body["status"] = "ok" if healthy else "failing"
    body["failing"] = sorted(name for name, ok in checks.items() if not ok)
    return healthy, body


def shows_details(request) -> bool:
    """The platform operator, or a caller with the ``HEALTH_TOKEN`` (when one is set)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_superuser:
        return True
    token = settings.HEALTH_TOKEN
    given = request.headers.get("X-Health-Token", "")
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


@never_cache
@require_GET
def health(request):
    detailed = shows_details(request)
    if not detailed:
        limit = ratelimit.public_pages()
        if not ratelimit.allow(limit, request, "health"):
            response = JsonResponse({"status": "throttled"}, status=429)
            response["Retry-After"] = str(limit.seconds)
            return response
    healthy, body = report()
    if not detailed:
        body = {"status": body["status"]}
    return JsonResponse(body, status=200 if healthy else 503)
