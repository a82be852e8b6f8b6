"""补正: while the person owes materials the clock stands still; its deadline moves after."""

import datetime as dt

import pytest

from cases import services
from cases.choices import EventAction
from cases.errors import ActionNotAllowed, InvalidInput
from cases.models import Case, ClockPause
from tests.cases.time_limits import CD, H, at, make_policy

MON_10 = at(2026, 11, 23, 10)


@pytest.fixture
def policy(org):
    return make_policy(org.organisation)


@pytest.fixture
def handling(org, policy, register):
    """Signed for on Monday 10:00: resolve due Thursday 17:30 (3 working days)."""
    case = register(at=at(2026, 11, 23, 9))
    services.case_transfer(case=case, by=org.clerk.user, at=MON_10)
    services.case_accept(case=reload(case), by=org.handler.user, at=MON_10)
    return reload(case)


def reload(case):
    return Case.objects.select_related("current_clock").get(pk=case.pk)


def test_a_pause_over_a_weekend_moves_the_deadline_by_the_office_time_it_took(org, handling):
    # Paused Friday 16:30, materials back Monday 09:30: 1 h on Friday + 1 h on Monday.
    services.case_pause_clock(
        case=handling, by=org.handler.user, materials="户口簿复印件", at=at(2026, 11, 27, 16, 30)
    )
    # (the deadline, Thursday 17:30, passes while paused: nothing happens to it)
    services.case_resume_clock(
        case=reload(handling), by=org.handler.user, at=at(2026, 11, 30, 9, 30)
    )

    clock = reload(handling).current_clock
    assert clock.due_at == at(2026, 11, 27, 10, 30)  # Thursday 17:30 + 2 office hours
    assert clock.limit_due_at == clock.due_at
    assert clock.paused_total == dt.timedelta(hours=2)
    assert clock.paused_since is None
    pause = ClockPause.objects.get()
    assert (pause.started_by, pause.ended_by, pause.shift) == (
        org.handler,
        org.handler,
        dt.timedelta(hours=2),
    )


def test_a_wall_clock_limit_moves_by_the_wall_clock_time(org, register):
    make_policy(org.organisation, forward=(30, CD))
    case = register(at=at(2026, 11, 23, 9))
    due = reload(case).current_clock.due_at

    services.case_pause_clock(
        case=case, by=org.clerk.user, materials="身份证", at=at(2026, 11, 24, 9)
    )
    services.case_resume_clock(case=reload(case), by=org.clerk.user, at=at(2026, 11, 26, 15))

    assert reload(case).current_clock.due_at == due + dt.timedelta(days=2, hours=6)


def test_pauses_are_on_the_timeline_with_the_materials_and_the_new_deadline(org, handling):
    services.case_pause_clock(case=handling, by=org.handler.user, materials="收入证明", at=MON_10)
    services.case_resume_clock(case=reload(handling), by=org.handler.user, at=at(2026, 11, 23, 11))

    events = dict(
        handling.events.filter(
            action__in=[EventAction.CLOCK_PAUSED, EventAction.CLOCK_RESUMED]
        ).values_list("action", "note")
    )
    assert events[EventAction.CLOCK_PAUSED] == "收入证明"
    assert "2026-11-27 09:30" in events[EventAction.CLOCK_RESUMED]


def test_a_pause_needs_the_list_of_materials(org, handling):
    with pytest.raises(InvalidInput) as error:
        services.case_pause_clock(case=handling, by=org.handler.user, materials=" ")

    assert error.value.field == "materials"


def test_only_the_department_holding_the_case_pauses_it(org, handling):
    with pytest.raises(ActionNotAllowed):
        services.case_pause_clock(case=handling, by=org.civil_handler.user, materials="x")


def test_a_clock_is_paused_once_and_resumed_once(org, handling):
    with pytest.raises(ActionNotAllowed):
        services.case_resume_clock(case=handling, by=org.handler.user)
    services.case_pause_clock(case=handling, by=org.handler.user, materials="x", at=MON_10)
    with pytest.raises(ActionNotAllowed):
        services.case_pause_clock(case=reload(handling), by=org.handler.user, materials="y")


def test_signing_for_does_not_wait_for_materials(org, policy, transferred):
    with pytest.raises(ActionNotAllowed):
        services.case_pause_clock(case=transferred, by=org.handler.user, materials="x")


def test_resolving_while_paused_ends_the_pause_with_the_stage(org, handling):
    services.case_pause_clock(case=handling, by=org.handler.user, materials="x", at=MON_10)

    services.case_resolve(
        case=reload(handling),
        by=org.handler.user,
        outcome="one_time_notified",
        notification_text="x",
        result="已一次性告知",
        at=at(2026, 11, 23, 12),
    )

    pause = ClockPause.objects.get()
    assert pause.ended_at == at(2026, 11, 23, 12)
    assert pause.clock.met_at == at(2026, 11, 23, 12)


def test_an_hours_limit_paused_overnight_moves_by_the_whole_night(org, register):
    make_policy(org.organisation, forward=(24, H))
    case = register(at=at(2026, 11, 23, 9))

    services.case_pause_clock(case=case, by=org.clerk.user, materials="x", at=at(2026, 11, 23, 18))
    services.case_resume_clock(case=reload(case), by=org.clerk.user, at=at(2026, 11, 24, 8))

    assert reload(case).current_clock.due_at == at(2026, 11, 24, 23)
