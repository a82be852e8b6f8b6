"""Many cases for the page benchmarks, built once and kept between runs (PostgreSQL).

One organisation (code BM) with 10 departments and 200 staff. Whatever the size, 5,000
cases are open, as in an office whose current work stays the same while its history
grows: 1,000 at the desk (100 awaiting arbitration), 1,500 waiting to be signed for,
2,000 in handling and 500 resolved; all the others are called back. Every case that
left the desk has its transfer, every open one its running stage clock (1 % overdue,
2 % in the warning window, 1 % paused), every closed one a clock that was met. Staff and
departments change every few cases, so each person and department has a share of
everything.

Each size lives in its own database, ``<DATABASE_URL's name>_bench_<size>``, created and
filled on first use with INSERT … SELECT over generate_series, then only migrated (new
indexes are built on the existing rows) and reused: ``--rebuild`` starts it again,
``--drop`` removes it.
"""

import time

from django.db import connection, transaction

DEPARTMENTS, STAFF = 10, 200
OPEN = {"registered": 1_000, "awaiting": 1_500, "handling": 2_000, "resolved": 500}
OPEN_TOTAL = sum(OPEN.values())
PHRASES = (
    "申请最低生活保障",
    "咨询营业执照办理流程",
    "投诉小区噪音扰民",
    "反映道路积水无人处理",
    "咨询社保转移接续",
    "申请廉租住房补贴",
    "举报违规占道经营",
    "咨询户籍迁入材料",
    "反映供暖温度不达标",
    "咨询残疾人补贴申领",
    "Inquiry about a business licence",
    "申请临时救助",
)


VERSION = 2  # of the data below: a database built by another version is built again


def database_name(base, size):
    return f"{base}_bench{VERSION}_{size}"


def use_database(size, *, rebuild=False, drop=False):
    """Point the connection at the size's benchmark database, creating and filling it when
    needed; returns the seconds spent building (0 when reused)."""
    from django.core.management import call_command

    # The name DATABASE_URL gave, kept from the first call (later ones start elsewhere).
    base = connection.settings_dict.setdefault("BENCH_BASE_NAME", connection.settings_dict["NAME"])
    if connection.vendor != "postgresql":
        raise SystemExit("the page benchmarks need PostgreSQL: set DATABASE_URL")
    name = database_name(base, size)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and (rebuild or drop):
            cursor.execute(f'DROP DATABASE "{name}"')
            exists = False
        if drop:
            return 0.0
        if not exists:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connection.settings_dict["NAME"] = name
    call_command("migrate", verbosity=0)
    from cases.models import Case

    if Case.objects.filter(organisation__code="BM").count() == size:
        return 0.0
    if exists:  # a build that was interrupted: start again
        connection.close()
        connection.settings_dict["NAME"] = base
        return use_database(size, rebuild=True)
    started = time.perf_counter()
    _fill(size)
    return time.perf_counter() - started


