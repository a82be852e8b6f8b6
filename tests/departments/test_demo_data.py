"""``manage.py load_demo``: a complete, realistic demo organisation, safe to re-run."""

import datetime as dt
import io
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from departments.demo.data_staff import DEFAULT_PASSWORD, DEMO_LOGINS, PLATFORM_USERNAME
from departments.models import (
    Department,
    DutyRoster,
    ExternalAgency,
    Matter,
    Organisation,
    Staff,
)
from departments.models.roster import DutyRole, Shift
from departments.roles import ADMIN_ROLES, Role

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Monday morning in November 2026, so the roster month is 2026-11-01..30.
MOMENT = dt.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)
TRACKED_MODELS = (Organisation, Department, Staff, Matter, ExternalAgency, DutyRoster)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(MOMENT, tick=False):
        yield


def load_demo(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    output = load_demo()
    return SimpleNamespace(output=output, organisation=Organisation.objects.get(code="WW"))


def demo_user(username):
    return get_user_model().objects.select_related("staff__department").get(username=username)


def snapshot():
    """Row counts of every model with a table (history included) and the demo rows' values."""
    tables = set(connection.introspection.table_names())
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in tables
    }
    history = {model._meta.label: model.history.count() for model in TRACKED_MODELS}
    rows = {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in (*TRACKED_MODELS, get_user_model())
    }
    return counts, history, rows


def test_creates_a_municipal_service_centre_with_a_department_tree(demo):
    organisation = demo.organisation
    assert organisation.kind == Organisation.Kind.GOVERNMENT
    assert organisation.penalty_preset == Organisation.PenaltyPreset.MUNICIPAL
    assert organisation.time_limit_preset == Organisation.PenaltyPreset.MUNICIPAL
    departments = Department.objects.for_organisation(organisation)
    assert departments.count() >= 8
    assert organisation.supervising_office is not None
    assert departments.filter(is_reception_window=True).count() == 1
    assert departments.filter(parent__isnull=False).exists()


def test_every_department_has_a_location_phone_and_a_head_and_leader_from_its_staff(demo):
    for department in Department.objects.for_organisation(demo.organisation):
        assert department.location and department.public_phone, department
        assert department.head.department == department
        assert department.leader_in_charge.organisation == demo.organisation
        assert department.leader_in_charge.position == "副主任"
        assert department.leader_in_charge.rank > department.head.rank


def test_creates_thirty_odd_staff_each_with_a_login_badge_and_phone(demo):
    staff = Staff.objects.for_organisation(demo.organisation).select_related("user")
    assert staff.count() >= 30
    assert len({member.badge_number for member in staff}) == staff.count()
    for member in staff:
        assert member.user.has_usable_password()
        assert member.name and member.position and member.phone


def test_duty_list_spreads_over_the_departments_with_materials_to_tell_in_one_go(demo):
    matters = Matter.objects.for_organisation(demo.organisation)
    assert matters.count() >= 40
    assert matters.values("department").distinct().count() >= 8
    assert matters.filter(is_public=False).exists()
    assert matters.filter(is_public=True).count() > matters.count() / 2
    assert matters.exclude(legal_basis="").exists()
    for matter in matters:
        assert matter.keywords and matter.description, matter
        assert matter.materials_list, matter


def test_creates_external_agencies_with_address_phone_and_what_they_handle(demo):
    agencies = ExternalAgency.objects.for_organisation(demo.organisation)
    assert agencies.count() >= 6
    assert all(agency.address and agency.phone and agency.handles for agency in agencies)


def test_there_is_one_demo_login_per_role_in_its_role_group():
    load_demo()
    assert {str(role) for _username, role in DEMO_LOGINS} == set(Role.values)
    for username, role in DEMO_LOGINS:
        user = demo_user(username)
        assert user.groups.filter(name=role).exists(), username
        assert user.is_staff == (role in ADMIN_ROLES), username
        assert user.staff.organisation.code == "WW"


def test_demo_logins_sit_in_the_departments_their_roles_belong_in(demo):
    assert demo_user("supervisor").staff.department.is_supervising_office
    assert demo_user("clerk").staff.department.is_reception_window
    head, handler = demo_user("head").staff, demo_user("handler").staff
    assert handler.department == head.department
    assert handler.department.head == head


def test_platform_operator_is_a_superuser_without_a_staff_record(demo):
    platform = get_user_model().objects.get(username=PLATFORM_USERNAME)
    assert platform.is_superuser and platform.is_staff
    assert not Staff.objects.filter(user=platform).exists()


