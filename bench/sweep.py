"""The deadline sweep at 10k, 100k and 1M (or 10M) running cases, 1 % of them crossing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python -m bench.sweep [--sizes ...]

Builds each size in a throw-away database (``<name>_sweep``, dropped at the end) with
INSERT … SELECT over generate_series, one running stage clock per case, and 1 % of the
clocks past both their warning point and their deadline (as after a downtime: two alerts
each). Prints, per size, the first sweep (which records everything) and a second one
(which finds nothing new): seconds, SQL queries and the suspected violations created.
Target: 1M in under 2 s, 10M (100,000 crossing) under 20 s, and at least 30 times
django-helpdesk's ``escalate_tickets`` on the same count (``python -m bench.helpdesk``
measures both in one run: 60,005 statements at 1M), the query count independent of the size.
``--profile`` prints the slowest statements of the first sweep and the time outside SQL
(mostly the commit, where PostgreSQL checks the foreign keys of the new rows). The receivers of
``stage_alerts_recorded`` connected by the apps (penalties turns each overdue alert into a
violation, with its history row and timeline line) run inside the sweep and are measured
with it; ``--sweep-only`` leaves them out. ``--repeat N`` sweeps the same cases N times
(what a sweep wrote emptied in between: the later runs find the tables in the cache);
``--keep`` keeps the database (``<name>_sweep_kept``) and reuses its cases when they are of
the size asked for (a build of 10M takes a quarter of an hour).
"""

import argparse
import contextlib
import time
from datetime import timedelta

from bench._django import scratch_database, setup

STAFF, DEPARTMENTS = 200, 20


def build_people():
    from django.contrib.auth import get_user_model

    from cases.timelimits.presets import load_time_limit_preset
    from departments.models import Department, Organisation, Staff

    organisation = Organisation.objects.create(name="基准测试单位", code="BS")
    load_time_limit_preset(organisation, "municipal")
    departments = Department.objects.bulk_create(
        Department(organisation=organisation, name=f"科室{i}") for i in range(DEPARTMENTS)
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bench-{i}", email=f"bench-{i}@example.cn") for i in range(STAFF)
    )
    staff = Staff.objects.bulk_create(
        Staff(
            organisation=organisation,
            department=departments[i % DEPARTMENTS],
            user=user,
            name=f"职员{i}",
            badge_number=f"BS{i}",
        )
        for i, user in enumerate(users)
    )
    for department, head in zip(departments, staff, strict=False):
        department.head = head
    Department.objects.bulk_update(departments, ["head"])
    return organisation, staff


def build_cases(connection, organisation, staff, size, now):
    """``size`` running cases, each with its running clock; every 100th one crossed.

    Staff and departments change every 7 cases, so the crossed ones belong to many people.
    (``current_clock`` of the cases stays empty: the sweep reads clocks only.)
    """
    first_staff = min(s.pk for s in staff)
    first_department = min(s.department_id for s in staff)
    with connection.cursor() as cursor:
        # CASCADE empties the violations and their timeline too; their history has no
        # foreign keys, so it is named. The record refuses TRUNCATE (a trigger) except to a
        # superuser in replica mode, as on this scratch database.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "TRUNCATE cases_case, cases_stageclock, cases_stagealert, cases_caseevent,"
            " penalties_historicalviolation CASCADE"
        )
        cursor.execute("RESET session_replication_role")
        cursor.execute(
            """
            INSERT INTO cases_case (organisation_id, number, year, sequence, query_code,
                channel, kind, urgency, person_name, person_unit, person_address, person_phone,
                person_email, is_anonymous, is_confidential, matter_text, first_staff_id,
                first_department_id, registered_by_id, registered_at, state,
                current_department_id, needs_arbitration, needs_approval, round, outcome, result,
                notification_text, satisfaction, promise_reason, version)
            SELECT %(org)s, 'BS-2026-' || lpad(i::text, 8, '0'), 2026, i, 'BENCHMRK', 'visit',
                'application', 'normal', '市民', '', '', '', '', false, false, '申请低保',
                %(staff)s + (i / 7) %% %(n_staff)s, %(dept)s + (i / 7) %% %(n_dept)s, %(staff)s,
                %(now)s - interval '1 day', 'registered', %(dept)s + (i / 7) %% %(n_dept)s, false,
                false, 1, '', '', '', '', '', 1
            FROM generate_series(1, %(size)s) AS i
            """,
            {
                "org": organisation.pk,
                "staff": first_staff,
                "n_staff": len(staff),
                "dept": first_department,
                "n_dept": DEPARTMENTS,
                "now": now,
                "size": size,
            },
        )
        cursor.execute(
            """
            INSERT INTO cases_stageclock (case_id, round, stage, department_id, responsible_id,
                "limit", unit, warning_share, started_at, limit_due_at, due_at, warn_at, tier)
            SELECT id, 1, 'forward', current_department_id, first_staff_id, 2, 'working_days',
                75, registered_at, d.due, d.due, d.warn, ''
            FROM cases_case,
                LATERAL (SELECT
                    CASE WHEN sequence %% 100 = 0 THEN %(now)s - interval '1 hour'
                         ELSE %(now)s + interval '2 days' END AS due,
                    CASE WHEN sequence %% 100 = 0 THEN %(now)s - interval '5 hours'
                         ELSE %(now)s + interval '1 day' END AS warn) AS d
            """,
            {"now": now},
        )
        cursor.execute("VACUUM ANALYZE cases_case")
        cursor.execute("VACUUM ANALYZE cases_stageclock")


