"""The managers' dashboard on a million cases, beside a plain 100-row case query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> python -m bench.dashboard [--cases N]

Builds (once; later runs reuse it) a database ``<name>_dashboard`` with one organisation,
20 departments, 200 staff and N cases (default 1,000,000) registered over the last 700
days: each with a resolve stage clock (the resolved ones not called back yet also an open
callback clock), half of them a transfer, the called-back ones a rated callback, 1 %
reopened, 1 % merged into the case before (并单), plus violations (each with the ledger
lines of a first offence under the municipal rules) and commendations (set-based
INSERT … SELECT with explicit ids in one transaction, the secondary indexes built after
the rows: no UPDATE of the cases); then counts the days of the daily summary
tables (all of them the first time, one range per level; later only those not final yet)
and makes the assessment snapshots of every closed month from them; runs the hourly beat
task once (which assesses the last closed quarter and year and refreshes the running
month) and times the assessment of the last closed quarter. Then, for each period and
filter, renders the dashboard ``--repeat`` times as a supervisor, and the quarterly notice
(通报) of this and last quarter, and prints p50/p95 in milliseconds and the number of SQL
queries of one page, beside a plain query of 100 cases timed between the page's requests
(its p95, and the page's p95 over it). Targets: p95 under 100 ms at 10M cases for every
period and filter (from the summary tables); a quarter's assessment under 10 s. With
``--touched N``, then again as in a busy city: today and the N - 1 days before it touched
by events since the beat counted them a minute ago, first counted live by the pages
(``SUMMARY_STALE_SECONDS=0``), then read from that count (600, the default). A database
built by an older version of this script is reused as it is: ``--rebuild`` builds today's
data.
"""

import argparse
import contextlib
import gc
import statistics
import time

from bench._django import setup
from bench._pages import logged_in

DEPARTMENTS, STAFF, DAYS = 20, 200, 700


def _literal(field):
    value = field.get_default()
    if value is None:
        return "NULL" if field.null else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict | list):
        return "'{}'" if isinstance(value, dict) else "'[]'"
    return "'" + str(value).replace("'", "''") + "'"


def insert_select(cursor, model, source, values, params):
    """INSERT INTO model's table SELECT ``values`` (SQL per column) FROM ``source``; every
    other column gets its default, so new fields with defaults need no change here."""
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.name not in values:
            continue
        name = field.column
        if field.name in values:
            expression = values[field.name]
        elif name in values:
            expression = values[name]
        else:
            expression = _literal(field)
            if expression is None:
                raise SystemExit(f"bench.dashboard: no value for {model.__name__}.{field.name}")
        columns.append(f'"{name}"')
        expressions.append(expression)
    with _step(model._meta.db_table):
        cursor.execute(
            f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
            f"SELECT {', '.join(expressions)} FROM {source}",
            params,
        )


