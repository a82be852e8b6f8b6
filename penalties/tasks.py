from celery import shared_task

from . import mail


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_violation_notice(kind, violation_id):
    return mail.send_violation_notice(kind, violation_id)


@shared_task
def sweep_penalties():
    """Self-check deadlines and period-end commendations; safe to run twice or late."""
    from django.utils import timezone

    from .services.sweep import penalties_sweep

    return penalties_sweep(timezone.now())


@shared_task
def sweep_assessments():
    """Assess each month, quarter and year once it has closed; safe to run twice or late."""
    from django.utils import timezone

    from .services.assessments import assessments_sweep

    return assessments_sweep(timezone.now())
