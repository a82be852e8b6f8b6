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


@shared_task
def assess(organisation_id, period_label, staff_id):
    """A period's assessment a supervisor asked for from the admin."""
    from .services.assessments import assess_requested

    return assess_requested(organisation_id, period_label, staff_id)


@shared_task
def sweep_assessments():
    """Assess each month, quarter and year once it has closed; safe to run twice or late."""
    from django.utils import timezone

    from .services.assessments import assessments_sweep

    return assessments_sweep(timezone.now())