def build(connection, size, now):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction

    from cases.models import Callback, Case, CaseEvent, StageClock, Transfer
    from departments.models import Department, Organisation, Staff
    from penalties.models import Commendation, Violation

    organisation = Organisation.objects.create(name="基准测试单位", code="DB")
    departments = Department.objects.bulk_create(
        Department(organisation=organisation, name=f"科室{i:02d}", sort_order=i)
        for i in range(DEPARTMENTS)
    )
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"dash-{i}", email=f"dash-{i}@example.cn") for i in range(STAFF)
    )
    staff = Staff.objects.bulk_create(
        Staff(
            organisation=organisation,
            department=departments[i % DEPARTMENTS],
            user=user,
            name=f"职员{i}",
            badge_number=f"DB{i}",
        )
        for i, user in enumerate(users)
    )
    supervisor = staff[0]
    supervisor.user.groups.add(Group.objects.get(name="supervisor"))
    params = {
        "org": organisation.pk,
        "s0": min(s.pk for s in staff),
        "ns": STAFF,
        "d0": min(d.pk for d in departments),
        "nd": DEPARTMENTS,
        "now": now,
        "days": DAYS,
        "size": size,
    }
    # Case i: registered i·DAYS/size days ago (newest first). Those of the last ten days
    # are still open (registered, transferred or resolved), as is every 200th older one
    # (long overdue); every 20th is resolved but not called back; the rest are called back,
    # resolved two days and called back three days after registering.
    age = "(i::float * %(days)s / %(size)s)"
    state = (
        f"CASE WHEN {age} < 10 OR i %% 200 = 0 THEN"
        " (CASE i %% 3 WHEN 0 THEN 'registered' WHEN 1 THEN 'transferred' ELSE 'resolved' END)"
        " WHEN i %% 20 = 2 THEN 'resolved' ELSE 'called_back' END"
    )
    registered = "%(now)s - (i::float * %(days)s / %(size)s) * interval '1 day'"
    # One transaction, explicit ids: case i names the case it is merged into (i - 1) and
    # its running stage clock (its resolve clock has id i, its callback clock size + i)
    # in its own INSERT, the foreign keys being added back (and checked) after the rows.
    # (An UPDATE of the cases afterwards rewrote the table and its indexes: far too slow
    # at 10M.)
    with transaction.atomic(), connection.cursor() as cursor:
        # The tables' secondary indexes (cases_case has more than thirty) are built once
        # after the rows rather than kept up row by row: several times faster at 10M.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        indexes = _drop_secondary_indexes(cursor, LOADED_TABLES)
        foreign_keys = _drop_foreign_keys(cursor, LOADED_TABLES)
        insert_select(
            cursor,
            Case,
            "generate_series(1, %(size)s) AS i",
            {
                "id": "i",
                # Every hundredth case is a duplicate merged into the one registered just
                # before.
                "merged_into": "CASE WHEN i %% 100 = 50 THEN i - 1 END",
                "current_clock": f"CASE WHEN {state} IN ('registered', 'transferred') THEN i"
                f" WHEN {state} = 'resolved' THEN %(size)s + i END",
                "organisation": "%(org)s",
                "number": "'DB-' || lpad(i::text, 8, '0')",
                "year": "2026",
                "sequence": "i",
                "query_code": "'DASHBRD'",
                "channel": "'visit'",
                "kind": "CASE WHEN i %% 10 = 0 THEN 'complaint' ELSE 'consultation' END",
                "matter_text": "'咨询事项'",
                "first_staff": "%(s0)s + i %% %(ns)s",
                "first_department": "%(d0)s + i %% %(nd)s",
                "registered_by": "%(s0)s + i %% %(ns)s",
                "registered_at": registered,
                "state": state,
                "current_department": "%(d0)s + (i / 3) %% %(nd)s",
                "handler": f"CASE WHEN {state} = 'registered' THEN NULL"
                " ELSE %(s0)s + (i / 3) %% %(ns)s END",
                "resolved_at": f"CASE WHEN {state} IN ('resolved', 'called_back')"
                f" THEN {registered} + interval '2 days' END",
                "called_back_at": f"CASE WHEN {state} = 'called_back'"
                f" THEN {registered} + interval '3 days' END",
                "satisfaction": (
                    f"CASE WHEN {state} <> 'called_back' THEN '' WHEN i %% 50 = 7 THEN"
                    " 'dissatisfied' WHEN i %% 5 = 0 THEN 'basically_satisfied'"
                    " ELSE 'satisfied' END"
                ),
            },
            params,
        )
        source = "cases_case c"
        insert_select(
            cursor,
            StageClock,
            source,
            {
                "id": "c.id",
                "case": "c.id",
                "stage": "'resolve'",
                "department": "c.current_department_id",
                "responsible": "c.handler_id",
                "started_at": "c.registered_at",
                "due_at": (
                    "c.registered_at + interval '3 days' - (c.sequence %% 7) * interval '1 day'"
                ),
                "limit_due_at": "c.registered_at + interval '3 days'",
                "met_at": "c.resolved_at",
            },
            params,
        )
        insert_select(
            cursor,
            StageClock,
            "cases_case c WHERE c.state = 'resolved'",
            {
                "id": "%(size)s + c.id",
                "case": "c.id",
                "stage": "'callback'",
                "department": "c.first_department_id",
                "responsible": "c.first_staff_id",
                "started_at": "c.resolved_at",
                "due_at": "c.resolved_at + interval '2 days'",
                "limit_due_at": "c.resolved_at + interval '2 days'",
            },
            params,
        )
        insert_select(
            cursor,
            Transfer,
            "cases_case c WHERE c.sequence %% 2 = 0",
            {
                "case": "c.id",
                "from_department": "c.first_department_id",
                "from_staff": "c.first_staff_id",
                "to_department": "c.current_department_id",
                "sent_at": "c.registered_at + interval '1 hour'",
                "accepted_at": (
                    "CASE WHEN c.sequence %% 40 <> 0 THEN c.registered_at + interval '2 hours' END"
                ),
                "accepted_by": "CASE WHEN c.sequence %% 40 <> 0 THEN c.handler_id END",
                "returned_at": (
                    "CASE WHEN c.sequence %% 40 = 0 THEN c.registered_at + interval '2 hours' END"
                ),
                "returned_by": "CASE WHEN c.sequence %% 40 = 0 THEN c.first_staff_id END",
            },
            params,
        )
        insert_select(
            cursor,
            Callback,
            "cases_case c WHERE c.called_back_at IS NOT NULL",
            {
                "case": "c.id",
                "at": "c.called_back_at",
                "by": "c.first_staff_id",
                "contact_result": "'reached'",
                "satisfaction": "c.satisfaction",
            },
            params,
        )
        insert_select(
            cursor,
            CaseEvent,
            "cases_case c WHERE c.sequence %% 100 = 7 AND c.called_back_at IS NOT NULL",
            {
                "case": "c.id",
                "at": "c.called_back_at + interval '1 hour'",
                "action": "'reopen'",
                "from_state": "'called_back'",
                "to_state": "'transferred'",
            },
            params,
        )
        insert_select(
            cursor,
            Violation,
            "cases_case c WHERE c.sequence %% 200 = 3 AND c.resolved_at IS NOT NULL",
            {
                "organisation": "%(org)s",
                "staff": "c.handler_id",
                "department": "c.current_department_id",
                "case": "c.id",
                "kind": (
                    "CASE WHEN c.sequence %% 3 = 0 THEN 'overdue_resolution' ELSE 'complaint' END"
                ),
                "source": "'sweep'",
                "occurred_at": "c.registered_at + interval '3 days'",
                "reported_at": "c.registered_at + interval '3 days'",
                "state": "'substantiated'",
                "substantiated_at": "c.registered_at + interval '5 days'",
            },
            params,
        )
        insert_select(
            cursor,
            Commendation,
            "cases_case c WHERE c.sequence %% 500 = 11 AND c.called_back_at IS NOT NULL",
            {
                "organisation": "%(org)s",
                "staff": "c.handler_id",
                "department": "c.current_department_id",
                "case": "c.id",
                "source": "'public_praise'",
                "at": "c.called_back_at",
                "year": "2026",
                "reason": "'热情周到'",
            },
            params,
        )
        for table in ("cases_case", "cases_stageclock"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
        # The other tables' deferred foreign keys checked now: an index cannot be built on
        # a table with checks pending.
        with _step("foreign keys of the other tables checked"):
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with _step(f"{len(indexes)} indexes built"):
            for definition in indexes:
                cursor.execute(definition)
        with _step(f"{len(foreign_keys)} foreign keys added (each checked by one query)"):
            for definition in foreign_keys:
                cursor.execute(definition)
    with connection.cursor() as cursor, _step("vacuum analyze"):
        for table in (
            *("cases_case", "cases_stageclock", "cases_transfer", "cases_callback"),
            *("penalties_violation", "penalties_commendation"),
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return organisation, supervisor


@contextlib.contextmanager
def _step(label):
    """Print how long a step of the build took."""
    started = time.perf_counter()
    yield
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)


# The tables the builder fills with a row per case (or per other case).
LOADED_TABLES = ("cases_case", "cases_stageclock", "cases_transfer", "cases_callback")


def _drop_secondary_indexes(cursor, tables) -> list[str]:
    """Drop the indexes of ``tables`` that back no constraint (primary keys and unique
    constraints stay); returns their definitions, to create them again."""
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = ANY(%s)"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [list(tables)],
    )
    found = cursor.fetchall()
    for name, _definition in found:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in found]


