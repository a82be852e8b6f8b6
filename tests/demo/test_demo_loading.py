"""``manage.py load_demo`` on other days, with other options, and over existing data: each
test builds its own demo."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError

from cases.choices import AlertKind, Channel, Kind
from cases.models import Case, CaseEvent, StageAlert
from cases.services import case_register
from cases.timelimits.sweep import sweep
from demo.builder import build_demo
from demo.data_staff import DEFAULT_PASSWORD
from departments.models import DutyRoster, Organisation
from departments.models.roster import DutyRole, Shift
from tests.demo.demo_helpers import (
    IN_WARNING_WINDOW,
    MOMENT,
    OVERDUE,
    OVERDUE_AFTER_CLOSING,
    SHANGHAI,
    demo_cases,
    demo_user,
    load_demo,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(MOMENT, tick=False):
        yield


def test_password_option_sets_the_password_of_new_logins(client):
    load_demo("--password", "another-demo-secret")

    assert client.login(username="clerk", password="another-demo-secret")
    assert not client.login(username="clerk", password=DEFAULT_PASSWORD)


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


def test_an_organisation_that_has_cases_gets_no_demo_cases(monkeypatch):
    monkeypatch.setattr("demo.builder.ensure_cases", lambda *args: None)
    load_demo()
    monkeypatch.undo()
    clerk = demo_user("clerk")
    case_register(
        by=clerk,
        channel=Channel.VISIT,
        kind=Kind.CONSULTATION,
        matter_text="咨询办事指南",
        at=MOMENT - dt.timedelta(hours=1),
    )

    output = load_demo()

    assert Case.objects.filter(organisation=clerk.staff.organisation).count() == 1
    assert "nothing to create" in output


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 11, 24, 7, 10, tzinfo=SHANGHAI),  # before the office opens
        dt.datetime(2026, 11, 27, 19, 30, tzinfo=SHANGHAI),  # a Friday after closing
        dt.datetime(2026, 11, 29, 15, 0, tzinfo=SHANGHAI),  # a Sunday
        dt.datetime(2026, 10, 5, 11, 0, tzinfo=SHANGHAI),  # in the National Day holiday
        dt.datetime(2027, 1, 6, 14, 0, tzinfo=SHANGHAI),  # cases in two years
    ],
    ids=["early-morning", "friday-evening", "sunday", "national-day", "new-year"],
)
def test_what_is_overdue_does_not_depend_on_when_the_demo_is_built(moment):
    with time_machine.travel(moment, tick=False):
        load_demo()
        organisation = Organisation.objects.get(code="WW")
        cases = demo_cases(organisation)
        sweep(moment)

    assert cases.count() == 40
    assert all(case.registered_at <= moment for case in cases)
    assert CaseEvent.objects.filter(at__gt=moment).count() == 0
    alerts = StageAlert.objects.filter(case__organisation=organisation)
    overdue = set(alerts.filter(kind=AlertKind.OVERDUE).values_list("case__person_name", flat=True))
    warned = set(alerts.filter(kind=AlertKind.WARNING).values_list("case__person_name", flat=True))
    assert set(OVERDUE) <= overdue <= set(OVERDUE) | OVERDUE_AFTER_CLOSING
    assert warned - overdue >= IN_WARNING_WINDOW
    assert not alerts.filter(case__person_name="宋玉珍").exists()  # paused
    years = {case.year for case in cases}
    assert years == ({2026, 2027} if moment.year == 2027 else {moment.year})


def test_demo_cases_are_left_out_with_a_warning_when_a_step_is_refused(monkeypatch, caplog):
    monkeypatch.setattr("demo.builder.ensure_cases", lambda *args: None)
    load_demo()
    monkeypatch.undo()
    handler = demo_user("handler").staff
    handler.is_active = False  # an administrator deactivated a demo staff member
    handler.save()

    output = load_demo()

    assert not Case.objects.exists()
    assert "nothing to create" in output
    assert "Demo cases left out" in caplog.text and "宋凯" in caplog.text


def test_a_demo_built_for_another_day_has_its_cases_before_noon_of_that_day():
    result = build_demo(DEFAULT_PASSWORD, today=dt.date(2026, 11, 16))

    noon = dt.datetime(2026, 11, 16, 12, 0, tzinfo=SHANGHAI)
    cases = Case.objects.for_organisation(result.organisation)
    assert result.created[Case] == cases.count() == 40
    assert max(cases.values_list("registered_at", flat=True)) <= noon
    assert not CaseEvent.objects.filter(at__gt=noon).exists()


@pytest.mark.parametrize("password", ["", " ", "   \t"])
def test_a_blank_password_is_refused(password):
    with pytest.raises(CommandError, match="password"):
        load_demo("--password", password)

    assert not get_user_model().objects.exists()


def test_a_weak_password_is_refused():
    with pytest.raises(CommandError, match="password"):
        load_demo("--password", "clerk123")


def test_in_production_the_published_demo_password_is_refused(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="--password"):
        load_demo()

    assert not get_user_model().objects.filter(username="platform").exists()
