from celery import shared_task

from . import mail


@shared_task  # queued through the outbox, which retries with backoff
def send_violation_notice(kind, violation_id):
    return mail.send_violation_notice(kind, violation_id)


@shared_task
def sweep_penalties():
    """Self-check deadlines and period-end commendations; safe to run twice or late."""
    from django.utils import timezone

    from .services.sweep import penalties_sweep

    return penalties_sweep(timezone.now())
