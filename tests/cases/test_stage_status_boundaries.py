"""A running stage's status has one definition (``StageClock.status_at``), and every place
that asks it agrees at the boundaries: one microsecond before the deadline, at it, one
after; the working-day deadline at 17:30 and the calendar-day one at 00:00."""

import datetime as dt

import pytest

from cases.choices import AlertKind
from cases.models import Case, StageAlert, StageClock
from cases.models.clock import ClockStatus
from cases.timelimits.deadline_display import clock_badge, supervision_level
from cases.timelimits.sweep import sweep
from tests.cases.time_limits import CD, at, make_policy

pytestmark = pytest.mark.django_db
MON_9 = at(2026, 11, 23, 9, 0)
US = dt.timedelta(microseconds=1)
OVERDUE, WARNING, ON_TIME = ClockStatus.OVERDUE, ClockStatus.WARNING, ClockStatus.ON_TIME
BADGES = {OVERDUE: "red", WARNING: "yellow", ON_TIME: "green"}
# Every on-time moment below is past half the stage's time: blue supervision.
SUPERVISION = {OVERDUE: "red", WARNING: "yellow", ON_TIME: "blue"}


def everyone_agrees(clock, now, expected, subtests):
    """The status of ``clock`` at ``now`` as each place that shows or counts it sees it."""
    clock = StageClock.objects.get(pk=clock.pk)
    case = Case.objects.select_related("current_clock").get(pk=clock.case_id)
    seen = {
        "status_at": clock.status_at(now),
        "StageClock queryset": next(
            (s for s in (OVERDUE, WARNING, ON_TIME) if StageClock.objects.in_status(s, now)),
            None,
        ),
        "case list filter": next(
            (s for s in (OVERDUE, WARNING, ON_TIME) if Case.objects.by_deadline(s, now)), None
        ),
        "badge": clock_badge(clock, now).colour,
        "supervision": getattr(supervision_level(case, now, urgings=0), "colour", None),
        "overdue()": StageClock.objects.overdue(now).exists(),
        "warning()": StageClock.objects.warning(now).exists(),
    }
    wanted = {
        "status_at": expected,
        "StageClock queryset": expected,
        "case list filter": expected,
        "badge": BADGES[expected],
        "supervision": SUPERVISION[expected],
        "overdue()": expected == OVERDUE,
        "warning()": expected == WARNING,
    }
    for place, status in seen.items():
        with subtests.test(moment=now.isoformat(), place=place):
            assert status == wanted[place]


def swept(now, kind):
    sweep(now)
    return StageAlert.objects.filter(kind=kind).exists()


def test_working_day_deadline_at_17_30_is_met_at_17_30_and_overdue_a_microsecond_later(
    make_policy_default, register, subtests
):
    register(at=MON_9)  # forwarding within 2 working days: Wednesday 17:30
    clock = StageClock.objects.get()
    assert clock.due_at == at(2026, 11, 25, 17, 30)

    for now, expected in [
        (clock.warn_at - US, ON_TIME),
        (clock.warn_at, WARNING),
        (clock.due_at - US, WARNING),
        (clock.due_at, WARNING),
        (clock.due_at + US, OVERDUE),
        (at(2026, 11, 26, 0, 0), OVERDUE),
    ]:
        everyone_agrees(clock, now, expected, subtests)

    # The sweep's alerts follow the same boundaries, run after run.
    table = [
        (clock.warn_at - US, AlertKind.WARNING, False),
        (clock.warn_at, AlertKind.WARNING, True),
        (clock.due_at, AlertKind.OVERDUE, False),
        (clock.due_at + US, AlertKind.OVERDUE, True),
    ]
    for now, kind, recorded in table:
        with subtests.test(moment=now.isoformat(), place="sweep", kind=kind):
            assert swept(now, kind) is recorded


def test_calendar_day_deadline_at_midnight_is_met_at_midnight_and_overdue_after(
    org, register, subtests
):
    make_policy(org.organisation, forward=(1, CD))
    register(at=MON_9)
    clock = StageClock.objects.get()
    assert clock.due_at == at(2026, 11, 25, 0, 0)

    for now, expected in [
        (clock.due_at - US, WARNING),
        (clock.due_at, WARNING),
        (clock.due_at + US, OVERDUE),
    ]:
        everyone_agrees(clock, now, expected, subtests)
    with subtests.test(place="sweep"):
        assert swept(clock.due_at, AlertKind.OVERDUE) is False
        assert swept(clock.due_at + US, AlertKind.OVERDUE) is True


@pytest.fixture
def make_policy_default(org):
    return make_policy(org.organisation)
