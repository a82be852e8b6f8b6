from celery import shared_task
from django.conf import settings

from . import delivery


# Queued through the outbox, which retries with backoff; under a lease, outside the
# outbox's transaction, so that each failed attempt stays recorded on the message.
@shared_task(ignore_result=True, outbox_lease=settings.SMS_LEASE_SECONDS)
def send_sms(sms_id):
    return delivery.deliver(sms_id)
