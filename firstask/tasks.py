from celery import shared_task
from django.conf import settings

from .nudge import send_drain_task
from .outbox import drain


@shared_task(ignore_result=True)
def drain_outbox():
    """Deliver due outbox messages (nudged after commits; also run by beat)."""
    result = drain(limit=settings.OUTBOX_DRAIN_BATCH)
    if result.handled >= settings.OUTBOX_DRAIN_BATCH:
        send_drain_task()  # more are waiting: another worker may take them in parallel
    return result.handled
