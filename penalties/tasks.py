from celery import shared_task
from django.utils import timezone

from . import mail
from .services.assessments import assess_requested, assessments_sweep
from .services.sweep import penalties_sweep


@shared_task  # queued through the outbox, which retries with backoff
def send_violation_notice(kind, violation_id):
    return mail.send_violation_notice(kind, violation_id)


@shared_task
def sweep_penalties():
    """Self-check deadlines and period-end commendations; safe to run twice or late."""
    return penalties_sweep(timezone.now())


@shared_task
def assess(organisation_id, period_label, staff_id):
    """A period's assessment a supervisor asked for from the admin."""
    return assess_requested(organisation_id, period_label, staff_id)


@shared_task
def sweep_assessments():
    """Assess each month, quarter and year once it has closed; safe to run twice or late."""
    return assessments_sweep(timezone.now())
