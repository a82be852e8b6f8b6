"""Time left on a limit in working days is office time: working days and hours, not
wall-clock hours over nights and weekends; the admin's stage inline shows local moments."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from cases.models import StageClock
from cases.timelimits import sweep
from cases.timelimits.deadline_display import clock_badge, deadline_badge
from departments.calendar.workcalendar import WorkCalendar
from tests.cases.time_limits import WD, H, at, make_policy

CALENDAR = WorkCalendar()  # 08:30-17:30, the statutory calendar of China


def clock(unit, due_at, warn_at=None):
    return StageClock(unit=unit, due_at=due_at, warn_at=warn_at, met_at=None, paused_since=None)


@pytest.mark.parametrize(
    ("now", "label"),
    [
        # Monday 09:00 to Wednesday's closing: 8.5 + 9 + 9 office hours.
        (at(2026, 11, 23, 9), "2 working days 8 hours left"),
        # Tuesday night: only Wednesday's office day is left.
        (at(2026, 11, 24, 20), "1 working day left"),
        (at(2026, 11, 25, 17, 15), "15 minutes left"),
        # Thursday 09:45: 1 h 15 of office time past Wednesday's closing, not 16 hours.
        (at(2026, 11, 26, 9, 45), "Overdue by 1 hour 15 minutes"),
    ],
)
def test_a_working_day_limit_shows_working_days_and_office_hours(now, label):
    running = clock(WD, due_at=at(2026, 11, 25, 17, 30))

    with translation.override("en"):
        badge = clock_badge(running, now, CALENDAR)

    assert badge.label == label


def test_a_weekend_does_not_count_as_time_left():
    # Friday 15:30 to Monday's closing: 2 + 9 office hours, not "3 days, 2 hours".
    running = clock(WD, due_at=at(2026, 11, 30, 17, 30))

    with translation.override("zh-hans"):
        badge = clock_badge(running, at(2026, 11, 27, 15, 30), CALENDAR)

    assert badge.label == "剩余 1 个工作日 2 小时"


def test_a_limit_in_hours_stays_wall_clock_time():
    running = clock(H, due_at=at(2026, 11, 24, 9))

    with translation.override("en"):
        badge = clock_badge(running, at(2026, 11, 23, 17), CALENDAR)

    assert badge.label.replace("\xa0", " ") == "16 hours left"


def test_the_case_badge_counts_on_the_organisations_calendar(org, register, time_machine):
    make_policy(org.organisation, resolve=(3, WD), forward=(2, WD))
    case = register()
    time_machine.move_to(at(2026, 11, 27, 15, 30), tick=False)  # Friday afternoon

    with translation.override("en"):
        badge = deadline_badge(case)

    assert case.current_clock.unit == WD
    # Forwarding: due Wednesday 17:30; Thursday and Friday to 15:30 are 9 + 7 office hours.
    assert badge.label == "Overdue by 1 working day 7 hours"


def test_the_case_page_shows_stage_times_in_local_minutes_and_blanks_as_a_dash(
    org, register, client
):
    make_policy(org.organisation, forward=(2, WD))
    case = register()
    org.supervisor.user.is_staff = True
    org.supervisor.user.save()
    client.force_login(org.supervisor.user)

    def stages():
        page = client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
        inline = page[page.index('id="clocks-group"') :]
        return inline[: inline.index("</fieldset>")]

    assert "None" not in stages()  # not yet marked overdue
    sweep.sweep(at(2026, 11, 26, 9, 0, 42, 750914))  # records the overdue alert
    inline = stages()

    assert "None" not in inline
    assert "+00:00" not in inline
    assert not re.search(r"\d\d:\d\d:\d\d", inline)  # no seconds, no microseconds
    assert "—" in inline  # the stage has not ended
    assert "2026年11月26日 09:00" in inline  # the overdue alert, Shanghai time