def _drop_foreign_keys(cursor, tables) -> list[str]:
    """Drop the foreign keys of ``tables``; returns the statements that add them again.
    Adding a foreign key checks every row in one query: at 10M far faster than a check
    per inserted row (the deferred triggers took most of the build)."""
    cursor.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)"
        " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
        " WHERE c.contype = 'f' AND t.relname = ANY(%s)",
        [list(tables)],
    )
    found = cursor.fetchall()
    for table, name, _definition in found:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    return [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition in found
    ]


def ensure_penalties(organisation) -> bool:
    """The ledger lines of the substantiated violations, as the municipal rules impose them
    on a first offence (notice of criticism, bonus deducted, ...): every sanction of the
    preset's first rule for the person, once per violation. Added to a database built
    before the builder made them (its other rows are kept)."""
    from django.db import connection, transaction

    from penalties.metrics import daily
    from penalties.models import Penalty, PenaltyRule
    from penalties.services import load_penalty_preset

    if Penalty.objects.filter(organisation=organisation).exists():
        return False
    started = time.perf_counter()
    rule = PenaltyRule.objects.filter(
        rule_set=load_penalty_preset(organisation, "municipal")
    ).order_by("pk")[0]
    with transaction.atomic(), connection.cursor() as cursor:
        insert_select(
            cursor,
            Penalty,
            "penalties_violation v JOIN penalties_sanction s ON s.rule_id = %(rule)s"
            " AND s.liability = 'person'"
            " WHERE v.organisation_id = %(org)s AND v.state = 'substantiated'",
            {
                "organisation": "%(org)s",
                "entry": "'imposed'",
                "violation": "v.id",
                "rule": "%(rule)s",
                "sanction": "s.id",
                "liability": "s.liability",
                "staff": "v.staff_id",
                "department": "v.department_id",
                "offence_number": "1",
                "year": "extract(year FROM v.substantiated_at AT TIME ZONE 'Asia/Shanghai')",
                "sanction_kind": "s.kind",
                "amount_min": "s.amount_min",
                "amount_max": "s.amount_max",
                "rating_cap": "s.rating_cap",
                "at": "v.substantiated_at",
            },
            {"org": organisation.pk, "rule": rule.pk},
        )
        cursor.execute("ANALYZE penalties_penalty")
    lines = Penalty.objects.filter(organisation=organisation)
    # Their days are counted again (the daily counts hold the penalties of each day).
    daily.touch(organisation.pk, lines.values_list("at", flat=True).distinct())
    print(f"penalty ledger: {lines.count()} lines in {time.perf_counter() - started:.1f} s")
    return True


