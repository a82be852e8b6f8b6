"""Bureau efficiency rules preset (seed 003): admonishment, efficiency warnings, ratings."""

import pytest
from django.utils import translation

from penalties.models import AnnualRating, RatingOutcome, ViolationKind

from .conftest import at, live_lines

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bureau(preset):
    return preset("bureau")


def rating(year=2026, **subject):
    return AnnualRating.objects.get(year=year, **subject)


def test_a_minor_breach_is_an_admonishment_and_bars_excellent(people, substantiated):
    substantiated(kind=ViolationKind.RUDE_LANGUAGE)

    assert live_lines(people.clerk) == [
        (1, "admonishment", "", "", ""),
        (1, "rating_cap", "", "", "not_excellent"),
    ]
    assert rating(staff=people.clerk).outcome == RatingOutcome.NOT_EXCELLENT


@pytest.mark.parametrize("kind", [ViolationKind.NOT_REGISTERED, ViolationKind.OVERDUE_RESOLUTION])
def test_not_recording_or_not_handling_in_time_is_an_efficiency_warning(
    people, substantiated, kind
):
    substantiated(kind=kind)

    assert (1, "efficiency_warning", "", "", "") in live_lines(people.clerk)


def test_two_violations_in_a_year_rate_incompetent_and_bar_the_department(people, substantiated):
    substantiated(kind=ViolationKind.RUDE_LANGUAGE, when=at(2026, 3, 2))
    substantiated(kind=ViolationKind.SHIRKING, when=at(2026, 6, 2))

    assert rating(staff=people.clerk).outcome == RatingOutcome.INCOMPETENT
    department = rating(department=people.social, staff=None)
    assert department.outcome == RatingOutcome.NOT_EXCELLENT
    assert (
        not AnnualRating.objects.filter(department=people.civil)
        .exclude(outcome=RatingOutcome.ELIGIBLE)
        .exists()
    )


def test_two_efficiency_warnings_in_a_year_rate_incompetent_by_escalation(people, substantiated):
    substantiated(kind=ViolationKind.NOT_REGISTERED, when=at(2026, 3, 2))
    first = rating(staff=people.clerk)
    substantiated(kind=ViolationKind.OVERDUE_FORWARD, when=at(2027, 1, 5))
    substantiated(kind=ViolationKind.OVERDUE_FORWARD, when=at(2027, 2, 5))

    assert first.outcome == RatingOutcome.NOT_EXCELLENT
    later = rating(2027, staff=people.clerk)
    assert later.outcome == RatingOutcome.INCOMPETENT
    assert "2" in later.reasons


def test_escalation_alone_rates_incompetent_when_no_offence_rule_does(
    people, substantiated, bureau
):
    # Without the "two violations" rule only the escalation can make the year incompetent.
    bureau.rules.filter(offence_from=2).first().sanctions.all().delete()
    with translation.override("en"):  # the reasons are written in the active language
        substantiated(kind=ViolationKind.NOT_REGISTERED, when=at(2026, 3, 2))
        substantiated(kind=ViolationKind.OVERDUE_CALLBACK, when=at(2026, 4, 2))

    staff_rating = rating(staff=people.clerk)
    assert staff_rating.outcome == RatingOutcome.INCOMPETENT
    assert staff_rating.reasons.splitlines()[-1].startswith("2")


def test_exposure_brings_a_notice_and_suspension_for_training(people, substantiated):
    substantiated(kind=ViolationKind.EXPOSURE)

    assert live_lines(people.clerk) == [
        (1, "notice_of_criticism", "", "", ""),
        (1, "rating_cap", "", "", "not_excellent"),
        (1, "suspension_for_training", "", "", ""),
    ]
    assert rating(staff=people.clerk).suspended_for_training
