from celery import shared_task
from django.conf import settings
from django.utils import timezone

from firstask.nudge import send_drain_task

from . import mail
from .open311 import webhook_delivery
from .timelimits import deadline_mail
from .timelimits.sweep import sweep


@shared_task  # queued through the outbox, which retries with backoff
def send_case_notice(kind, object_id):
    return mail.send_case_notice(kind, object_id)


@shared_task  # queued through the outbox, which retries with backoff
def send_person_notice(kind, case_id):
    return mail.send_person_notice(kind, case_id)


@shared_task(ignore_result=True)
def sweep_deadlines():
    """Run by Celery beat (the schedule is in cases/timelimits/schedule.py, the platform
    operator's);
    organisations that switched the sweep off are left out (departments/schedules.py)."""
    return sweep(timezone.now()).as_dict()


@shared_task  # queued through the outbox, which retries with backoff
def send_deadline_alerts(sweep_run, staff_id, recorded_at=None):
    return deadline_mail.send_alert_digest(sweep_run, staff_id, recorded_at)


@shared_task  # queued through the outbox, which retries with backoff
def send_time_limit_notice(kind, object_id):
    return deadline_mail.send_time_limit_notice(kind, object_id)


@shared_task(ignore_result=True)
def deliver_webhooks():
    """The webhooks' own drain, on the queue WEBHOOK_QUEUE (nudged after commits and run
    by beat), so that no receiver holds up the mail."""
    result = webhook_delivery.drain_webhooks()
    if result.handled >= settings.WEBHOOK_DRAIN_BATCH:
        send_drain_task(lane=webhook_delivery.LANE)  # more are waiting
    return result.handled
