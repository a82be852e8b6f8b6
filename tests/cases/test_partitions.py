"""The growing tables are partitioned by month (or year) on PostgreSQL, and the pages', the
sweep's and the outbox's queries read only the partitions they need (``EXPLAIN``)."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import CaseEvent, StageAlert, StageClock
from cases.timelimits.sweep import sweep
from firstask import partitions
from firstask.models import OutboxMessage, OutboxState
from firstask.outbox import publish
from tests.cases.time_limits import make_policy

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

SHANGHAI = ZoneInfo("Asia/Shanghai")
JUNE = dt.datetime(2026, 6, 1, tzinfo=SHANGHAI)
MONTHLY = {
    "cases_caseevent",
    "cases_historicalcase",
    "cases_stagealert",
    "firstask_outboxmessage",
    "penalties_historicalviolation",
    "penalties_violationevent",
}


def catalogue():
    with connection.cursor() as cursor:
        return partitions.catalogue(cursor)


def where(table, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def relations(sql, params=None):
    """The tables and partitions the plan of ``sql`` reads."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found = set()

    def walk(node):
        if isinstance(node, dict):
            if "Relation Name" in node:
                found.add(node["Relation Name"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(plan)
    return found


def executed(sql, params=None):
    """{partition: times scanned} when ``sql`` runs: a partition pruned while running (a
    correlated subquery's bound) is scanned 0 times."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    loops = {}

    def walk(node):
        if isinstance(node, dict):
            if "Relation Name" in node:
                name = node["Relation Name"]
                loops[name] = loops.get(name, 0) + node.get("Actual Loops", 0)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(plan)
    return loops


def of(table, found):
    return {name for name in found if name.startswith(f"{table}_")}


def test_the_growing_tables_are_partitioned_with_a_default_partition():
    found = catalogue()

    assert set(found) >= MONTHLY
    for table, parts in found.items():
        interval = partitions.interval_of(parts)
        assert interval == (partitions.MONTH if table in MONTHLY else partitions.YEAR), table
        assert parts[-1].name == f"{table}_default"
    assert "cases_historicaltransfer" in found


def test_a_row_of_a_month_nobody_created_lands_in_the_default_partition():
    far = publish("test.topic", {})
    far.created_at = dt.datetime(2051, 3, 1, tzinfo=SHANGHAI)
    far.save(update_fields=["created_at"])  # moves the row between partitions
    old = OutboxMessage.objects.create(topic="t", created_at=dt.datetime(1999, 1, 1, tzinfo=dt.UTC))

    assert where("firstask_outboxmessage", far.pk) == "firstask_outboxmessage_default"
    assert where("firstask_outboxmessage", old.pk) == "firstask_outboxmessage_default"


def test_creating_partitions_sorts_the_default_partitions_rows_and_is_idempotent(org, register):
    # A case registered in a month without partitions: its timeline line (which the
    # database never lets anyone UPDATE or DELETE) waits in the default partition.
    case = register(at=dt.datetime(2051, 3, 5, 9, tzinfo=SHANGHAI))
    line = CaseEvent.objects.get(case=case)
    assert where("cases_caseevent", line.pk) == "cases_caseevent_default"
    with connection.cursor() as cursor:  # as if committed: ensure runs in a transaction of its own
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    first = partitions.ensure(dt.datetime(2051, 3, 10, tzinfo=SHANGHAI), ahead=1)
    again = partitions.ensure(dt.datetime(2051, 3, 10, tzinfo=SHANGHAI), ahead=1)

    assert "cases_caseevent_p2051_03" in first.created
    assert "cases_historicaltransfer_p2051" in first.created
    assert again.created == []
    assert where("cases_caseevent", line.pk) == "cases_caseevent_p2051_03"
    assert list(case.timeline()) == [line]


def test_the_command_creates_the_months_ahead_once(capsys):
    call_command("partitions", "--ahead", "14", "--dry-run")
    planned = capsys.readouterr().out
    call_command("partitions", "--ahead", "14")
    first = capsys.readouterr().out
    call_command("partitions", "--ahead", "14")
    again = capsys.readouterr().out

    assert "would be created cases_caseevent_p" in planned
    assert planned.replace("would be ", "") == first
    assert "\ncreated cases_caseevent_p" in "\n" + first
    assert again == "0 partitions created, 0 archived.\n"


def test_a_bad_month_is_refused_with_a_message():
    with pytest.raises(Exception, match="YYYY-MM"):
        call_command("partitions", "--archive-before", "last year")


def test_old_partitions_are_detached_into_the_archive_schema_but_not_undelivered_mail():
    partitions.ensure(JUNE, ahead=1)  # June and July 2026
    sent = OutboxMessage.objects.create(
        topic="t", state=OutboxState.SENT, created_at=JUNE + dt.timedelta(days=3)
    )
    OutboxMessage.objects.create(topic="t", created_at=JUNE + dt.timedelta(days=40))  # July

    outcome = partitions.archive(dt.datetime(2026, 8, 1, tzinfo=SHANGHAI))

    assert "firstask_outboxmessage_p2026_06" in outcome.archived
    assert "cases_caseevent_p2026_07" in outcome.archived
    assert outcome.kept == ["firstask_outboxmessage_p2026_07"]
    assert not OutboxMessage.objects.filter(pk=sent.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM archive.firstask_outboxmessage_p2026_06")
        assert cursor.fetchone()[0] == 1
    assert "cases_caseevent_p2026_06" not in {p.name for p in catalogue()["cases_caseevent"]}


def test_the_case_pages_timeline_reads_only_the_months_from_its_registration_on(
    client, org, register
):
    partitions.ensure(JUNE, ahead=8)  # June 2026 to February 2027
    case = register()  # 23 November 2026
    client.force_login(org.clerk.user)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:case", args=[case.pk])).status_code == 200

    timeline = [q["sql"] for q in queries if 'FROM "cases_caseevent"' in q["sql"]]
    assert timeline
    for sql in timeline:
        read = of("cases_caseevent", relations(sql))
        assert "cases_caseevent_p2026_11" in read
        assert not read & {f"cases_caseevent_p2026_{m:02}" for m in range(6, 11)}


def test_the_sweep_reads_its_own_alerts_from_one_partition(org):
    make_policy(org.organisation)
    partitions.ensure(JUNE, ahead=8)
    now = dt.datetime(2026, 11, 30, 9, tzinfo=SHANGHAI)

    with CaptureQueriesContext(connection) as queries:
        sweep(now)

    reads = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT") and '"cases_stagealert"."sweep_run"' in q["sql"]
    ]
    assert reads
    for sql in reads:
        assert of("cases_stagealert", relations(sql)) == {"cases_stagealert_p2026_11"}
    run = StageAlert.objects.filter(sweep_run="00000000-0000-0000-0000-000000000000")
    sql, params = run.filter(recorded_at=now).query.sql_with_params()
    assert of("cases_stagealert", relations(sql, params)) == {"cases_stagealert_p2026_11"}


def test_a_claimed_outbox_message_is_read_again_in_its_months_partition():
    partitions.ensure(JUNE, ahead=8)
    message = OutboxMessage.objects.create(topic="t", created_at=JUNE + dt.timedelta(days=1))
    rows = OutboxMessage.objects.filter(pk=message.pk, created_at=message.created_at)

    sql, params = rows.query.sql_with_params()

    assert of("firstask_outboxmessage", relations(sql, params)) == {
        "firstask_outboxmessage_p2026_06"
    }


def test_the_admins_case_page_and_history_read_only_the_months_from_its_registration_on(
    client, org, register
):
    partitions.ensure(JUNE, ahead=8)
    case = register()  # 23 November 2026
    org.supervisor.user.is_staff = True
    org.supervisor.user.save()
    client.force_login(org.supervisor.user)

    with CaptureQueriesContext(connection) as queries:
        for name in ("admin:cases_case_change", "admin:cases_case_history"):
            assert client.get(reverse(name, args=[case.pk])).status_code == 200

    for table in ("cases_caseevent", "cases_historicalcase"):
        reads = [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]
        assert reads, table
        for sql in reads:
            read = of(table, relations(sql))
            assert f"{table}_p2026_11" in read, sql
            assert not read & {f"{table}_p2026_{m:02}" for m in range(6, 11)}, sql


def test_a_clocks_alert_times_read_only_the_months_from_its_start(org, register):
    make_policy(org.organisation)
    partitions.ensure(JUNE, ahead=8)
    register()  # its clock starts 23 November 2026
    assert sweep(dt.datetime(2026, 12, 30, 9, tzinfo=SHANGHAI)).overdue == 1

    sql, params = StageClock.objects.with_alert_times().query.sql_with_params()
    loops = executed(sql, params)

    assert loops["cases_stagealert_p2026_12"] > 0
    for month in range(6, 11):
        assert loops.get(f"cases_stagealert_p2026_{month:02}", 0) == 0
