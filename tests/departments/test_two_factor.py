"""Two-factor login: administrators, supervisors, auditors and the platform operator enrol
an authenticator at their first login and type its code at every login; recovery codes
work once; clerks, handlers and heads are not asked; every step is in the security log."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from departments import two_factor
from departments.models import SecurityEvent, SecurityEventKind
from tests.factories import StaffFactory
from tests.two_factor import authenticator_of, current_code, login_without_second_factor

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
ENROL = reverse("two_factor_enrol")
VERIFY = reverse("two_factor_verify")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(T0, tick=False):
        yield


def member(*roles):
    return StaffFactory(roles=list(roles)).user


def events(user):
    rows = SecurityEvent.objects.filter(user=user).order_by("id")
    return list(rows.values_list("kind", flat=True))


@pytest.mark.parametrize("role", ["administrator", "supervisor", "auditor"])
def test_a_role_with_two_factor_is_sent_to_enrol_before_the_admin_and_the_reports(client, db, role):
    user = member(role)
    login_without_second_factor(client, user)

    for page in (reverse("admin:index"), reverse("reports:dashboard"), reverse("cases:my_cases")):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(ENROL)


def test_the_platform_operator_needs_two_factor_too(client, db):
    operator = get_user_model().objects.create_superuser("operator", password="x-long-pass")
    login_without_second_factor(client, operator)

    assert client.get(reverse("admin:index"))["Location"].startswith(ENROL)


@pytest.mark.parametrize("role", ["clerk", "handler", "department_head"])
def test_clerks_handlers_and_heads_are_not_asked_for_a_second_factor(client, db, role):
    user = member(role)
    login_without_second_factor(client, user)

    assert client.get(reverse("cases:my_cases")).status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_enrolment_confirms_the_authenticator_with_a_code_and_shows_recovery_codes_once(client, db):
    user = member("supervisor")
    login_without_second_factor(client, user)
    page = client.get(ENROL + "?next=/admin/")
    assert 'id="two-factor-secret"' in page.content.decode()
    device = two_factor.pending_enrolment(user)

    answer = client.post(ENROL, {"code": current_code(device), "next": "/admin/"})

    assert answer.status_code == 200
    codes = answer.context["codes"]
    assert len(codes) == two_factor.RECOVERY_CODES
    assert client.get(reverse("admin:index")).status_code == 200
    assert events(user) == [SecurityEventKind.ENROLLED]
    # Shown once: the enrolment page now sends the user to the code step.
    assert client.get(ENROL).status_code == 302


def test_a_wrong_code_at_enrolment_confirms_nothing_and_is_logged(client, db):
    user = member("auditor")
    login_without_second_factor(client, user)
    client.get(ENROL)
    device = two_factor.pending_enrolment(user)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    answer = client.post(ENROL, {"code": wrong})

    assert answer.status_code == 200
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(reverse("admin:index")).status_code == 302
    assert events(user) == [SecurityEventKind.FAILED]


def test_a_wrong_code_at_login_is_refused_and_logged(client, db):
    user = member("administrator")
    device = authenticator_of(user)
    login_without_second_factor(client, user)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    answer = client.post(VERIFY, {"code": wrong})

    assert answer.status_code == 200
    assert "code" in answer.context["form"].errors
    assert client.get(reverse("admin:index"))["Location"].startswith(VERIFY)
    assert events(user) == [SecurityEventKind.FAILED]


def test_the_right_code_at_login_opens_the_admin(client, db):
    user = member("administrator")
    device = authenticator_of(user)
    login_without_second_factor(client, user)

    answer = client.post(VERIFY, {"code": current_code(device), "next": "/admin/"})

    assert answer.status_code == 302 and answer["Location"] == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200
    assert events(user) == [SecurityEventKind.VERIFIED]


def test_a_recovery_code_works_once(client, db):
    user = member("supervisor")
    authenticator_of(user)
    code = two_factor.replace_recovery_codes(user)[0]
    login_without_second_factor(client, user)

    assert client.post(VERIFY, {"code": code}).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200

    client.logout()
    login_without_second_factor(client, user)
    assert client.post(VERIFY, {"code": code}).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302
    assert events(user) == [SecurityEventKind.RECOVERY_USED, SecurityEventKind.FAILED]


def test_a_reset_sends_the_user_back_to_enrolment_and_is_logged(client, db):
    user = member("auditor")
    authenticator_of(user)
    two_factor.replace_recovery_codes(user)

    two_factor.reset_devices(user)
    login_without_second_factor(client, user)

    assert client.get(reverse("admin:index"))["Location"].startswith(ENROL)
    assert events(user) == [SecurityEventKind.RESET]


def test_a_lockout_is_written_to_the_security_log(client, db, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    user = member("clerk")
    for _ in range(3):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"})

    assert events(user) == [SecurityEventKind.LOCKED_OUT]
    assert SecurityEvent.objects.get(user=user).organisation == user.staff.organisation


def test_the_test_clients_login_verifies_the_session_of_a_role_with_two_factor(client, db):
    user = member("supervisor")

    client.force_login(user)

    assert client.get(reverse("admin:index")).status_code == 200


def test_the_security_log_refuses_changes(db):
    user = member("auditor")
    two_factor.record_security_event(user, SecurityEventKind.FAILED)
    event = SecurityEvent.objects.get(user=user)

    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_the_admin_shows_no_authenticator_secrets(client, db):
    operator = get_user_model().objects.create_superuser("operator", password="x-long-pass")
    client.force_login(operator)

    index = client.get(reverse("admin:index")).content.decode()

    assert "otp_totp" not in index and "otp_static" not in index


def test_the_reset_command_removes_the_devices_and_refuses_an_unknown_login(db):
    import io

    from django.core.management import CommandError, call_command

    user = member("supervisor")
    authenticator_of(user)

    call_command("reset_two_factor", user.username, stdout=io.StringIO())
    with pytest.raises(CommandError, match="No login named"):
        call_command("reset_two_factor", "nobody-here")

    assert not TOTPDevice.objects.filter(user=user).exists()
    assert events(user) == [SecurityEventKind.RESET]


@pytest.mark.postgres
def test_the_database_refuses_updates_and_deletes_of_the_security_log(db):
    from django.db import DatabaseError, connection, transaction

    user = get_user_model().objects.create_user("leaving", password="x-long-pass")
    two_factor.record_security_event(user, SecurityEventKind.FAILED)
    event = SecurityEvent.objects.get(user=user)
    table = SecurityEvent._meta.db_table

    for sql in (
        f"UPDATE {table} SET kind = '2fa_verified' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    user.delete()  # the login's link becomes empty: the one change allowed
    kept = SecurityEvent.objects.get(pk=event.pk)
    assert (kept.kind, kept.username, kept.user_id) == (SecurityEventKind.FAILED, "leaving", None)
