"""Working calendars are kept per process and checked against the database on every use:
an override or office hours changed, however and wherever, set the next deadline at once.

These tests commit (``transaction=True``): the cache keeps only what a committed
transaction read, so a test wrapped in one rolled-back transaction never fills it.
"""

import datetime as dt
import threading

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.choices import Channel, Kind
from cases.models import Case
from cases.timelimits import deadlines
from departments import offices
from departments.calendar import calendars
from departments.calendar.calendars import calendar_for, clear_calendars
from departments.models import CalendarOverride, Organisation
from departments.roles import Role
from tests.cases.conftest import T0
from tests.cases.time_limits import WD, at, make_policy
from tests.factories import CalendarOverrideFactory, DepartmentFactory, MatterFactory, StaffFactory
from tests.transactions import held_open_in_another_connection

pytestmark = pytest.mark.django_db(transaction=True)

# T0 is Monday 23 November 2026, 09:00: two working days end on Wednesday at closing time.
TUESDAY, WEDNESDAY = dt.date(2026, 11, 24), dt.date(2026, 11, 25)
ELSEWHERE = dt.date(2026, 12, 2)  # a Wednesday no two-day limit from T0 reaches
TWO_DAYS = at(2026, 11, 25, 17, 30)
TUESDAY_OFF = at(2026, 11, 26, 17, 30)


@pytest.fixture(autouse=True)
def _empty_caches():
    # The policies too: flushed tables hand their ids out again in the next test.
    for clear in (clear_calendars, deadlines._policies.clear, offices._offices.clear):
        clear()
    yield
    for clear in (clear_calendars, deadlines._policies.clear, offices._offices.clear):
        clear()


@pytest.fixture
def clerk(organisation):
    DepartmentFactory(organisation=organisation, name="首问办", is_supervising_office=True)
    return StaffFactory(organisation=organisation, name="王芳", roles=[Role.CLERK])


@pytest.fixture
def register(organisation, clerk):
    make_policy(organisation, forward=(2, WD))
    matter = MatterFactory(organisation=organisation, name="最低生活保障申请")

    def register():
        return services.case_register(
            by=clerk.user,
            channel=Channel.VISIT,
            kind=Kind.APPLICATION,
            matter_text="咨询低保申请需要什么材料",
            matter=matter,
            person={"name": "市民甲", "phone": "13800000001"},
            at=T0,
        )

    return register


def due(register):
    case = register()
    return Case.objects.select_related("current_clock").get(pk=case.pk).current_clock.due_at


def day_off(organisation, date):
    return CalendarOverrideFactory(organisation=organisation, date=date, is_working_day=False)


def test_the_calendar_is_built_once_then_only_its_stamp_is_checked(organisation, register):
    day_off(organisation, TUESDAY)
    first = calendar_for(organisation)

    with CaptureQueriesContext(connection) as queries:
        assert due(register) == TUESDAY_OFF

    assert calendar_for(organisation) is first
    sql = [q["sql"] for q in queries]
    assert not [s for s in sql if s.startswith('SELECT "departments_calendaroverride"')]
    assert len([s for s in sql if "historicalcalendaroverride" in s]) == 1


def test_an_override_added_through_the_orm_sets_the_next_deadline_at_once(organisation, register):
    assert due(register) == TWO_DAYS

    day_off(organisation, TUESDAY)

    assert due(register) == TUESDAY_OFF


def test_a_changed_and_a_deleted_override_set_the_next_deadline_at_once(organisation, register):
    override = day_off(organisation, TUESDAY)
    assert due(register) == TUESDAY_OFF

    override.date = ELSEWHERE
    override.save()
    assert due(register) == TWO_DAYS

    override.date = TUESDAY
    override.save()
    assert due(register) == TUESDAY_OFF

    override.is_working_day = True
    override.save()
    assert due(register) == TWO_DAYS

    override.is_working_day = False
    override.save()
    assert due(register) == TUESDAY_OFF

    override.delete()
    assert due(register) == TWO_DAYS