def test_prints_the_login_table_with_the_password(demo):
    for username in [*(name for name, _role in DEMO_LOGINS), PLATFORM_USERNAME]:
        assert username in demo.output
    assert DEFAULT_PASSWORD in demo.output
    assert "郑晓燕" in demo.output


def test_running_twice_changes_nothing_and_prints_the_logins_again(demo):
    before = snapshot()

    output = load_demo()

    assert snapshot() == before
    assert "nothing to create" in output
    assert "clerk" in output and DEFAULT_PASSWORD in output


def test_a_rerun_keeps_changed_passwords_and_edits_made_in_the_admin(demo):
    clerk = demo_user("clerk")
    clerk.set_password("chosen-by-the-clerk")
    clerk.save()
    matter = Matter.objects.for_organisation(demo.organisation).first()
    matter.description = "管理员改过的说明"
    matter.save()

    output = load_demo()

    assert demo_user("clerk").check_password("chosen-by-the-clerk")
    matter.refresh_from_db()
    assert matter.description == "管理员改过的说明"
    clerk_line = next(line for line in output.splitlines() if line.startswith("clerk "))
    assert DEFAULT_PASSWORD not in clerk_line
    assert "kept from before" in clerk_line


def test_password_option_sets_the_password_of_new_logins(client):
    load_demo("--password", "another-demo-secret")

    assert client.login(username="clerk", password="another-demo-secret")
    assert not client.login(username="clerk", password=DEFAULT_PASSWORD)


def test_demo_users_log_in_and_admin_roles_open_the_admin(client, demo):
    for username, role in [*DEMO_LOGINS, (PLATFORM_USERNAME, None)]:
        assert client.login(username=username, password=DEFAULT_PASSWORD), username
        if role is None or role in ADMIN_ROLES:
            assert client.get("/admin/").status_code == 200, username
        client.logout()


def test_someone_is_on_duty_at_the_reception_window_during_office_hours(demo):
    on_duty = DutyRoster.objects.on_duty(demo.organisation, at=MOMENT, role=DutyRole.RECEPTION)

    assert on_duty
    assert all(entry.department.is_reception_window for entry in on_duty)


@pytest.mark.parametrize(
    ("moment", "shift"),
    [
        (dt.datetime(2026, 11, 23, 23, 0, tzinfo=SHANGHAI), Shift.NIGHT),
        (dt.datetime(2026, 11, 24, 3, 0, tzinfo=SHANGHAI), Shift.NIGHT),
        (dt.datetime(2026, 11, 28, 11, 0, tzinfo=SHANGHAI), Shift.HOLIDAY),
    ],
    ids=["monday-night", "small-hours", "saturday"],
)
def test_a_leader_has_the_overall_duty_at_night_and_on_days_off(demo, moment, shift):
    on_duty = DutyRoster.objects.on_duty(demo.organisation, at=moment, role=DutyRole.OVERALL)

    assert shift in {entry.shift for entry in on_duty}
    assert all(entry.staff.position in {"主任", "副主任"} for entry in on_duty)


def test_roster_covers_every_day_of_the_current_month(demo):
    roster = DutyRoster.objects.for_organisation(demo.organisation)
    reception_days = set(
        roster.filter(role=DutyRole.RECEPTION).values_list("date", flat=True).distinct()
    )

    assert reception_days == {dt.date(2026, 11, day) for day in range(1, 31)}
    assert roster.filter(role=DutyRole.DEPARTMENT, date=MOMENT.date()).count() >= 3
    assert not roster.filter(role=DutyRole.DEPARTMENT, date=dt.date(2026, 11, 28)).exists()


def test_refuses_to_take_over_an_existing_user_and_writes_nothing():
    get_user_model().objects.create_user("admin", password="someone-elses")

    with pytest.raises(CommandError, match="admin"):
        load_demo()

    assert not Organisation.objects.filter(code="WW").exists()
    assert not get_user_model().objects.filter(username="clerk").exists()


def test_roster_follows_the_statutory_calendar_with_make_up_working_days():
    # National Day 2026: 1–7 October off, Saturday 10 October a make-up working day (调休).
    with time_machine.travel(dt.datetime(2026, 10, 15, 9, 0, tzinfo=SHANGHAI), tick=False):
        load_demo()
    roster = DutyRoster.objects.filter(organisation__code="WW")

    def has(day, **kwargs):
        return roster.filter(date=dt.date(2026, 10, day), **kwargs).exists()

    assert has(5, shift=Shift.HOLIDAY, role=DutyRole.OVERALL)
    assert not has(5, role=DutyRole.DEPARTMENT)
    assert has(10, role=DutyRole.DEPARTMENT)
    assert not has(10, shift=Shift.HOLIDAY)
    assert has(1, role=DutyRole.RECEPTION)
