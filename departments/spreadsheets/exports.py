"""Spreadsheet exports of admin lists: written row by row, in the request or by a worker.

A list small enough is written straight into the response; a larger one becomes an
``ExportJob`` that a worker writes to a file in constant memory while the user watches its
progress. Either way the rows are exactly the admin list the user was looking at (its
filters, search and scoping) and each cell goes through the resource, so masking applies.
"""

from __future__ import annotations

import io
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.files.base import File
from django.db.models import QuerySet
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone, translation

from firstask.spreadsheets import CsvWriter
from firstask.xlsx import XlsxWriter

from ..models import ExportJob

logger = logging.getLogger(__name__)

FORMATS = ("xlsx", "csv")
PROGRESS_EVERY = 1000


def inline_limit() -> int:
    """Lists up to this many rows are exported within the request."""
    return settings.EXPORT_INLINE_MAX_ROWS


def export_rows(resource, queryset: QuerySet, fields: list[str] | None) -> Iterator[list[Any]]:
    queryset = resource.export_queryset(queryset, fields)
    for instance in queryset.iterator(chunk_size=2000):
        yield resource.export_resource(instance, selected_fields=fields)


def write_sheet(
    target: IO[bytes],
    file_format: str,
    title: Any,
    headers: list[Any],
    rows: Iterable[list[Any]],
    on_progress: Callable[[int], None] | None = None,
    heading: Sequence[str] = (),
) -> int:
    """Write ``rows`` as an XLSX or CSV file into ``target``; returns the number of rows.

    ``heading`` (the title and filter lines) goes above the header in XLSX only: a CSV file
    is data for other programs, its first line the column names."""
    text = None
    if file_format == "xlsx":
        writer = XlsxWriter(target, title, headers, heading)
    elif file_format == "csv":
        text = io.TextIOWrapper(target, encoding="utf-8", newline="", write_through=False)
        writer = CsvWriter(text, headers)
    else:
        raise ValueError(f"Unknown spreadsheet format {file_format!r}")
    count = 0
    for count, row in enumerate(rows, start=1):
        writer.write_row(row)
        if on_progress is not None and count % PROGRESS_EVERY == 0:
            on_progress(count)
    writer.close()
    if text is not None:
        text.flush()
        text.detach()
    return count


def request_for(user, query: str):
    """A stand-in for the admin list request the export was asked from."""
    request = RequestFactory().get("/", QueryDict(query))
    request.user = user
    request.LANGUAGE_CODE = translation.get_language()
    return request


def model_admin_for(label: str):
    return admin.site._registry[apps.get_model(label)]


def run_export_job(job_id) -> ExportJob | None:
    """Write the job's file; safe to call twice (a finished job is left alone)."""
    job = ExportJob.objects.filter(pk=job_id).select_related("user").first()
    if job is None or job.state in (ExportJob.State.DONE, ExportJob.State.FAILED):
        return job
    # Outside the outbox's transaction (departments.tasks) each progress update commits at
    # once, so the job's page shows "running" and the rows written so far; a job started
    # again after a worker died counts from zero.
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING, rows_done=0, error="")
    model_admin = model_admin_for(job.model)
    request = request_for(job.user, job.query)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            resource = model_admin.export_resource(request)
            queryset = model_admin.get_export_queryset(request)
            fields = job.fields or None
            headers = resource.get_export_headers(selected_fields=fields)

            def progress(count: int) -> None:
                ExportJob.objects.filter(pk=job.pk).update(rows_done=count)

            buffer = _spool()
            count = write_sheet(
                buffer,
                job.file_format,
                model_admin.export_title(),
                headers,
                export_rows(resource, queryset, fields),
                on_progress=progress,
                heading=model_admin.export_heading(request) if job.file_format == "xlsx" else [],
            )
            buffer.seek(0)
            job.file.save(model_admin.export_filename(job.file_format), File(buffer), save=False)
            buffer.close()
    except Exception as exc:  # whatever broke, the job is marked failed so its page stops waiting
        logger.exception("Export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportJob.State.FAILED,
            error=(str(exc) or type(exc).__name__)[:2000],
            finished_at=timezone.now(),
        )
        return ExportJob.objects.get(pk=job.pk)
    job.state = ExportJob.State.DONE
    job.rows_done = count
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "rows_done", "file", "finished_at"])
    return job


def _spool():
    # On disk beyond 8 MB: an export of a whole year must not sit in the worker's memory.
    return tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
