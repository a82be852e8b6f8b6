"""A background export reads its rows from the read replica once the replica has replayed
what the primary held when the export started (the user's edits before asking for it), and
from the primary while it has not."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from departments.models import ExportJob
from departments.spreadsheets import exports
from firstask.replica import REPLICA
from tests.replication import pause_replay, primary_position, wait_until_replica_has

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.xdist_group("replica"),
    pytest.mark.django_db(transaction=True),
]


def export_job(org, rows):
    org.clerk.user.is_staff = True
    org.clerk.user.save()
    return ExportJob.objects.create(
        organisation=org.organisation,
        user=org.clerk.user,
        model="cases.case",
        file_format="csv",
        rows_total=rows,
    )


def case_reads(queries) -> int:
    return sum('FROM "cases_case"' in query["sql"] for query in queries.captured_queries)


def test_a_background_export_reads_its_rows_from_a_replica_that_caught_up(
    read_replica, org, register
):
    for _ in range(3):
        register()
    job = export_job(org, 3)
    wait_until_replica_has(primary_position())

    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        done = exports.run_export_job(job.pk)

    assert (done.state, done.rows_done) == (ExportJob.State.DONE, 3)
    assert case_reads(on_replica) >= 1


def test_a_background_export_reads_the_primary_while_the_replica_is_behind_it(
    read_replica, org, register
):
    pause_replay()
    for _ in range(3):
        register()  # cases the replica has not replayed
    job = export_job(org, 3)

    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        done = exports.run_export_job(job.pk)

    assert (done.state, done.rows_done) == (ExportJob.State.DONE, 3)
    assert case_reads(on_replica) == 0
