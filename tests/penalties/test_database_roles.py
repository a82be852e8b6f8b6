"""The record in the database: nobody empties it, and the application's own database role
can change none of it (PostgreSQL).

``manage.py db_roles`` sets up an owner role and an application role in the test database;
a psycopg connection as the application role (trust authentication on 127.0.0.1) then tries
what the probe of issue 18 did. The superuser's Django connection shows the triggers hold
even for a role that may do everything else.
"""

import contextlib
import io

import psycopg
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from penalties import services
from penalties.models import Assessment, AssessmentPeriod, Commendation, Penalty
from penalties.periods import parse_period

from .metrics_data import NOW, build_quarter

QUARTER = parse_period("2026Q2")
RECORD_TABLES = [
    "cases_caseevent",
    "penalties_violationevent",
    "penalties_commendation",
    "penalties_historicalcommendation",
    "penalties_penalty",
    "penalties_historicalpenalty",
    "penalties_historicalviolation",
    "penalties_notice",
    "penalties_historicalnotice",
    "penalties_historicalassessmentperiod",
]
LEDGER_TRUNCATES = [
    "TRUNCATE penalties_penalty CASCADE",
    "TRUNCATE penalties_violation CASCADE",
    "TRUNCATE penalties_historicalpenalty",
    "TRUNCATE penalties_historicalviolation",
    "TRUNCATE cases_caseevent",
    "TRUNCATE penalties_commendation",
    "TRUNCATE penalties_assessment",
    # CASCADE reaches the timeline, whose trigger fires too.
    "TRUNCATE cases_case CASCADE",
]


def test_the_roles_command_refuses_what_it_cannot_do_with_a_clear_message(db):
    # On SQLite there are no roles; on PostgreSQL one role cannot be both.
    expected = "need PostgreSQL" if connection.vendor != "postgresql" else "two different roles"
    with pytest.raises(CommandError, match=expected):
        call_command("db_roles", owner="same", app="same")


@pytest.fixture(scope="module")
def roles(django_db_setup, django_db_blocker):
    """(owner, application) role names, unique to this test database (roles are shared by
    the whole server); dropped again at the end."""
    if connection.vendor != "postgresql":
        yield None
        return
    name = connection.settings_dict["NAME"][:40]
    owner, app = f"{name}_owner", f"{name}_app"
    with django_db_blocker.unblock():
        call_command("db_roles", owner=owner, app=app, stdout=io.StringIO())
        yield owner, app
        with connection.cursor() as cursor:
            me = connection.settings_dict["USER"] or "postgres"
            cursor.execute(f'REASSIGN OWNED BY "{owner}" TO "{me}"')
            for role in (app, owner):
                cursor.execute(f'DROP OWNED BY "{role}"')
                cursor.execute(f'DROP ROLE "{role}"')


@contextlib.contextmanager
def connected_as(role):
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=role,
        autocommit=True,
    ) as conn:
        yield conn


def refused_to(role, statement):
    with connected_as(role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)


@pytest.fixture
def record(people, preset, substantiated):
    """A quarter of cases, a substantiated violation with its penalty lines, a commendation
    and the quarter's assessment, locked by publishing its notice."""
    preset("municipal")
    with _at_now():
        build_quarter(people, preset)
        substantiated(when=NOW.replace(month=5))
        services.commendation_record(by=people.supervisor.user, reason="表扬", staff=people.clerk)
        services.assess_period(organisation=people.organisation, period=QUARTER, now=NOW)
        services.notice_publish(
            by=people.supervisor.user, organisation=people.organisation, period=QUARTER, now=NOW
        )
    return people


def _at_now():
    return time_machine.travel(NOW, tick=False)


def refused_by_the_trigger(statement, message):
    """The superuser owns everything and may do anything, and still the trigger refuses."""
    with (
        pytest.raises(DatabaseError, match=message),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)


@pytest.mark.usefixtures("record")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_nobody_empties_the_record(roles):
    _owner, app = roles
    for statement in LEDGER_TRUNCATES:
        refused_to(app, statement)
        # A cascade reaches several append-only tables; whichever trigger fires first refuses
        # it (the record's, or the attachments' since those are never deleted either).
        refused_by_the_trigger(statement, "never (emptied|deleted)")
    assert Penalty.objects.exists()


@pytest.mark.usefixtures("record")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_application_role_changes_no_line_of_the_record(roles):
    _owner, app = roles
    for table in RECORD_TABLES:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}")
            assert cursor.fetchone()[0] > 0, table
        for verb in ("UPDATE {} SET id = id", "DELETE FROM {}"):
            refused_to(app, verb.format(table))
            refused_by_the_trigger(
                verb.format(table), r"append-only|never changes|part of the record"
            )
    # Ratings are rebuilt from the ledger (updated), never deleted.
    refused_to(app, "DELETE FROM penalties_annualrating")
    refused_by_the_trigger("DELETE FROM penalties_annualrating", "part of the record")


