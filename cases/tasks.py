from celery import shared_task
from django.utils import timezone

from . import deadline_mail, mail
from .sweep import sweep


@shared_task  # queued through the outbox, which retries with backoff
def send_case_notice(kind, object_id):
    return mail.send_case_notice(kind, object_id)


@shared_task(ignore_result=True)
def sweep_deadlines():
    """Run by Celery beat (the schedule is in cases/schedule.py, editable in the admin)."""
    return sweep(timezone.now()).as_dict()


@shared_task  # queued through the outbox, which retries with backoff
def send_deadline_alerts(sweep_run, staff_id):
    return deadline_mail.send_alert_digest(sweep_run, staff_id)


@shared_task  # queued through the outbox, which retries with backoff
def send_time_limit_notice(kind, object_id):
    return deadline_mail.send_time_limit_notice(kind, object_id)