def timed_sweep(connection, now, profile=None):
    """Seconds, SQL statements and suspected violations created of one sweep at ``now``.

    Statements are counted by an execute wrapper rather than CaptureQueriesContext, which
    keeps only the last 9000 and formats every statement's SQL (slow for bulk inserts).
    With ``profile`` (a list), each statement's seconds and first line go into it.
    """
    from cases.timelimits.sweep import sweep
    from penalties.models import Violation

    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if profile is not None:
                profile.append((time.perf_counter() - started, " ".join(sql.split())[:150]))

    violations = Violation.objects.count()
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = sweep(now)
        seconds = time.perf_counter() - started
    return seconds, statements, result, Violation.objects.count() - violations


def clear_sweep_records(connection):
    """Empty what a sweep writes (alerts, timeline lines, violations and their history), so
    that the next sweep on the same cases is a first one again."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # the record refuses TRUNCATE
        cursor.execute(
            "TRUNCATE cases_stagealert, cases_caseevent, penalties_historicalviolation,"
            " penalties_violation, firstask_outboxmessage CASCADE"
        )
        cursor.execute("RESET session_replication_role")


@contextlib.contextmanager
def kept_database(name):
    """The database ``name``, created and migrated when missing, kept afterwards."""
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connection.settings_dict["NAME"] = name
    call_command("migrate", verbosity=0)
    yield connection


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--sweep-only",
        action="store_true",
        help="without the receivers of stage_alerts_recorded (e.g. the violations)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="print the slowest statements of the first sweep"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="first sweeps per size (the records of the one before emptied in between)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database (<name>_sweep_kept) and reuse its cases when of the same size",
    )
    args = parser.parse_args()
    setup()
    if args.sweep_only:
        from cases.timelimits.sweep import stage_alerts_recorded

        stage_alerts_recorded.receivers = []
        stage_alerts_recorded.sender_receivers_cache.clear()
    from django.db import connection
    from django.db.models import Max
    from django.utils import timezone

    from cases.models import Case
    from departments.models import Organisation, Staff

    # Its own scratch database, named after DATABASE_URL's (test runs on the same server
    # use test_<name>; two people's sweeps never share one).
    if args.keep:
        database = kept_database(connection.settings_dict["NAME"] + "_sweep_kept")
    else:
        connection.settings_dict["TEST"]["NAME"] = connection.settings_dict["NAME"] + "_sweep"
        database = scratch_database()
    with database as connection:
        if connection.vendor != "postgresql":
            raise SystemExit("bench.sweep needs PostgreSQL: set DATABASE_URL")
        connection.autocommit = True  # VACUUM cannot run in a transaction block
        organisation = Organisation.objects.filter(code="BS").first()
        if organisation is None:
            organisation, staff = build_people()
        else:
            staff = list(Staff.objects.filter(organisation=organisation))
        print(
            f"{'cases':>9} {'crossing':>8} {'build s':>8} | first sweep: {'s':>6} {'queries':>7}"
            f" {'alerts':>6} {'mailed':>6} {'violations':>10} | second sweep: {'s':>6}"
            f" {'queries':>7} {'violations':>10}"
        )
        for size in args.sizes:
            started = time.perf_counter()
            if args.keep and Case.objects.count() == size:
                clear_sweep_records(connection)  # the cases as built, a day before ``now``
                now = Case.objects.aggregate(at=Max("registered_at"))["at"] + timedelta(days=1)
            else:
                now = timezone.now()
                build_cases(connection, organisation, staff, size, now)
            build = time.perf_counter() - started
            for run in range(args.repeat):
                if run:
                    clear_sweep_records(connection)
                profile = [] if args.profile and not run else None
                first, first_queries, result, violations = timed_sweep(connection, now, profile)
                second, second_queries, again, again_violations = timed_sweep(connection, now)
                assert again.warnings == again.overdue == again_violations == 0
                # Every crossing clock has a person responsible: one violation per overdue
                # alert.
                assert violations == (0 if args.sweep_only else result.overdue), violations
                alerts = result.warnings + result.overdue
                print(
                    f"{size:>9} {size // 100:>8} {build:>8.1f} | {'':>12} {first:>6.2f} "
                    f"{first_queries:>7} {alerts:>6} {result.notified:>6} {violations:>10} | "
                    f"{'':>13} {second:>6.3f} {second_queries:>7} {again_violations:>10}"
                )
                if profile is not None:
                    in_sql = sum(seconds for seconds, _sql in profile)
                    print(f"    {in_sql:7.3f} s in SQL, {first - in_sql:.3f} s in Python; slowest:")
                    for seconds, sql in sorted(profile, reverse=True)[:12]:
                        print(f"    {seconds:7.3f} s  {sql}")


if __name__ == "__main__":
    main()