@pytest.mark.usefixtures("record")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_locked_assessment_is_never_changed_nor_deleted(roles):
    _owner, app = roles
    assert AssessmentPeriod.objects.get().is_locked
    with connected_as(app) as conn:
        for statement in (
            "UPDATE penalties_assessment SET score = 0",
            "DELETE FROM penalties_assessment",
            "UPDATE penalties_assessmentperiod SET locked_at = NULL",
            "DELETE FROM penalties_assessmentperiod",
        ):
            with pytest.raises(psycopg.errors.RestrictViolation, match="part of the record"):
                conn.execute(statement)
    assert Assessment.objects.exclude(score=0).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_unlocked_assessment_is_computed_again_by_the_application_role(roles, people, preset):
    _owner, app = roles
    with _at_now():
        build_quarter(people, preset)
        services.assess_period(organisation=people.organisation, period=QUARTER, now=NOW)
        first = set(Assessment.objects.values_list("pk", flat=True))
        with _as_role(app):
            services.assess_period(organisation=people.organisation, period=QUARTER, now=NOW)
    assert first and first.isdisjoint(Assessment.objects.values_list("pk", flat=True))


NO_DDL = [
    "DROP TRIGGER penalties_penalty_append_only ON penalties_penalty",
    "DROP TRIGGER penalties_penalty_no_truncate ON penalties_penalty",
    "ALTER TABLE penalties_penalty DISABLE TRIGGER ALL",
    "ALTER TABLE cases_caseevent ADD COLUMN x integer",
    "DROP TABLE penalties_commendation",
    "CREATE TABLE firstask_probe (id integer)",
    "DROP FUNCTION firstask_refuse_truncate()",
    "SET session_replication_role = replica",
    "INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())",
]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_application_role_has_no_ddl(roles):
    _owner, app = roles
    for statement in NO_DDL:
        refused_to(app, statement)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_application_role_does_the_applications_work(roles, people, preset, substantiated):
    """Registering, reporting, substantiating (penalty lines, ratings rebuilt), commending,
    assessing and publishing, all as the application role."""
    _owner, app = roles
    preset("municipal")
    with _at_now(), _as_role(app):
        build_quarter(people, preset)
        substantiated(when=NOW.replace(month=5))
        services.commendation_record(by=people.supervisor.user, reason="表扬", staff=people.clerk)
        services.assess_period(organisation=people.organisation, period=QUARTER, now=NOW)
        services.notice_publish(
            by=people.supervisor.user, organisation=people.organisation, period=QUARTER, now=NOW
        )
    assert Penalty.objects.exists() and Commendation.objects.exists()
    assert AssessmentPeriod.objects.get().is_locked
    with connected_as(app) as conn:
        # A deleted login leaves the history rows with an empty history_user.
        conn.execute("UPDATE penalties_historicalpenalty SET history_user_id = NULL")
        conn.execute("UPDATE cases_case SET person_phone = person_phone")
        conn.execute("DELETE FROM django_session")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_roles_command_is_idempotent_and_leaves_no_truncate_anywhere(roles):
    owner, app = roles
    output = io.StringIO()
    call_command("db_roles", owner=owner, app=app, stdout=output)
    assert "created role" not in output.getvalue()
    assert "0 objects handed over" in output.getvalue()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, pg_get_userbyid(c.relowner),
                   has_table_privilege(%s, c.oid, 'TRUNCATE'),
                   has_table_privilege(%s, c.oid, 'TRIGGER'),
                   has_table_privilege(%s, c.oid, 'SELECT')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r'
            """,
            [app, app, app],
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = %s", [app])
        attributes = cursor.fetchone()
    assert rows
    assert {row[1] for row in rows} == {owner}
    assert not any(row[2] or row[3] for row in rows)
    assert all(row[4] for row in rows)
    assert attributes == (False, False)


@contextlib.contextmanager
def _as_role(role):
    """Django's own connection, as ``role`` (a superuser may SET ROLE to any role)."""
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


@pytest.mark.usefixtures("record")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_nobody_empties_or_rewrites_the_security_and_read_access_logs(roles):
    from cases.models import Case, PersonalDataAccess
    from cases.models.access_log import AccessPlace
    from departments.models.security import SecurityEvent, SecurityEventKind

    _owner, app = roles
    case = Case.objects.order_by("pk").first()
    PersonalDataAccess.objects.create(
        organisation=case.organisation, case=case, viewer_name="clerk", place=AccessPlace.EXPORT
    )
    SecurityEvent.objects.create(
        organisation=case.organisation, username="clerk", kind=SecurityEventKind.choices[0][0]
    )
    for table in ("cases_personaldataaccess", "departments_securityevent"):
        refused_to(app, f"TRUNCATE {table}")
        refused_by_the_trigger(f"TRUNCATE {table}", "never emptied")
        # (Only the login column may change, and only to NULL: a deleted login.)
        for verb in ("UPDATE {} SET at = at + interval '1 day'", "DELETE FROM {}"):
            refused_to(app, verb.format(table))
            refused_by_the_trigger(verb.format(table), "append-only")
    assert PersonalDataAccess.objects.count() == SecurityEvent.objects.count() == 1
