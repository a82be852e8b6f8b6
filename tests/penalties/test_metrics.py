"""Every metric of 2026 Q2 on the hand-built quarter (metrics_data), worked out by hand."""

from decimal import Decimal

import pytest

from penalties import metrics
from penalties.metrics import Numbers, SatisfactionFormula
from penalties.periods import parse_period

from .metrics_data import NOW, build_quarter

pytestmark = pytest.mark.django_db
Q2 = parse_period("2026Q2")


def expected(**counts):
    numbers = Numbers()
    for name, value in counts.items():
        setattr(numbers, name, value)
    return numbers.counts()


@pytest.fixture
def quarter(people, preset):
    return build_quarter(people, preset)


def test_the_organisation_counts_each_metric_once_and_leaves_out_merged_duplicates(people, quarter):
    numbers = metrics.organisation_numbers(people.organisation, Q2, now=NOW)

    # 5 registered (c1 c2 c3 c6 c7); c4 the evening before, c5 at midnight after, the
    # duplicate merged into c3. Resolved in the quarter: c1 c2 c4, of which c1 and c4 called
    # back. Of the five registered, c1 and c2 are resolved now.
    assert numbers.counts() == expected(
        registered=5,
        transferred=2,
        resolved=3,
        called_back=2,
        to_resolve=5,
        done=2,
        received=2,
        returned=1,
        reopened=1,
        forward_due=1,
        forward_on_time=0,
        sign_for_due=1,
        sign_for_on_time=1,
        resolve_due=3,
        resolve_on_time=1,
        callback_due=1,
        callback_on_time=1,
        very_satisfied=1,
        basically_satisfied=1,
        dissatisfied=1,
        violations=1,
        penalties=4,
        commendations=2,
        merged=1,
        open_registered=2,
        open_transferred=1,
        open_resolved=1,
        forward_open=1,
    )
    assert numbers.rates() == {
        "on_time_forward_rate": Decimal("0.00"),
        "on_time_sign_for_rate": Decimal("100.00"),
        "on_time_resolution_rate": Decimal("33.33"),
        "resolution_rate": Decimal("40.00"),
        "callback_rate": Decimal("66.67"),
        "satisfaction_rate": Decimal("66.67"),
        "return_rate": Decimal("50.00"),
        "redo_rate": Decimal("33.33"),
    }


def test_each_department_gets_its_own_numbers(people, quarter):
    by_department = metrics.compute(people.organisation, Q2, metrics.DEPARTMENT, now=NOW)

    social, civil = by_department[people.social.pk], by_department[people.civil.pk]
    assert social.counts() == expected(
        registered=3,
        transferred=2,
        resolved=2,
        called_back=2,
        to_resolve=2,
        done=1,
        forward_due=1,
        resolve_due=2,
        resolve_on_time=1,
        callback_due=1,
        callback_on_time=1,
        very_satisfied=1,
        basically_satisfied=1,
        violations=1,
        penalties=4,
        commendations=1,
        merged=1,
        open_registered=1,
        forward_open=1,
    )
    assert civil.counts() == expected(
        registered=2,
        resolved=1,
        to_resolve=3,
        done=1,
        received=2,
        returned=1,
        reopened=1,
        sign_for_due=1,
        sign_for_on_time=1,
        resolve_due=1,
        dissatisfied=1,
        commendations=1,
        open_registered=1,
        open_transferred=1,
        open_resolved=1,
    )
    assert (social.on_time_resolution_rate, social.resolution_rate) == (50, 50)
    assert (social.on_time_sign_for_rate, social.return_rate, social.redo_rate) == (None, None, 0)
    assert (civil.resolution_rate, civil.callback_rate) == (Decimal("33.33"), 0)
    assert (civil.return_rate, civil.redo_rate, civil.satisfaction_rate) == (50, 100, 0)
    assert set(by_department) == {people.social.pk, people.civil.pk}


