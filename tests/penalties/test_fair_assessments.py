"""Fair numbers (issue 17): nothing measured is not full marks, too few cases is not ranked
(不参评), ties share a rank, offenders are named on the black list, and the beat catches
up every closed period it missed."""

from decimal import Decimal

import pytest
from django.utils import translation

from penalties import metrics, services
from penalties.consistency import assessment_findings
from penalties.models import AssessmentPeriod, AssessmentSettings
from penalties.periods import parse_period
from penalties.reports import selectors, tables
from penalties.services.assessments import assessment_rows, score

from .conftest import at as on
from .metrics_data import at, case, clock

MAY = parse_period("2026-05")


def handled(cases, resolved, on_time=None):
    """A subject that held ``cases`` cases of the period, resolved ``resolved`` of them,
    ``on_time`` (default: all resolved) within the limit; nothing else measured."""
    return metrics.Numbers(
        to_resolve=cases,
        done=resolved,
        resolve_due=cases,
        resolve_on_time=resolved if on_time is None else on_time,
    )


def test_a_rate_with_nothing_to_measure_is_left_out_and_the_other_weights_rescaled():
    # Resolution 8/10 = 80 % (weight 15), on time 6/10 = 60 % (weight 25); nothing was
    # forwarded, signed for, called back, rated or returned: those six weights drop out.
    # (80·15 + 60·25) / 40 = 67.50 (counting the others as full marks gave 87.00).
    assert score(handled(10, 8, 6), AssessmentSettings()) == Decimal("67.50")


def test_nothing_measured_has_no_score():
    assert score(metrics.Numbers(), AssessmentSettings()) is None


def test_violations_and_commendations_move_the_rescaled_score():
    numbers = handled(10, 8, 6)
    numbers.violations, numbers.commendations = 2, 1

    # 67.50 − 2·5 + 1·1 = 58.50
    assert score(numbers, AssessmentSettings()) == Decimal("58.50")


def rows(numbers, **settings):
    found = assessment_rows(
        None,
        None,
        metrics.DEPARTMENT,
        {pk: pk for pk in numbers},
        numbers,
        AssessmentSettings(**settings),
    )
    return {row.department_id: (row.score, row.rank, row.is_bottom) for row in found}


def test_departments_with_no_case_or_four_are_not_ranked_and_ties_share_a_rank():
    ranked = rows(
        {
            1: handled(10, 10),  # 100
            2: handled(4, 4),  # 100, but 4 cases: not ranked
            3: metrics.Numbers(),  # nothing at all: no score, not ranked
            4: handled(5, 4),  # 80 % and 80 %: 80
            5: handled(10, 8),  # 80, tied with 4
            6: handled(8, 4),  # 50
        },
        bottom_count=1,
    )

    assert ranked == {
        1: (Decimal("100.00"), 1, False),
        2: (Decimal("100.00"), None, False),
        3: (None, None, False),
        4: (Decimal("80.00"), 2, False),
        5: (Decimal("80.00"), 2, False),
        6: (Decimal("50.00"), 4, True),
    }


def test_bottom_places_are_among_those_ranked_only():
    ranked = rows(
        {1: handled(10, 10), 2: handled(10, 8), 3: handled(8, 4), 4: metrics.Numbers()},
        bottom_count=1,
    )

    # Three ranked subjects: the last of them is bottom, not the one with no case at all.
    assert ranked[3] == (Decimal("50.00"), 3, True)
    assert ranked[4] == (None, None, False)


def test_the_minimum_volume_is_the_organisations_setting():
    assert rows({1: handled(4, 4)}, minimum_volume=4)[1] == (Decimal("100.00"), 1, False)
    assert rows({1: handled(4, 4)})[1][1] is None


def may_cases(p, handler, department, count, *, resolved, on_time):
    """``count`` cases of May held by ``handler``; the first ``resolved`` resolved (and
    called back), the first ``on_time`` of them within the limit."""
    for day in range(1, count + 1):
        done = day <= resolved
        c = case(
            p,
            first=p.clerk,
            held_by=department,
            handler=handler,
            state="called_back" if done else "transferred",
            registered=at(5, day, 9),
            resolved_at=at(5, day, 15) if done else None,
            called_back_at=at(5, day, 17) if done else None,
            outcome="已办结" if done else "",
        )
        met = at(5, day, 15) if done else None
        due = at(5, day, 16) if day <= on_time else at(5, day, 12)
        clock(c, "resolve", department, handler, due=due, met=met)


