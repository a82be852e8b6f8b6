"""How far an extension may go: the policy's maximum counted after the deadline's last day.

Letters and visits have 30 days, extended by at most 60 working days (seed 004). A 30-day
deadline ends at 24:00 of its last day and is stored as 00:00 of the next day; the
maximum is counted from the last day, never from that stored midnight.
"""

import pytest

from cases import services
from cases.choices import Channel, ExtensionStatus
from cases.errors import InvalidInput
from cases.models import Case
from cases.timelimits import deadlines
from departments.calendar.workcalendar import WorkCalendar
from tests.cases.time_limits import CD, WD, H, at, make_policy

CALENDAR = WorkCalendar()

# (what, deadline of the limit, the policy's maximum, the latest deadline it allows)
CAPS = [
    (
        "30 days signed for Mon 06-01 end Wed 07-01 24:00; 60 working days later (Sun 09-20 "
        "is a make-up working day, Fri 09-25 is off)",
        at(2026, 7, 2, 0, 0),
        (60, WD),
        at(2026, 9, 22, 17, 30),
    ),
    (
        "a working-day deadline at closing time counts from its own day",
        at(2026, 7, 1, 17, 30),
        (60, WD),
        at(2026, 9, 22, 17, 30),
    ),
    (
        "last day Tue 09-29: Wed 09-30, then National Day (10-01..10-07 off), Thu 10-08, "
        "Fri 10-09, make-up Sat 10-10, Mon 10-12",
        at(2026, 9, 30, 0, 0),
        (5, WD),
        at(2026, 10, 12, 17, 30),
    ),
    (
        "last day Sat 09-19: the next working day is the make-up Sunday 09-20",
        at(2026, 9, 20, 0, 0),
        (1, WD),
        at(2026, 9, 20, 17, 30),
    ),
    (
        "a working-day deadline in the middle of the day counts from its day",
        at(2026, 9, 30, 11, 0),
        (1, WD),
        at(2026, 10, 8, 17, 30),
    ),
    (
        "calendar days more end at 24:00 of the last day plus the days",
        at(2026, 7, 2, 0, 0),
        (30, CD),
        at(2026, 8, 1, 0, 0),
    ),
    (
        "hours run on from the deadline itself, midnight included",
        at(2026, 7, 2, 0, 0),
        (2, H),
        at(2026, 7, 2, 2, 0),
    ),
]


def test_the_cap_counts_after_the_last_day_of_the_deadline(subtests):
    for what, limit_due_at, maximum, latest in CAPS:
        with subtests.test(what):
            assert deadlines.latest_extension(CALENDAR, limit_due_at, maximum) == latest


def test_a_deadline_at_midnight_ends_the_day_before():
    assert CALENDAR.last_day(at(2026, 7, 2, 0, 0)).isoformat() == "2026-07-01"
    assert CALENDAR.last_day(at(2026, 7, 1, 17, 30)).isoformat() == "2026-07-01"
    assert CALENDAR.last_day(at(2026, 7, 2, 0, 1)).isoformat() == "2026-07-02"


def test_no_maximum_no_cap():
    assert deadlines.latest_extension(CALENDAR, at(2026, 7, 2), None) is None


@pytest.fixture
def letter_in_handling(org, register):
    """A letter signed for on Mon 2026-06-01: 30 days, last day Wed 07-01."""
    make_policy(org.organisation, channel=Channel.LETTER, resolve=(30, CD), max_extension=(60, WD))
    case = register(channel=Channel.LETTER, at=at(2026, 6, 1, 9))
    services.case_transfer(case=case, by=org.clerk.user, at=at(2026, 6, 1, 9, 30))
    case.refresh_from_db()
    services.case_accept(case=case, by=org.handler.user, at=at(2026, 6, 1, 10))
    return Case.objects.select_related("current_clock").get(pk=case.pk)


def ask(org, case, due):
    return services.extension_request(
        case=case, by=org.handler.user, reason="情况复杂", requested_due=due, at=at(2026, 6, 2, 9)
    )


def test_a_letter_is_extended_by_60_working_days_not_61(org, letter_in_handling):
    assert letter_in_handling.current_clock.due_at == at(2026, 7, 2, 0, 0)

    with pytest.raises(InvalidInput) as refused:
        ask(org, letter_in_handling, at(2026, 9, 23, 17, 30))

    assert refused.value.field == "requested_due"
    assert "2026-09-22 17:30" in str(refused.value)
    extension = ask(org, letter_in_handling, at(2026, 9, 22, 17, 30))
    services.extension_approve(extension=extension, by=org.social_head.user, at=at(2026, 6, 2, 10))
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED
    letter_in_handling.current_clock.refresh_from_db()
    assert letter_in_handling.current_clock.due_at == at(2026, 9, 22, 17, 30)