def test_overrides_added_changed_and_deleted_in_the_admin_apply_at_once(
    organisation, register, client
):
    administrator = StaffFactory(organisation=organisation)
    administrator.user.is_staff = True
    administrator.user.save()
    administrator.user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                f"{action}_calendaroverride" for action in ("add", "change", "delete", "view")
            ]
        )
    )
    client.force_login(administrator.user)
    assert due(register) == TWO_DAYS

    response = client.post(
        reverse("admin:departments_calendaroverride_add"),
        {"date": TUESDAY.isoformat(), "note": "停电"},  # an unticked box: a day off
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert due(register) == TUESDAY_OFF

    override = CalendarOverride.objects.get(organisation=organisation)
    response = client.post(
        reverse("admin:departments_calendaroverride_change", args=[override.pk]),
        {"date": WEDNESDAY.isoformat(), "note": "停电"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert due(register) == TUESDAY_OFF  # Wednesday off instead: Thursday as well

    response = client.post(
        reverse("admin:departments_calendaroverride_change", args=[override.pk]),
        {"date": WEDNESDAY.isoformat(), "is_working_day": "on", "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert due(register) == TWO_DAYS

    response = client.post(
        reverse("admin:departments_calendaroverride_change", args=[override.pk]),
        {"date": TUESDAY.isoformat(), "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert due(register) == TUESDAY_OFF

    response = client.post(
        reverse("admin:departments_calendaroverride_delete", args=[override.pk]), {"post": "yes"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert due(register) == TWO_DAYS


def test_an_override_added_by_another_process_is_seen_at_once(organisation, register):
    # Nothing is announced in this process: another connection writes the row.
    assert due(register) == TWO_DAYS

    def elsewhere():
        try:
            day_off(organisation, TUESDAY)
        finally:
            connection.close()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()

    assert due(register) == TUESDAY_OFF


def test_bulk_created_overrides_are_seen_although_they_leave_no_history(organisation, register):
    assert due(register) == TWO_DAYS

    CalendarOverride.objects.bulk_create(
        [CalendarOverride(organisation=organisation, date=TUESDAY, is_working_day=False)]
    )

    assert due(register) == TUESDAY_OFF


def test_new_office_hours_set_the_next_deadline_at_once(organisation, register):
    assert due(register) == TWO_DAYS

    organisation.closing_time = dt.time(18)
    organisation.save()

    assert due(register) == at(2026, 11, 25, 18)


def test_office_hours_and_region_are_seen_even_when_written_without_the_model(
    organisation, register
):
    # QuerySet.update() leaves no history row: the stamp holds the fields' values too.
    assert due(register) == TWO_DAYS

    Organisation.objects.filter(pk=organisation.pk).update(closing_time=dt.time(17))
    assert due(register) == at(2026, 11, 25, 17)

    # Four working days from Monday: Friday in China, Monday after Thanksgiving in the US.
    make_policy(organisation, name="申请", kind=Kind.APPLICATION, forward=(4, WD))
    assert due(register) == at(2026, 11, 27, 17)
    Organisation.objects.filter(pk=organisation.pk).update(calendar_region="US")
    assert due(register) == at(2026, 11, 30, 17)


def test_hours_changed_and_changed_back_while_a_calendar_loads_are_not_mixed_up(
    organisation, register, monkeypatch
):
    # The stamp is read before the calendar is built; a change and its reversal in between
    # bring back the same hours, but not the same history.
    built = calendars._load

    def load_between_two_changes(organisation_id, tz):
        changed = Organisation.objects.get(pk=organisation_id)
        changed.closing_time = dt.time(18)
        changed.save()
        calendar = built(organisation_id, tz)
        changed.closing_time = dt.time(17, 30)
        changed.save()
        return calendar

    monkeypatch.setattr(calendars, "_load", load_between_two_changes)
    assert due(register) == at(2026, 11, 25, 18)
    monkeypatch.setattr(calendars, "_load", built)

    assert due(register) == TWO_DAYS


def test_what_a_rolled_back_transaction_read_is_not_kept(organisation, register):
    # SQLite hands a rolled-back transaction's ids out again: an override with the same
    # id and the same stamp, but another date, must not meet the rolled-back one here.
    class Undo(Exception):
        pass

    assert due(register) == TWO_DAYS
    with pytest.raises(Undo), transaction.atomic():
        day_off(organisation, TUESDAY)
        assert due(register) == TUESDAY_OFF
        raise Undo

    day_off(organisation, ELSEWHERE)

    assert due(register) == TWO_DAYS


@pytest.mark.postgres
def test_an_override_committed_after_a_newer_one_is_seen_too(organisation, register):
    # PostgreSQL hands out ids when rows are written: a transaction that commits late adds
    # rows below the newest ids, which only their count notices.
    with held_open_in_another_connection(lambda: day_off(organisation, TUESDAY)):
        day_off(organisation, ELSEWHERE)  # newer rows, committed first
        assert due(register) == TWO_DAYS

    assert due(register) == TUESDAY_OFF
