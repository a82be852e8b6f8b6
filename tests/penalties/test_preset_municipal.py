"""Municipal agency preset (seed 001): 1st/2nd/3rd substantiated complaint in a year.

对第一次被投诉查实的，给予通报批评，并扣罚当年综合奖金的20%，当年考核不能评为优秀，其所在科室
负责人扣罚当年综合奖金的5%；第二次…警告处分，扣罚50%，年度考核评为不称职，负责人10%；第三次…
扣罚当事人全年综合奖金，并调离工作岗位，负责人15%。
"""

from decimal import Decimal

import pytest

from penalties import services
from penalties.models import (
    AnnualRating,
    Liability,
    Penalty,
    PenaltyEntry,
    RatingOutcome,
    ViolationKind,
)

from .conftest import at, live_lines

pytestmark = pytest.mark.django_db

FIRST = [
    (1, "bonus_deduction", "20", "", ""),
    (1, "notice_of_criticism", "", "", ""),
    (1, "rating_cap", "", "", "not_excellent"),
]
SECOND = [
    (2, "bonus_deduction", "50", "", ""),
    (2, "disciplinary_warning", "", "", ""),
    (2, "rating_cap", "", "", "incompetent"),
]
THIRD = [(3, "bonus_deduction", "100", "", ""), (3, "removal_from_post", "", "", "")]


@pytest.fixture(autouse=True)
def municipal(preset):
    return preset("municipal")


def rating(staff, year=2026):
    return AnnualRating.objects.get(staff=staff, year=year)


def test_first_second_third_substantiated_complaints_follow_the_tiers(people, substantiated):
    substantiated(when=at(2026, 2, 3))
    assert live_lines(people.clerk) == FIRST
    assert live_lines(people.head) == [(1, "bonus_deduction", "5", "", "")]

    substantiated(when=at(2026, 5, 6))
    assert live_lines(people.clerk) == sorted(FIRST + SECOND)
    assert live_lines(people.head) == [
        (1, "bonus_deduction", "5", "", ""),
        (2, "bonus_deduction", "10", "", ""),
    ]

    substantiated(when=at(2026, 9, 9))
    assert live_lines(people.clerk) == sorted(FIRST + SECOND + THIRD)
    assert live_lines(people.head, offence_number=3) == [(3, "bonus_deduction", "15", "", "")]


def test_the_annual_rating_goes_from_capped_to_incompetent_to_removed(people, substantiated):
    substantiated(when=at(2026, 2, 3))
    first = rating(people.clerk)
    assert (first.outcome, first.removed_from_post) == (RatingOutcome.NOT_EXCELLENT, False)
    assert first.bonus_deduction_percent == Decimal(20)

    substantiated(when=at(2026, 5, 6))
    assert rating(people.clerk).outcome == RatingOutcome.INCOMPETENT

    substantiated(when=at(2026, 9, 9))
    third = rating(people.clerk)
    assert (third.outcome, third.removed_from_post, third.violations) == (
        RatingOutcome.INCOMPETENT,
        True,
        3,
    )
    # 20 % + 50 % + the whole bonus: never more than all of it.
    assert third.bonus_deduction_percent == Decimal(100)
    head = rating(people.head)
    assert (head.outcome, head.bonus_deduction_percent) == (RatingOutcome.ELIGIBLE, Decimal(30))


def test_a_fourth_offence_stays_at_the_top_tier(people, substantiated):
    for month in (2, 4, 6):
        substantiated(when=at(2026, month, 3))
    substantiated(when=at(2026, 8, 3))

    assert live_lines(people.clerk, offence_number=4) == [
        (4, "bonus_deduction", "100", "", ""),
        (4, "removal_from_post", "", "", ""),
    ]
    assert live_lines(people.head, offence_number=4) == [(4, "bonus_deduction", "15", "", "")]


def test_a_new_year_starts_again_at_the_first_offence(people, substantiated):
    substantiated(when=at(2026, 6, 1))
    substantiated(when=at(2026, 12, 31, 16))
    # 2027-01-01 00:30 in Shanghai is still 2026 in UTC: the local year counts.
    substantiated(when=at(2027, 1, 1, 0, 30))

    assert live_lines(people.clerk, year=2027) == [
        (1, "bonus_deduction", "20", "", ""),
        (1, "notice_of_criticism", "", "", ""),
        (1, "rating_cap", "", "", "not_excellent"),
    ]
    assert rating(people.clerk, 2027).outcome == RatingOutcome.NOT_EXCELLENT
    assert rating(people.clerk, 2026).outcome == RatingOutcome.INCOMPETENT


