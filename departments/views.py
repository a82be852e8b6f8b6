"""The progress page and the download of a spreadsheet export written by a worker."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from .models import ExportJob


def _job_of(request, job_id) -> ExportJob:
    # Only the person who asked for it: an export holds exactly what they may see.
    return get_object_or_404(ExportJob, pk=job_id, user=request.user)


@login_required
def export_job(request, job_id):
    """The progress page, in the back office's frame: its header, its navigation, and the
    way back to the list the export was asked from."""
    job = _job_of(request, job_id)
    context = {
        **admin.site.each_context(request),
        "job": job,
        "title": _("Spreadsheet export"),
        **_exported_list(job),
    }
    return render(request, "departments/export_job.html", context)


def _exported_list(job):
    """The model's options and the address of the (filtered) list of an export job."""
    try:
        opts = apps.get_model(job.model)._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    except (LookupError, ValueError, NoReverseMatch):
        return {}
    return {"opts": opts, "list_url": f"{url}?{job.query}" if job.query else url}


@login_required
def export_download(request, job_id):
    job = _job_of(request, job_id)
    if job.state != ExportJob.State.DONE or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.file.name.split("/")[-1]
    )
