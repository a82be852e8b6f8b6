"""A background export shows its progress while it runs: the worker commits the rows written
so far outside the outbox's transaction, so the status page (another connection) sees them
mid-export; a failed export ends as failed with its message."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from departments.models import ExportJob
from departments.spreadsheets import exports
from departments.tasks import run_export
from firstask.models import OutboxMessage, OutboxState
from firstask.outbox import drain

ROWS = 6


@pytest.fixture
def job(org, register):
    for _ in range(ROWS):
        register()
    org.clerk.user.is_staff = True
    org.clerk.user.save()
    job = ExportJob.objects.create(
        organisation=org.organisation,
        user=org.clerk.user,
        model="cases.case",
        file_format="csv",
        rows_total=ROWS,
    )
    # The row the admin's export writes (enqueue_on_commit), without the nudge's eager drain.
    OutboxMessage.objects.create(topic=run_export.name, payload={"args": [str(job.pk)]})
    return job


def from_another_connection(read):
    """What ``read()`` returns on a connection of its own (the status page's)."""
    seen = []

    def run():
        try:
            seen.append(read())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    return seen[0]


@pytest.fixture
def at_row(monkeypatch):
    """``at_row(n, hook)``: call ``hook()`` in the export's row loop before row ``n``."""

    def install(n, hook):
        original = exports.export_rows

        def export_rows(*args, **kwargs):
            for number, row in enumerate(original(*args, **kwargs), start=1):
                if number == n:
                    hook()
                yield row

        monkeypatch.setattr(exports, "export_rows", export_rows)

    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    return install


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_another_connection_sees_the_rows_written_so_far_while_the_export_runs(
    job, at_row, client, settings
):
    seen = {}

    def look():
        seen["job"] = from_another_connection(
            lambda: ExportJob.objects.values_list("state", "rows_done").get(pk=job.pk)
        )
        seen["due"] = from_another_connection(
            lambda: OutboxMessage.objects.values_list("available_at", flat=True).get()
        )
        client.force_login(job.user)
        seen["page"] = client.get(reverse("export_job", args=[job.pk])).text

    at_row(5, look)
    started = timezone.now()

    drain()

    assert seen["job"] == (ExportJob.State.RUNNING, 4)
    assert "4 / 6" in seen["page"] or "4 of 6" in seen["page"]
    # Leased for as long as an export may take: no other drain starts it again meanwhile.
    assert seen["due"] >= started + dt.timedelta(seconds=settings.EXPORT_LEASE_SECONDS)
    job.refresh_from_db()
    assert (job.state, job.rows_done) == (ExportJob.State.DONE, ROWS)
    assert OutboxMessage.objects.get().state == OutboxState.SENT


@pytest.mark.django_db(transaction=True)
def test_a_failed_export_ends_as_failed_with_its_message_and_its_progress(job, at_row):
    def fail():
        raise OSError("disk full")

    at_row(5, fail)

    drain()

    job.refresh_from_db()
    assert (job.state, job.error, job.rows_done) == (ExportJob.State.FAILED, "disk full", 4)
    assert job.finished_at is not None
    assert OutboxMessage.objects.get().state == OutboxState.SENT  # nothing left to retry