def test_each_staff_member_answers_for_what_they_registered_held_signed_and_were_given(
    people, quarter
):
    by_staff = metrics.compute(people.organisation, Q2, metrics.STAFF, now=NOW)

    assert by_staff[people.clerk.pk].counts() == expected(
        registered=3,
        transferred=2,
        to_resolve=1,
        forward_due=1,
        commendations=1,
        merged=1,
        open_registered=1,
        forward_open=1,
    )
    assert by_staff[people.colleague.pk].counts() == expected(
        resolved=2,
        called_back=2,
        to_resolve=1,
        done=1,
        resolve_due=2,
        resolve_on_time=1,
        callback_due=1,
        callback_on_time=1,
        very_satisfied=1,
        basically_satisfied=1,
        violations=1,
        penalties=3,
    )
    assert by_staff[people.civil_clerk.pk].counts() == expected(
        registered=2,
        resolved=1,
        to_resolve=3,
        done=1,
        received=1,
        resolve_due=1,
        dissatisfied=1,
        reopened=1,
        open_registered=1,
        open_transferred=1,
        open_resolved=1,
    )
    assert by_staff[people.civil_head.pk].counts() == expected(received=1, returned=1)
    assert by_staff[people.head.pk].counts() == expected(penalties=1)
    assert set(by_staff) == {
        people.clerk.pk,
        people.colleague.pk,
        people.civil_clerk.pk,
        people.civil_head.pk,
        people.head.pk,
    }


def test_one_department_or_staff_member_alone_has_the_same_numbers(people, quarter):
    civil = metrics.department_numbers(people.civil, Q2, now=NOW)
    colleague = metrics.staff_numbers(people.colleague, Q2, now=NOW)
    nobody = metrics.staff_numbers(people.auditor, Q2, now=NOW)

    assert civil.counts() == (
        metrics.compute(people.organisation, Q2, now=NOW)[people.civil.pk].counts()
    )
    assert (colleague.resolved, colleague.penalties) == (2, 3)
    assert nobody.counts() == Numbers().counts()
    assert nobody.satisfaction_rate is None


@pytest.mark.parametrize(
    ("formula", "whole", "social"),
    [
        # very satisfied 1, basically satisfied 1, dissatisfied 1
        (SatisfactionFormula.THREE_LEVELS, "66.67", "100.00"),
        (SatisfactionFormula.TWO_LEVELS, "33.33", "50.00"),
        # (100 + 60 + 20) / 3 and (100 + 60) / 2
        (SatisfactionFormula.WEIGHTED, "60.00", "80.00"),
    ],
)
def test_the_satisfaction_formula_is_the_organisations_setting(
    people, quarter, formula, whole, social
):
    from penalties.models import AssessmentSettings

    AssessmentSettings.objects.create(
        organisation=people.organisation, satisfaction_formula=formula
    )

    assert metrics.organisation_numbers(people.organisation, Q2, now=NOW).satisfaction_rate == (
        Decimal(whole)
    )
    assert metrics.department_numbers(people.social, Q2, now=NOW).satisfaction_rate == (
        Decimal(social)
    )


def test_an_open_stage_counts_as_late_only_once_its_deadline_has_passed(people, quarter):
    before_due = metrics.organisation_numbers(people.organisation, Q2, now=quarter.c3.registered_at)

    assert (before_due.forward_due, before_due.forward_on_time) == (0, 0)


def test_months_and_the_year_split_the_same_rows_at_shanghai_midnight(people, quarter):
    april = metrics.organisation_numbers(people.organisation, parse_period("2026-04"), now=NOW)
    march = metrics.organisation_numbers(people.organisation, parse_period("2026-03"), now=NOW)
    july = metrics.organisation_numbers(people.organisation, parse_period("2026-07"), now=NOW)
    year = metrics.organisation_numbers(people.organisation, parse_period("2026"), now=NOW)

    # April: c1 c2 c7; c4 at 23:30 on 31 March is March's; c5 at 00:00 on 1 July is July's.
    assert (march.registered, april.registered, july.registered) == (1, 3, 1)
    assert year.registered == 7
    months = Numbers()
    for label in ("2026-04", "2026-05", "2026-06"):
        months.add(metrics.organisation_numbers(people.organisation, parse_period(label), now=NOW))
    assert (
        months.counts() == metrics.organisation_numbers(people.organisation, Q2, now=NOW).counts()
    )
