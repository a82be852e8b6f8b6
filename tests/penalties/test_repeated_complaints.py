"""重复投诉 (seed 002, 首问责任制处罚制度 (三)): a complaint repeated by the same complainant
about the same staff member, or linked by staff as a repeat, is the second offence of its
thread: the department is named in a notice, its head fined ¥50, the person removed from
post. Every complaint is still a complaint case with a suspected violation of its own."""

import pytest
from django.urls import reverse

from cases import services as cases
from cases.choices import Channel, Kind
from cases.models import Case
from cases.services.public import case_register_public_complaint
from penalties import services
from penalties.models import Penalty, Violation, ViolationAction, ViolationState

from .conftest import at, lines, live_lines

pytestmark = pytest.mark.django_db

TEXT = "报修三次无人上门，客服王芳推说不归她管。"
PHONE = "138 0013 8000"


@pytest.fixture(autouse=True)
def property_rules(preset):
    return preset("property")


@pytest.fixture
def complain(people):
    """A complaint from the public page; returns its suspected violation."""

    def complain(when, phone=PHONE, about=None):
        case = case_register_public_complaint(
            organisation=people.organisation,
            subject_staff=about or people.clerk,
            text=TEXT,
            person={"name": "业主", "phone": phone} if phone else None,
            at=when,
        )
        return Violation.objects.get(case=case)

    return complain


@pytest.fixture
def substantiate(people):
    def substantiate(violation, when=None):
        services.violation_substantiate(
            violation=violation, by=people.supervisor.user, note="查证属实", at=when
        )
        violation.refresh_from_db()
        return violation

    return substantiate


def department_lines(department):
    return lines(Penalty.objects.live().filter(department=department, liability="department"))


def assert_rule_three_fired(people, offence=2):
    assert live_lines(people.clerk) == [(offence, "removal_from_post", "", "", "")]
    assert live_lines(people.head) == [(offence, "fine", "50", "", "")]
    assert department_lines(people.social) == [(offence, "notice_of_criticism", "", "", "")]


def test_a_first_public_complaint_removes_nobody_from_post(people, complain, substantiate):
    substantiate(complain(at(2026, 3, 2)), at(2026, 3, 5))

    assert Penalty.objects.count() == 0


def test_a_second_complaint_from_the_same_phone_about_the_same_person_fires_rule_three(
    people, complain, substantiate
):
    first = complain(at(2026, 3, 2))
    second = complain(at(2026, 5, 11), phone="+86 138-0013-8000")

    assert Case.objects.filter(kind=Kind.COMPLAINT).count() == 2
    assert [first.state, second.state] == [ViolationState.SUSPECTED] * 2
    assert second.repeat_of == first
    substantiate(first, at(2026, 3, 5))
    substantiate(second, at(2026, 5, 12))

    assert_rule_three_fired(people)


def test_the_repeat_is_on_the_timeline_of_the_violation(people, complain):
    first = complain(at(2026, 3, 2))
    second = complain(at(2026, 5, 11), phone="13800138000")

    [note] = second.events.filter(action=ViolationAction.REPEAT).values_list("note", flat=True)
    assert first.case.number in note
    assert "2026-03-02" in note
    assert "同一投诉人" in note


def test_a_third_complaint_of_the_thread_fires_it_again(people, complain, substantiate):
    for month in (3, 4, 5):
        substantiate(complain(at(2026, month, 2)), at(2026, month, 3))

    assert live_lines(people.clerk) == [
        (2, "removal_from_post", "", "", ""),
        (3, "removal_from_post", "", "", ""),
    ]


@pytest.mark.parametrize(
    "second",
    [
        pytest.param({"phone": "13900139000"}, id="another-complainant"),
        pytest.param({"phone": None}, id="anonymous"),
    ],
)
def test_complaints_of_different_complainants_are_not_repeats(
    people, complain, substantiate, second
):
    substantiate(complain(at(2026, 3, 2)), at(2026, 3, 5))
    repeat = substantiate(complain(at(2026, 5, 11), **second), at(2026, 5, 12))

    assert repeat.repeat_of is None
    assert Penalty.objects.count() == 0


def test_the_same_complainant_about_another_staff_member_is_no_repeat(
    people, complain, substantiate
):
    substantiate(complain(at(2026, 3, 2)), at(2026, 3, 5))
    other = substantiate(complain(at(2026, 5, 11), about=people.colleague), at(2026, 5, 12))

    assert other.repeat_of is None
    assert Penalty.objects.count() == 0


def test_last_years_complaint_does_not_make_this_years_a_repeat_offence(
    people, complain, substantiate
):
    substantiate(complain(at(2025, 12, 1)), at(2025, 12, 3))
    substantiate(complain(at(2026, 3, 2)), at(2026, 3, 5))
    assert Penalty.objects.count() == 0

    substantiate(complain(at(2026, 5, 11)), at(2026, 5, 12))

    assert_rule_three_fired(people)


def test_staff_merging_a_complaint_into_the_earlier_one_makes_it_a_repeat(
    people, complain, substantiate
):
    first = complain(at(2026, 3, 2))
    # The complainant left no phone the second time; the office recognises the matter.
    second = complain(at(2026, 3, 20), phone=None)
    substantiate(first, at(2026, 3, 21))
    substantiate(second, at(2026, 3, 21))
    assert Penalty.objects.count() == 0

    cases.case_merge(
        duplicate=second.case, main=first.case, by=people.supervisor.user, at=at(2026, 3, 22)
    )

    second.refresh_from_db()
    assert second.repeat_of == first
    assert_rule_three_fired(people)


def test_a_complaint_registered_at_the_desk_as_a_repeat_counts_as_one(
    people, complain, substantiate, report
):
    """The clerk takes the second complaint by phone and ticks "repeat of" in the intake's
    duplicate panel; the supervisor records the violation on the new case."""
    first = complain(at(2026, 3, 2))
    substantiate(first, at(2026, 3, 5))
    repeat = cases.case_register_and_route(
        route="transfer",
        routing={"to_department": people.office},
        by=people.colleague.user,
        at=at(2026, 3, 20),
        channel=Channel.PHONE,
        kind=Kind.COMPLAINT,
        matter_text=TEXT,
        person={"name": "业主", "phone": "010-88886666"},
        repeat_of=first.case,
    )

    violation = report(case=repeat, when=at(2026, 3, 20))
    substantiate(violation, at(2026, 3, 21))

    assert violation.repeat_of == first
    assert_rule_three_fired(people)


def test_the_public_is_told_nothing_about_earlier_complaints(people, client):
    url = reverse("public:complaint", args=[people.organisation.code])
    data = {"staff": people.clerk.badge_number, "text": TEXT, "name": "业主", "phone": PHONE}
    client.post(url, data)
    first = Case.objects.get()

    response = client.post(url, data)
    done = client.get(response["Location"]).content.decode()

    second = Case.objects.exclude(pk=first.pk).get()
    assert Violation.objects.get(case=second).repeat_of == Violation.objects.get(case=first)
    assert second.number in done
    assert first.number not in done
    assert first.query_code not in done
