"""Property management preset (seed 002, 首问责任制处罚制度 (一)–(五))."""

import pytest

from penalties.models import Liability, Penalty, ViolationKind

from .conftest import at, lines, live_lines, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def property_rules(preset):
    return preset("property")


def department_lines(department):
    return lines(Penalty.objects.live().filter(department=department, liability="department"))


def test_shirking_that_causes_a_second_complaint_costs_twenty_yuan(people, substantiated):
    substantiated(kind=ViolationKind.SHIRKING)

    assert live_lines(people.clerk) == [(1, "fine", "20", "", "")]
    assert Penalty.objects.exclude(liability=Liability.PERSON).count() == 0


@pytest.mark.parametrize(
    "kind",
    [
        ViolationKind.REFUSED_TRANSFER,
        ViolationKind.OVERDUE_FORWARD,
        ViolationKind.OVERDUE_RESOLUTION,
    ],
)
def test_a_refused_transfer_or_overrun_names_the_department_and_fines_fifty(
    people, substantiated, kind
):
    substantiated(staff=people.civil_clerk, kind=kind)

    assert live_lines(people.civil_clerk) == [(1, "fine", "50", "", "")]
    assert department_lines(people.civil) == [(1, "notice_of_criticism", "", "", "")]


def test_passing_on_a_ticket_of_ones_own_department_costs_thirty_to_fifty(people, substantiated):
    substantiated(kind=ViolationKind.WRONG_TRANSFER)

    assert live_lines(people.clerk) == [(1, "fine", "30", "50", "")]
    assert department_lines(people.social) == [(1, "notice_of_criticism", "", "", "")]


@pytest.fixture
def tickets(people):
    return [make_case(people.social, people.clerk, kind="complaint") for _ in range(2)]


def test_a_first_complaint_removes_nobody_from_post(people, substantiated, tickets):
    substantiated(kind=ViolationKind.COMPLAINT, case=tickets[0])

    assert Penalty.objects.count() == 0


def test_a_repeated_complaint_about_the_same_ticket_removes_the_person_and_fines_the_leader(
    people, substantiated, tickets
):
    substantiated(kind=ViolationKind.COMPLAINT, case=tickets[0], when=at(2026, 3, 2))
    substantiated(kind=ViolationKind.COMPLAINT, case=tickets[0], when=at(2026, 3, 9))

    assert live_lines(people.clerk) == [(2, "removal_from_post", "", "", "")]
    assert live_lines(people.head) == [(2, "fine", "50", "", "")]
    assert department_lines(people.social) == [(2, "notice_of_criticism", "", "", "")]


def test_complaints_about_different_tickets_are_not_repeated_complaints(
    people, substantiated, tickets
):
    substantiated(kind=ViolationKind.COMPLAINT, case=tickets[0], when=at(2026, 3, 2))
    substantiated(kind=ViolationKind.COMPLAINT, case=tickets[1], when=at(2026, 3, 9))

    assert Penalty.objects.count() == 0


def test_other_offences_on_the_ticket_do_not_make_a_complaint_repeated(
    people, substantiated, tickets
):
    substantiated(kind=ViolationKind.SHIRKING, case=tickets[0], when=at(2026, 3, 2))
    substantiated(kind=ViolationKind.COMPLAINT, case=tickets[0], when=at(2026, 3, 9))

    assert live_lines(people.clerk) == [(1, "fine", "20", "", "")]


def test_exposure_by_a_superior_body_or_the_media_costs_fifty_to_two_hundred(people, substantiated):
    substantiated(kind=ViolationKind.EXPOSURE)

    assert live_lines(people.clerk) == [(1, "fine", "50", "200", "")]


def test_fines_are_the_same_for_every_offence_and_add_up_in_the_rating(people, substantiated):
    for month in (2, 3, 4):
        substantiated(kind=ViolationKind.SHIRKING, when=at(2026, month, 2))
    substantiated(kind=ViolationKind.EXPOSURE, when=at(2026, 5, 2))

    rating = people.clerk.annual_ratings.get(year=2026)
    assert (rating.fines_min, rating.fines_max) == (110, 260)
    assert rating.outcome == "eligible"


def test_kinds_the_regulation_does_not_price_carry_no_sanction(people, substantiated):
    substantiated(kind=ViolationKind.RUDE_LANGUAGE)

    assert Penalty.objects.count() == 0
