"""Commendations: praise at callback, by a supervisor, and for a good quarter."""

import pytest

from cases.models import Callback, StageClock
from penalties import services
from penalties.errors import ActionNotAllowed, InvalidInput
from penalties.models import AnnualRating, Commendation, CommendationSource, PeriodRun

from .conftest import at, make_case

pytestmark = pytest.mark.django_db

AFTER_Q2 = at(2026, 7, 1, 0, 5)


def callback(case, *, praise=False, satisfaction="very_satisfied", when=None, note=""):
    return Callback.objects.create(
        case=case,
        at=when or at(2026, 5, 20),
        by=case.first_staff,
        contact_result="reached",
        satisfaction=satisfaction,
        praise=praise,
        note=note,
    )


def test_praise_at_callback_commends_the_handler_once(people):
    case = make_case(people.social, people.clerk, state="called_back", handler=people.colleague)
    praised = callback(case, praise=True, note="办事热情周到")

    first = services.commendation_from_praise(praised)
    again = services.commendation_from_praise(praised)

    assert first == again
    assert Commendation.objects.count() == 1
    assert (first.staff, first.department, first.case) == (people.colleague, people.social, case)
    assert (first.source, first.reason, first.year) == (
        CommendationSource.PUBLIC_PRAISE,
        "办事热情周到",
        2026,
    )
    assert AnnualRating.objects.get(staff=people.colleague, year=2026).commendations == 1


def test_praise_for_a_case_handled_on_the_spot_goes_to_the_first_inquiry_person(people):
    case = make_case(people.social, people.clerk, state="called_back")

    commendation = services.commendation_from_praise(callback(case, praise=True))

    assert commendation.staff == people.clerk


def test_a_callback_without_praise_commends_nobody(people):
    case = make_case(people.social, people.clerk, state="called_back")

    assert services.commendation_from_praise(callback(case)) is None


def test_a_supervisor_commends_a_staff_member_or_a_department(people):
    services.commendation_record(
        by=people.supervisor.user, staff=people.clerk, reason="拾金不昧", at=at(2026, 3, 1)
    )
    department = services.commendation_record(
        by=people.supervisor.user, department=people.civil, reason="季度红榜", at=at(2026, 3, 1)
    )

    assert department.staff is None
    assert AnnualRating.objects.get(department=people.civil, staff=None).commendations == 1
    with pytest.raises(InvalidInput):
        services.commendation_record(by=people.supervisor.user, reason="无对象")
    with pytest.raises(ActionNotAllowed):
        services.commendation_record(by=people.head.user, staff=people.clerk, reason="x")


@pytest.fixture
def good_quarter(people, preset):
    """Six cases handled by the colleague in Q2 2026, all on time, five rated satisfied."""
    preset("municipal")
    cases = [
        make_case(
            people.social,
            people.clerk,
            state="called_back",
            handler=people.colleague,
            at=at(2026, 4, 1 + n),
        )
        for n in range(6)
    ]
    for case in cases[:5]:
        callback(case, satisfaction="satisfied")
    for n, case in enumerate(cases):
        clock(case, people.colleague, due=at(2026, 4, 3 + n, 17, 30), met=at(2026, 4, 3 + n, 11))
    return cases


def clock(case, responsible, *, due, met):
    return StageClock.objects.create(
        case=case,
        stage="resolve",
        department=case.current_department,
        responsible=responsible,
        started_at=case.registered_at,
        due_at=due,
        met_at=met,
    )


def test_a_good_quarter_commends_the_staff_member_and_the_department_once(people, good_quarter):
    result = services.penalties_sweep(AFTER_Q2)
    again = services.penalties_sweep(AFTER_Q2)

    quarter = Commendation.objects.filter(source=CommendationSource.QUARTER)
    assert {(c.staff, c.department) for c in quarter} == {
        (people.colleague, people.social),
        (None, people.social),
    }
    assert (result["commended"], again["commended"]) == (2, 0)
    commendation = quarter.get(staff=people.colleague)
    assert (commendation.period_start, commendation.period_end) == (
        at(2026, 4, 1).date(),
        at(2026, 6, 30).date(),
    )
    assert "2026Q2" in commendation.reason
    assert PeriodRun.objects.filter(job="quarter_commendations", period="2026Q2").count() == 1


def test_the_sweep_during_the_quarter_commends_nobody_for_it(people, good_quarter):
    services.penalties_sweep(at(2026, 6, 30, 23, 59))

    assert not Commendation.objects.filter(period_start=at(2026, 4, 1).date()).exists()


def test_a_stage_done_late_spoils_the_on_time_rate(people, good_quarter):
    # 6 of 7 stages on time is 85.7 %, under the 95 % of the municipal preset.
    clock(good_quarter[0], people.colleague, due=at(2026, 5, 6, 17, 30), met=at(2026, 5, 7, 9))

    services.penalties_sweep(AFTER_Q2)

    assert not Commendation.objects.filter(source=CommendationSource.QUARTER).exists()


def test_without_timed_stages_nothing_was_late(people, good_quarter):
    StageClock.objects.all().delete()

    services.penalties_sweep(AFTER_Q2)

    assert Commendation.objects.filter(source=CommendationSource.QUARTER).count() == 2


def test_a_substantiated_violation_in_the_quarter_rules_out_a_commendation(
    people, good_quarter, substantiated
):
    substantiated(staff=people.colleague, kind="rude_language", when=at(2026, 5, 5))

    services.penalties_sweep(AFTER_Q2)

    assert not Commendation.objects.filter(source=CommendationSource.QUARTER).exists()


def test_a_low_satisfaction_rate_rules_out_a_commendation(people, good_quarter):
    callback(good_quarter[5], satisfaction="dissatisfied")
    Callback.objects.filter(case=good_quarter[4]).update(satisfaction="very_dissatisfied")

    services.penalties_sweep(AFTER_Q2)

    assert not Commendation.objects.filter(source=CommendationSource.QUARTER).exists()


def test_organisations_that_switch_quarterly_commendations_off_get_none(
    people, good_quarter, preset
):
    rule_set = preset("municipal")
    rule_set.commend_quarterly = False
    rule_set.save()

    services.penalties_sweep(AFTER_Q2)

    assert not Commendation.objects.exists()
