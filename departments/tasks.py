from celery import shared_task
from django.conf import settings

from .spreadsheets.exports import run_export_job


# Run by the outbox outside its transaction, under a lease (firstask.queue): the job
# commits its progress as it goes, so its page shows the rows written so far.
@shared_task(ignore_result=True, outbox_lease=settings.EXPORT_LEASE_SECONDS)
def run_export(job_id):
    """Writes one large spreadsheet export (departments.spreadsheets.exports.run_export_job)."""
    run_export_job(job_id)
