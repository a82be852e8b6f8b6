from celery import shared_task

from .exports import run_export_job


@shared_task(ignore_result=True)
def run_export(job_id):
    """Writes one large spreadsheet export (departments.exports.run_export_job)."""
    run_export_job(job_id)