def test_revoking_the_second_on_appeal_re_tiers_the_third(people, substantiated):
    substantiated(when=at(2026, 2, 3))
    second = substantiated(when=at(2026, 5, 6))
    third = substantiated(when=at(2026, 9, 9))
    before = set(Penalty.objects.values_list("pk", flat=True))

    services.violation_appeal(
        violation=second, by=people.clerk.user, reason="投诉人撤回", at=at(2026, 9, 20)
    )
    second.refresh_from_db()
    services.violation_revoke(
        violation=second, by=people.supervisor.user, reason="复核不属实", at=at(2026, 9, 25)
    )

    # The third is now the second: its old lines are revoked, new ones written.
    assert live_lines(people.clerk, violation=third) == [
        (2, "bonus_deduction", "50", "", ""),
        (2, "disciplinary_warning", "", "", ""),
        (2, "rating_cap", "", "", "incompetent"),
    ]
    assert live_lines(people.clerk, violation=second) == []
    assert live_lines(people.head) == [
        (1, "bonus_deduction", "5", "", ""),
        (2, "bonus_deduction", "10", "", ""),
    ]
    # Append-only: every earlier line is still there, each revoked one with its revocation.
    assert before <= set(Penalty.objects.values_list("pk", flat=True))
    revoked = Penalty.objects.filter(pk__in=before, revocation__isnull=False)
    assert {line.violation_id for line in revoked} == {second.pk, third.pk}
    revocations = Penalty.objects.filter(entry=PenaltyEntry.REVOCATION)
    assert revocations.count() == revoked.count()
    assert all("复核不属实" in r.reason for r in revocations.filter(violation=second))
    assert all("2" in r.reason for r in revocations.filter(violation=third))
    outcome = rating(people.clerk)
    assert (outcome.removed_from_post, outcome.violations) == (False, 2)


def test_joint_liability_falls_on_the_head_fixed_at_substantiation(people, substantiated):
    violation = substantiated(when=at(2026, 2, 3))
    people.social.head = people.colleague
    people.social.save()

    substantiated(when=at(2026, 3, 3))

    assert violation.liable_head == people.head
    assert live_lines(people.head) == [(1, "bonus_deduction", "5", "", "")]
    assert live_lines(people.colleague) == [(2, "bonus_deduction", "10", "", "")]


def test_a_heads_own_violation_is_not_also_their_joint_liability(people, substantiated):
    substantiated(staff=people.head, when=at(2026, 2, 3))

    assert Penalty.objects.filter(liability=Liability.HEAD).count() == 0
    assert live_lines(people.head) == FIRST


@pytest.mark.parametrize(
    "kind",
    [
        ViolationKind.OVERDUE_RESOLUTION,
        ViolationKind.OVERDUE_FORWARD,
        ViolationKind.SHIRKING,
        ViolationKind.REFUSED_TRANSFER,
    ],
)
def test_only_a_substantiated_complaint_carries_the_complaint_tiers(people, substantiated, kind):
    substantiated(kind=kind, when=at(2026, 2, 3))

    assert live_lines(people.clerk) == []
    assert live_lines(people.head) == []


def test_other_violations_do_not_count_towards_the_complaint_tiers(people, substantiated):
    substantiated(kind=ViolationKind.OVERDUE_RESOLUTION, when=at(2026, 1, 5))
    substantiated(kind=ViolationKind.SHIRKING, when=at(2026, 1, 6))

    complaint = substantiated(when=at(2026, 2, 3))

    assert live_lines(people.clerk) == FIRST
    assert live_lines(people.clerk, violation=complaint) == FIRST
    assert live_lines(people.head) == [(1, "bonus_deduction", "5", "", "")]


def test_a_complaint_made_in_december_and_substantiated_in_january_counts_in_its_year(
    people, substantiated
):
    december = substantiated(when=at(2026, 12, 20), decided=at(2027, 1, 8))
    substantiated(when=at(2027, 1, 5), decided=at(2027, 1, 9))

    assert live_lines(people.clerk, violation=december) == FIRST
    assert set(Penalty.objects.filter(violation=december).values_list("year", flat=True)) == {2026}
    assert live_lines(people.clerk, year=2027) == FIRST  # the January complaint is the first
    assert rating(people.clerk, 2026).violations == 1
    assert rating(people.clerk, 2027).violations == 1


def test_offences_are_numbered_in_the_order_they_happened_not_decided(people, substantiated):
    february = substantiated(when=at(2026, 2, 3), decided=at(2026, 6, 1))
    march = substantiated(when=at(2026, 3, 3), decided=at(2026, 4, 1))

    assert live_lines(people.clerk, violation=february) == FIRST
    assert live_lines(people.clerk, violation=march) == SECOND