def count_days(organisation, now):
    """The days of the daily summary tables not final yet, counted from the raw rows."""
    from penalties.metrics import daily

    started = time.perf_counter()
    days = daily.days_to_count(organisation, now, limit=None)
    rows = daily.count_days(organisation, days, now)
    if len(days) > 1:  # as autovacuum does after a first count of the history
        from django.db import connection

        with connection.cursor() as cursor:
            for table in ("penalties_dailycount", "penalties_countedday"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    print(
        f"daily summary tables: {len(days)} days not final counted ({rows} rows) in "
        f"{time.perf_counter() - started:.1f} s"
    )


def assess_closed_months(organisation, now):
    """What the beat task keeps: a snapshot of every closed month."""
    from django.utils import timezone

    from penalties.periods import MONTH, current_period
    from penalties.services import assess_period

    tz = timezone.get_default_timezone()
    month = current_period(MONTH, now, tz).previous()
    count = 0
    while month.end > (now - __import__("datetime").timedelta(days=DAYS)).date():
        assess_period(organisation=organisation, period=month, now=now)
        month, count = month.previous(), count + 1
    return count


def _p50_p95(times):
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def timed(function, repeat, plain):
    """(p50 ms, p95 ms, SQL statements of one call, plain p95 ms): ``plain`` is timed once
    before each call (the yardstick measured between the pages, under the same load).
    Statements are counted by an execute wrapper: the test client's request signal resets
    Django's own query log."""
    from django.db import connection

    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        function()
    times, yardstick = [], []
    for _i in range(repeat):
        started = time.perf_counter()
        plain()
        yardstick.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    p50, p95 = _p50_p95(times)
    return p50, p95, statements, _p50_p95(yardstick)[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true", help="drop and build the data again")
    parser.add_argument(
        "--touched",
        type=int,
        default=0,
        help="then measure again with today and the days before it touched (this many days)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="instead of timing the pages, profile one request of each (cProfile and SQL)",
    )
    args = parser.parse_args()
    import os

    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    if connection.vendor != "postgresql":
        raise SystemExit("bench.dashboard needs PostgreSQL: set DATABASE_URL")
    setup_test_environment()
    name = connection.settings_dict["NAME"] + "_dashboard"
    _ensure_database(connection, name, drop=args.rebuild)
    connection.close()
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name
    call_command("migrate", verbosity=0)
    from cases.models import Case
    from departments.models import Organisation, Staff

    now = timezone.now()
    organisation = Organisation.objects.filter(code="DB").first()
    if organisation is None or Case.objects.filter(organisation=organisation).count() != args.cases:
        if organisation is not None:
            raise SystemExit(f"{name} holds another size: run with --rebuild")
        started = time.perf_counter()
        connection.set_autocommit(True)
        organisation, supervisor = build(connection, args.cases, now)
        print(f"built {args.cases} cases in {time.perf_counter() - started:.0f} s")
        ensure_penalties(organisation)
        count_days(organisation, now)  # first, as the beat does: the snapshots read them
        started = time.perf_counter()
        months = assess_closed_months(organisation, now)
        print(f"{months} monthly snapshots in {time.perf_counter() - started:.0f} s")
    elif ensure_penalties(organisation):  # built before the builder made them
        count_days(organisation, now)
        assess_closed_months(organisation, now)
    count_days(organisation, now)
    from penalties.services import assessments_sweep

    started = time.perf_counter()
    assessed = assessments_sweep(now)  # what the hourly beat task does
    print(
        f"beat task: {assessed} periods assessed (the running month provisionally) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    from penalties.periods import MONTH, QUARTER, YEAR, current_period
    from penalties.services import assess_period

    tz = timezone.get_default_timezone()
    quarter = current_period(QUARTER, now, tz).previous()
    seconds = []
    for _i in range(3):  # the last closed quarter computed again (as a manager's recompute)
        started = time.perf_counter()
        assess_period(organisation=organisation, period=quarter, now=now)
        seconds.append(time.perf_counter() - started)
    print(
        f"assessment of a quarter ({quarter.label}): {min(seconds):.2f}-{max(seconds):.2f} s"
        " (three runs; target < 10 s at 10M)"
    )
    supervisor = Staff.objects.filter(
        organisation=organisation, user__groups__name="supervisor"
    ).first()
    client = logged_in(Client(), supervisor.user)
    department = supervisor.department_id

    periods = [
        ("this month", current_period(MONTH, now, tz)),
        ("last month", current_period(MONTH, now, tz).previous()),
        ("this quarter", current_period(QUARTER, now, tz)),
        ("last quarter", current_period(QUARTER, now, tz).previous()),
        ("this year", current_period(YEAR, now, tz)),
        ("last year", current_period(YEAR, now, tz).previous()),
    ]

    def plain():
        list(Case.objects.filter(organisation=organisation).order_by("-registered_at")[:100])

    # The pages are timed as a web worker serves them: the objects this process made while
    # building and counting (a worker has none of them) are kept out of the collector's
    # passes, which otherwise walk them all, mid-page, every so many allocations.
    gc.collect()
    gc.freeze()
    pages(client, periods, department, plain, args.repeat, args.profile)
    if args.touched:
        # A busy city: events since the beat's last count (a minute ago) touched today and
        # the days before it. The pages count such days live (SUMMARY_STALE_SECONDS=0), or
        # read their last count (the default, as they hold more than SUMMARY_LIVE_CASES).
        touch_recent_days(organisation, now, args.touched)
        for seconds, repeat in ((0, max(3, args.repeat // 4)), (600, args.repeat)):
            settings.SUMMARY_STALE_SECONDS = seconds
            print(
                f"\nbusy: {args.touched} days touched since their count a minute ago,"
                f" SUMMARY_STALE_SECONDS={seconds}"
            )
            pages(client, periods, department, plain, repeat, args.profile)


def touch_recent_days(organisation, now, days):
    """Mark today and the ``days`` - 1 days before it touched, as counted a minute ago."""
    import datetime as dt

    from penalties.metrics import daily
    from penalties.models import CountedDay

    last = daily.local_day(now)
    touched = CountedDay.objects.filter(
        organisation=organisation, day__gt=last - dt.timedelta(days=days), day__lte=last
    )
    recent = now - dt.timedelta(minutes=1)
    for day in touched:
        day.touched = True
        if day.counted_at >= daily.end_of_day(day.day):  # final: recounted a minute ago
            day.counted_at = recent
        day.save(update_fields=["touched", "counted_at"])


def pages(client, periods, department, plain, repeat, profiling):
    """Time (or profile) the dashboard of each period, with and without a department, and
    the notice of this and last quarter."""
    print(f"{'page':<34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7} {'plain p95':>9} {'ratio':>6}")
    for label, period in periods:
        for filtered in (False, True):
            query = {"period": period.label}
            if filtered:
                query["department"] = department

            def page(query=query):
                response = client.get("/reports/", query)
                assert response.status_code == 200, response.status_code

            title = f"{label} ({period.label}){' + department' if filtered else ''}"
            if profiling:
                profile(page, title)
                continue
            p50, p95, queries, plain95 = timed(page, repeat, plain)
            _print_row(title, p50, p95, queries, plain95)
    for label, period in periods[2:4]:  # the quarterly notice (通报) of this and last quarter

        def notice(period=period):
            response = client.get(f"/reports/notice/{period.label}/")
            assert response.status_code == 200, response.status_code

        if profiling:
            profile(notice, f"notice {label} ({period.label})")
            continue
        p50, p95, queries, plain95 = timed(notice, repeat, plain)
        _print_row(f"notice {label} ({period.label})", p50, p95, queries, plain95)


def profile(function, title, top=25):
    """Print where one call of ``function`` (warmed up) spends its time: its SQL statements
    (the slowest first) and the functions with the most time of their own (cProfile)."""
    import cProfile
    import pstats

    from django.db import connection

    function()  # warm: caches, compiled templates
    statements = []

    def timed_execute(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(((time.perf_counter() - started) * 1000, sql))

    profiler = cProfile.Profile()
    started = time.perf_counter()
    with connection.execute_wrapper(timed_execute):
        profiler.enable()
        function()
        profiler.disable()
    total = (time.perf_counter() - started) * 1000
    sql = sum(ms for ms, _sql in statements)
    cpu = time.process_time()
    for _i in range(10):
        function()
    cpu = (time.process_time() - cpu) * 100  # ms per call, of this process's CPU
    print(
        f"\n== {title}: {total:.0f} ms profiled, {len(statements)} statements, {sql:.0f} ms SQL;"
        f" unprofiled {cpu:.1f} ms CPU of this process per call"
    )
    for ms, statement in statements:  # in the order they ran
        print(f"  {ms:7.1f} ms  {statement[:150]}")
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    # The project's own functions, by the time spent in them and what they call.
    stats.sort_stats("cumulative").print_stats(r"/(penalties|cases|departments|firstask)/", top)


def _print_row(title, p50, p95, queries, plain95):
    print(f"{title:<34} {p50:>8.1f} {p95:>8.1f} {queries:>7} {plain95:>9.1f} {p95 / plain95:>6.1f}")


def _ensure_database(connection, name, drop):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and drop:
            cursor.execute(f'DROP DATABASE "{name}"')
            exists = False
        if not exists:
            cursor.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
