import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from . import partitions
from .nudge import send_drain_task
from .outbox import drain

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def drain_outbox() -> int:
    """Deliver due outbox messages (nudged after commits; also run by beat)."""
    result = drain(limit=settings.OUTBOX_DRAIN_BATCH)
    if result.handled >= settings.OUTBOX_DRAIN_BATCH:
        send_drain_task()  # more are waiting: another worker may take them in parallel
    return result.handled


@shared_task(ignore_result=True)
def ensure_partitions() -> int:
    """Create the coming months' partitions (daily, by beat; migrate does it too).

    The application role owns no table and may not: it is refused, and says so; inserts
    meanwhile go to the default partitions, which the next ``migrate`` or ``manage.py
    partitions`` (owner) sorts into their months."""
    try:
        return len(partitions.ensure(timezone.now()).created)
    except DatabaseError as error:
        logger.warning("Partitions not created (run manage.py partitions as owner): %s", error)
        return 0
