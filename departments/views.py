"""The progress page and the download of a spreadsheet export written by a worker."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from .models import ExportJob


def _job_of(request, job_id) -> ExportJob:
    # Only the person who asked for it: an export holds exactly what they may see.
    return get_object_or_404(ExportJob, pk=job_id, user=request.user)


@login_required
def export_job(request, job_id):
    job = _job_of(request, job_id)
    return render(request, "departments/export_job.html", {"job": job})


@login_required
def export_download(request, job_id):
    job = _job_of(request, job_id)
    if job.state != ExportJob.State.DONE or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.file.name.split("/")[-1]
    )
