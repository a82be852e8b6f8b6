import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from departments.models import DutyRoster
from departments.models.roster import DutyRole, Shift
from tests.factories import DepartmentFactory, DutyRosterFactory, StaffFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = dt.date(2026, 11, 23)


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def reception(organisation):
    return DepartmentFactory(organisation=organisation, name="首问接待处", is_reception_window=True)


@pytest.fixture
def roster(organisation, reception):
    day_clerk = StaffFactory(organisation=organisation, department=reception, name="王芳")
    night_leader = StaffFactory(organisation=organisation, department=reception, name="李强")
    holiday_leader = StaffFactory(organisation=organisation, department=reception, name="赵敏")
    DutyRosterFactory(staff=day_clerk, date=MONDAY, shift=Shift.DAY, role=DutyRole.RECEPTION)
    DutyRosterFactory(staff=night_leader, date=MONDAY, shift=Shift.NIGHT, role=DutyRole.OVERALL)
    saturday = MONDAY + dt.timedelta(days=5)
    DutyRosterFactory(
        staff=holiday_leader, date=saturday, shift=Shift.HOLIDAY, role=DutyRole.OVERALL
    )
    return {"day": day_clerk, "night": night_leader, "holiday": holiday_leader}


def on_duty_names(organisation, moment, **filters):
    return {
        entry.staff.name for entry in DutyRoster.objects.on_duty(organisation, moment, **filters)
    }


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(MONDAY, 8, 29), set()),
        (at(MONDAY, 8, 30), {"王芳"}),
        (at(MONDAY, 12, 0), {"王芳"}),
        (at(MONDAY, 17, 29), {"王芳"}),
        (at(MONDAY, 17, 30), {"李强"}),
        (at(MONDAY, 23, 59), {"李强"}),
        # The night shift dated Monday still covers Tuesday's small hours.
        (at(MONDAY + dt.timedelta(days=1), 3, 0), {"李强"}),
        (at(MONDAY + dt.timedelta(days=1), 8, 30), set()),
        (at(MONDAY + dt.timedelta(days=5), 0, 0), {"赵敏"}),
        (at(MONDAY + dt.timedelta(days=5), 23, 59), {"赵敏"}),
        (at(MONDAY + dt.timedelta(days=6), 0, 0), set()),
    ],
)
def test_who_is_on_duty_follows_day_night_and_holiday_shifts(
    organisation, roster, moment, expected
):
    assert on_duty_names(organisation, moment) == expected


def test_on_duty_can_be_asked_for_one_role(organisation, roster):
    assert on_duty_names(organisation, at(MONDAY, 10), role=DutyRole.RECEPTION) == {"王芳"}
    assert on_duty_names(organisation, at(MONDAY, 10), role=DutyRole.OVERALL) == set()


def test_on_duty_can_be_asked_for_one_department(organisation, roster, department):
    assert on_duty_names(organisation, at(MONDAY, 10), department=department) == set()


def test_inactive_staff_are_not_on_duty(organisation, roster):
    roster["day"].is_active = False
    roster["day"].save()

    assert on_duty_names(organisation, at(MONDAY, 10)) == set()


def test_another_organisations_roster_is_not_consulted(organisation, other_organisation, roster):
    assert on_duty_names(other_organisation, at(MONDAY, 10)) == set()


def test_a_moment_in_utc_is_read_in_the_organisations_time_zone(organisation, roster):
    utc_moment = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai

    assert on_duty_names(organisation, utc_moment) == {"王芳"}