def _fill(size):
    from django.utils import timezone

    from cases.timelimits.presets import load_time_limit_preset
    from departments.models import Organisation

    organisation = Organisation.objects.create(name="基准测试中心", code="BM")
    load_time_limit_preset(organisation, "municipal")
    departments, staff = _people(organisation)
    now = timezone.now()
    params = {
        "org": organisation.pk,
        "size": size,
        "now": now,
        "dept": departments[0].pk,
        "n_dept": DEPARTMENTS,
        "staff": staff[0].pk,
        "n_staff": STAFF,
        "per_dept": STAFF // DEPARTMENTS,
        "open_from": size - min(size, OPEN_TOTAL) + 1,
        "registered": OPEN["registered"],
        "awaiting": OPEN["awaiting"],
        "handling": OPEN["handling"],
        "phrases": list(PHRASES),
    }
    # One transaction: a case names its transfer (of the same id) before the transfer is
    # inserted, which the deferred foreign key allows until the commit. (An UPDATE of every
    # case afterwards rewrote the table and its indexes: more than an hour at 10M.)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(CASES_SQL, params)
        cursor.execute(TRANSFERS_SQL, params)
        cursor.execute(CLOCKS_SQL, params)
        cursor.execute(MET_CLOCKS_SQL, params)
        cursor.execute(
            "UPDATE cases_case c SET current_clock_id = k.id FROM cases_stageclock k"
            " WHERE k.case_id = c.id AND k.met_at IS NULL"
        )
        for table in ("cases_case", "cases_transfer"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
    connection.set_autocommit(True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE cases_case")
        cursor.execute("VACUUM ANALYZE cases_transfer")
        cursor.execute("VACUUM ANALYZE cases_stageclock")


def _people(organisation):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from departments.models import Department, Staff
    from departments.roles import Role

    departments = Department.objects.bulk_create(
        Department(organisation=organisation, name=f"业务科{i}") for i in range(DEPARTMENTS)
    )
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"bm-{i}", email=f"bm-{i}@example.cn", is_staff=i % 20 == 0 or i == 1)
        for i in range(STAFF)
    )
    staff = Staff.objects.bulk_create(
        Staff(
            organisation=organisation,
            department=departments[i // (STAFF // DEPARTMENTS)],
            user=user,
            name=f"职员{i}",
            badge_number=f"BM{i:04d}",
            rank=5 if i % (STAFF // DEPARTMENTS) == 0 else 1,
        )
        for i, user in enumerate(users)
    )
    groups = {role: Group.objects.get(name=role) for role in Role.values}
    for i, member in enumerate(staff):
        if i % (STAFF // DEPARTMENTS) == 0:  # the first of each department heads it
            member.user.groups.add(groups[Role.HEAD])
            member.user.groups.add(groups[Role.ADMINISTRATOR if i == 0 else Role.CLERK])
        else:
            member.user.groups.add(groups[Role.HANDLER if i % 2 else Role.CLERK])
    staff[1].user.groups.add(groups[Role.SUPERVISOR])
    for department, head in zip(departments, staff[:: STAFF // DEPARTMENTS], strict=True):
        department.head = head
    Department.objects.bulk_update(departments, ["head"])
    return departments, staff


# Case i: registered (i - size) minutes before now... spread over the years before now;
# the last OPEN_TOTAL cases are the open ones. The registering person changes every 7
# cases, the current department every 3.
CASES_SQL = """
INSERT INTO cases_case (id, current_transfer_id, organisation_id, number, year, sequence,
    query_code, channel, kind,
    urgency, person_name, person_unit, person_address, person_phone, person_email,
    is_anonymous, is_confidential, matter_text, registered_at, state, needs_arbitration,
    needs_approval, round, transferred_at, accepted_at, resolved_at, called_back_at, outcome,
    result, notification_text, satisfaction, promise_reason, version, current_department_id,
    first_department_id, first_staff_id, handler_id, registered_by_id)
SELECT i, CASE WHEN st <> 'registered' THEN i END, %(org)s,
    'BM-' || extract(year FROM reg)::int || '-' || lpad(i::text, 7, '0'),
    extract(year FROM reg)::int, i, 'Q' || lpad(i::text, 9, '0'), 'visit', 'application',
    'normal', '市民' || (i %% 9973), '', '', '139' || lpad(i::text, 8, '0'), '', false,
    i %% 50 = 0, (%(phrases)s::text[])[1 + i %% 12] || '（第' || i || '件）', reg,
    st, st = 'registered' AND i %% 10 = 0, false, 1,
    CASE WHEN st <> 'registered' THEN reg + interval '1 hour' END,
    CASE WHEN handler IS NOT NULL THEN reg + interval '2 hours' END,
    CASE WHEN st IN ('resolved', 'called_back') THEN reg + interval '3 days' END,
    CASE WHEN st = 'called_back' THEN reg + interval '5 days' END,
    CASE WHEN st IN ('resolved', 'called_back') THEN 'handled' ELSE '' END,
    CASE WHEN st IN ('resolved', 'called_back') THEN '已办结' ELSE '' END, '',
    CASE WHEN st = 'called_back' THEN 'satisfied' ELSE '' END, '', 1,
    dept, %(dept)s + (i / 7 / %(per_dept)s) %% %(n_dept)s, person, handler, person
FROM (
    SELECT i, reg, st, dept, person,
        CASE WHEN st IN ('called_back', 'resolved') OR
                  (st = 'transferred' AND i >= %(open_from)s + %(registered)s + %(awaiting)s)
             THEN %(staff)s + (dept - %(dept)s) * %(per_dept)s + 1 + i %% (%(per_dept)s - 1)
        END AS handler
    FROM (
        SELECT i,
            %(now)s - (%(size)s - i) * interval '90 seconds' - interval '1 hour' AS reg,
            CASE WHEN i < %(open_from)s THEN 'called_back'
                 WHEN i < %(open_from)s + %(registered)s THEN 'registered'
                 WHEN i < %(open_from)s + %(registered)s + %(awaiting)s + %(handling)s
                     THEN 'transferred'
                 ELSE 'resolved' END AS st,
            %(dept)s + (i / 3) %% %(n_dept)s AS dept,
            %(staff)s + (i / 7) %% %(n_staff)s AS person
        FROM generate_series(1, %(size)s) AS i
    ) AS base
) AS c
"""

TRANSFERS_SQL = """
INSERT INTO cases_transfer (id, round, role, note, is_forced, sent_at, accepted_at, return_reason,
    return_rejected, opinion, accepted_by_id, case_id, from_department_id, from_staff_id,
    to_department_id)
SELECT id, 1, 'lead', '', false, transferred_at, accepted_at, '', false, '', handler_id, id,
    first_department_id, first_staff_id, current_department_id
FROM cases_case WHERE organisation_id = %(org)s AND transferred_at IS NOT NULL
"""

CLOCKS_SQL = """
INSERT INTO cases_stageclock (tier, round, stage, "limit", unit, warning_share, started_at,
    limit_due_at, due_at, warn_at, paused_since, case_id, department_id, responsible_id)
SELECT '', 1, CASE WHEN state = 'registered' THEN 'forward'
               WHEN state = 'resolved' THEN 'callback'
               WHEN accepted_at IS NULL THEN 'sign_for' ELSE 'resolve' END,
    5, 'working_days', 75, registered_at, d.due, d.due, d.warn,
    CASE WHEN sequence %% 100 = 50 THEN %(now)s - interval '1 day' END,
    id, current_department_id, coalesce(handler_id, first_staff_id)
FROM cases_case,
    LATERAL (SELECT
        CASE WHEN sequence %% 100 = 0 THEN %(now)s - interval '1 hour'
             ELSE %(now)s + interval '5 days' END AS due,
        CASE WHEN sequence %% 100 = 0 THEN %(now)s - interval '5 hours'
             WHEN sequence %% 50 = 1 THEN %(now)s - interval '1 hour'
             ELSE %(now)s + interval '4 days' END AS warn) AS d
WHERE organisation_id = %(org)s AND state <> 'called_back'
"""

MET_CLOCKS_SQL = """
INSERT INTO cases_stageclock (tier, round, stage, "limit", unit, warning_share, started_at,
    limit_due_at, due_at, warn_at, met_at, case_id, department_id, responsible_id)
SELECT '', 1, 'callback', 5, 'working_days', 75, resolved_at, resolved_at + interval '5 days',
    resolved_at + interval '5 days', resolved_at + interval '4 days', called_back_at, id,
    current_department_id, first_staff_id
FROM cases_case WHERE organisation_id = %(org)s AND state = 'called_back'
"""
