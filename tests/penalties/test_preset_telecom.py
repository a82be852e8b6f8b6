"""Telecom operator preset (seed 004): months of performance bonus, notices, bottom three."""

import pytest

from cases.models import Case
from penalties.models import AnnualRating, Penalty, RatingOutcome, ViolationKind
from penalties.services.ratings import rebuild_year
from tests.factories import DepartmentFactory

from .conftest import at, lines, live_lines, make_case

pytestmark = pytest.mark.django_db

NAMED_AND_DOCKED = [(1, "bonus_months", "1", "3", ""), (1, "notice_of_criticism", "", "", "")]


@pytest.fixture(autouse=True)
def telecom(preset):
    return preset("telecom")


def test_person_leader_in_charge_and_unit_head_lose_one_to_three_months(people, substantiated):
    substantiated(kind=ViolationKind.SHIRKING)

    assert live_lines(people.clerk) == NAMED_AND_DOCKED
    assert live_lines(people.leader) == NAMED_AND_DOCKED
    assert live_lines(people.head) == NAMED_AND_DOCKED


def test_the_unit_is_named_in_the_notice(people, substantiated):
    substantiated(kind=ViolationKind.OVERDUE_RESOLUTION)

    department = Penalty.objects.live().filter(department=people.social, liability="department")
    assert lines(department) == [(1, "notice_of_criticism", "", "", "")]


def test_every_offence_is_docked_the_same_and_months_add_up(people, substantiated):
    substantiated(when=at(2026, 3, 2))
    substantiated(when=at(2026, 4, 2))

    assert live_lines(people.clerk, offence_number=2) == [
        (2, "bonus_months", "1", "3", ""),
        (2, "notice_of_criticism", "", "", ""),
    ]
    rating = AnnualRating.objects.get(staff=people.clerk, year=2026)
    assert (rating.bonus_months_min, rating.bonus_months_max) == (2, 6)


def _cases(department, staff, total, resolved):
    for index in range(total):
        state = "resolved" if index < resolved else "transferred"
        make_case(department, staff, state=state, at=at(2026, 5, 1 + index))


def test_the_bottom_three_units_by_resolution_rate_are_not_eligible_for_the_award(people):
    organisation = people.organisation
    extra = [DepartmentFactory(organisation=organisation, name=f"营业部{n}") for n in range(3)]
    resolved_shares = {people.social: 10, people.civil: 9, extra[0]: 8, extra[1]: 2, extra[2]: 5}
    for department, resolved in resolved_shares.items():
        _cases(department, people.supervisor, 10, resolved)
    assert Case.objects.count() == 50

    rebuild_year(organisation, 2026)

    excluded = set(
        AnnualRating.objects.filter(
            year=2026, staff=None, outcome=RatingOutcome.NOT_EXCELLENT
        ).values_list("department__name", flat=True)
    )
    assert excluded == {"营业部0", "营业部1", "营业部2"}