@pytest.fixture
def may(people, preset):
    """周杰 resolves 6 cases of May on time, all called back: 100. 刘洋 resolves 3 of 6, on
    time, called back: (50·25 + 50·15 + 100·10) / 50 = 60."""
    preset("municipal")
    may_cases(people, people.colleague, people.social, 6, resolved=6, on_time=6)
    may_cases(people, people.civil_clerk, people.civil, 6, resolved=3, on_time=3)


def staff_names(table):
    return [row[1] for row in table.rows]


@pytest.mark.django_db
def test_an_offender_with_a_high_score_is_on_the_black_list_with_the_violation(
    people, may, substantiated
):
    substantiated(staff=people.colleague, when=on(2026, 5, 10))

    ranking = selectors.ranking(people.organisation, MAY, now=on(2026, 6, 15))
    with translation.override("en"):
        found = {t.title: t for t in tables.red_black_tables(people.organisation, ranking)}

    # 周杰: 100 − 5 for the violation = 95, first among those ranked, yet named.
    first = next(row for row in ranking.staff if row.staff_id == people.colleague.pk)
    assert (first.score, first.rank, first.is_bottom) == (Decimal("95.00"), 1, False)
    assert staff_names(found["Red list: staff"]) == ["刘洋"]
    black = found["Black list: staff"]
    assert staff_names(black) == ["周杰"]
    assert black.headers[-1] == "Violations of the period"
    assert black.rows[0][-1] == "Complaint about the staff member (2026-05-10)"


@pytest.mark.django_db
def test_an_offence_earlier_in_the_year_bars_from_the_red_list_only(people, may, substantiated):
    substantiated(staff=people.colleague, when=on(2026, 3, 2))

    ranking = selectors.ranking(people.organisation, MAY, now=on(2026, 6, 15))

    assert [row.staff.name for row in ranking.best_staff] == ["刘洋"]
    assert ranking.worst_staff == []


@pytest.mark.django_db
def test_departments_and_staff_below_the_minimum_are_listed_as_not_ranked(people, may):
    ranking = selectors.ranking(people.organisation, MAY, now=on(2026, 6, 15))
    with translation.override("en"):
        found = {t.title: t for t in tables.red_black_tables(people.organisation, ranking)}

    # 首问办 handled nothing; 王芳 registered the 12 cases (12 handled) but no rate of hers
    # measured anything, so she has no score either.
    unranked = found["Not ranked: fewer than 5 cases handled"]
    assert ["首问办", "", 0] in unranked.rows
    assert ["社会事务科", "王芳", 12] in unranked.rows
    assert [row[1] for row in found["Red list: departments"].rows] == ["社会事务科", "民政科"]
    assert not ranking.provisional  # May has ended: the note is for open periods only


@pytest.mark.django_db
def test_the_beat_catches_up_two_missed_periods(people):
    case(people, first=people.clerk, held_by=people.social, registered=at(4, 5))
    assert services.assessments_sweep(at(5, 1, 2)) == 2  # April, and May so far
    # The workers were down all May and June; the first sweep after catches both up.
    assert [f.number for f in assessment_findings(at(7, 1, 2))] == [
        f"{people.organisation.code} 2026-05",
        f"{people.organisation.code} 2026-06",
        f"{people.organisation.code} 2026Q2",
    ]

    done = services.assessments_sweep(at(7, 1, 2))
    again = services.assessments_sweep(at(7, 1, 2, 30))

    runs = dict(
        AssessmentPeriod.objects.filter(organisation=people.organisation).values_list(
            "label", "provisional"
        )
    )
    assert runs == {
        "2026-04": False,
        "2026-05": False,
        "2026-06": False,
        "2026Q2": False,
        "2026-07": True,
    }
    assert (done, again) == (4, 0)  # May, June, Q2 and July so far; then nothing is due
    assert list(assessment_findings(at(7, 1, 2, 30))) == []
