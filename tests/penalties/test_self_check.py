"""Self-check (自查): notice within 2 working days, answer within 5, or substantiated."""

import pytest
from django.utils import translation

from penalties import services
from penalties.errors import ActionNotAllowed, InvalidInput
from penalties.models import Penalty, ViolationAction, ViolationState
from tests.factories import CalendarOverrideFactory

from .conftest import at, build_people

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def municipal(preset):
    return preset("municipal")


@pytest.fixture
def sent(people, report):
    """Reported Mon 28 Sep 2026, self-check requested Wed 30 Sep 16:00 (before National Day)."""
    violation = report(when=at(2026, 9, 28))
    services.violation_send_self_check(
        violation=violation,
        by=people.supervisor.user,
        request="请核实并说明",
        at=at(2026, 9, 30, 16),
    )
    violation.refresh_from_db()
    return violation


def reload(violation):
    violation.refresh_from_db()
    return violation


def test_the_answer_is_due_five_working_days_after_the_notice_across_national_day(sent):
    check = sent.self_check
    # 1–7 Oct are off; Sat 10 Oct is a make-up working day: 8, 9, 10, 12, 13 Oct.
    assert check.due == at(2026, 10, 13, 17, 30)
    assert check.notice_due == at(2026, 9, 30, 17, 30)
    assert not check.notice_was_late
    assert sent.state == ViolationState.SELF_CHECK


def test_a_calendar_override_moves_the_deadline(people, report):
    CalendarOverrideFactory(
        organisation=people.organisation, date=at(2026, 10, 12).date(), is_working_day=False
    )
    violation = report(when=at(2026, 9, 28))

    services.violation_send_self_check(
        violation=violation, by=people.supervisor.user, at=at(2026, 9, 30, 16)
    )

    assert reload(violation).self_check.due == at(2026, 10, 14, 17, 30)


def test_a_notice_sent_after_two_working_days_is_marked_late(people, report):
    violation = report(when=at(2026, 9, 28))

    services.violation_send_self_check(
        violation=violation, by=people.supervisor.user, at=at(2026, 10, 8, 9)
    )

    assert reload(violation).self_check.notice_was_late


def test_no_answer_by_the_deadline_substantiates_it_at_the_deadline(people, sent):
    assert services.penalties_sweep(at(2026, 10, 13, 17, 29))["substantiated"] == 0

    result = services.penalties_sweep(at(2026, 10, 14, 8))

    violation = reload(sent)
    assert result["substantiated"] == 1
    assert violation.state == ViolationState.SUBSTANTIATED
    assert violation.auto_substantiated
    assert violation.substantiated_at == at(2026, 10, 13, 17, 30)
    assert violation.events.last().action == ViolationAction.SUBSTANTIATE_BY_DEADLINE
    assert violation.events.last().actor is None
    assert Penalty.objects.live().filter(staff=people.clerk).count() == 3
    assert Penalty.objects.live().filter(staff=people.head).count() == 1


def test_an_organisation_that_switched_the_sweep_off_is_skipped_and_the_other_processed(
    people, sent, other_organisation
):
    others = build_people(other_organisation)
    services.load_penalty_preset(other_organisation, "municipal")
    theirs = services.violation_report(
        by=others.supervisor.user,
        staff=others.clerk,
        kind=sent.kind,
        evidence="群众投诉查实",
        occurred_at=at(2026, 9, 28),
        at=at(2026, 9, 28),
    )
    services.violation_send_self_check(
        violation=theirs, by=others.supervisor.user, at=at(2026, 9, 30, 16)
    )
    people.organisation.runs_accountability_sweep = False
    people.organisation.save()

    result = services.penalties_sweep(at(2026, 10, 14, 8))

    assert result["substantiated"] == 1
    assert reload(theirs).state == ViolationState.SUBSTANTIATED
    assert reload(sent).state == ViolationState.SELF_CHECK
    people.organisation.runs_accountability_sweep = True
    people.organisation.save()
    assert services.penalties_sweep(at(2026, 10, 14, 9))["substantiated"] == 1
    assert reload(sent).state == ViolationState.SUBSTANTIATED


def test_a_doubled_or_late_sweep_substantiates_once(people, sent):
    services.penalties_sweep(at(2026, 10, 14, 8))
    lines = Penalty.objects.count()

    again = services.penalties_sweep(at(2026, 10, 14, 8))
    later = services.penalties_sweep(at(2026, 12, 1, 8))

    assert again["substantiated"] == later["substantiated"] == 0
    assert Penalty.objects.count() == lines
    assert reload(sent).events.filter(action=ViolationAction.SUBSTANTIATE_BY_DEADLINE).count() == 1


def test_an_answer_in_time_goes_to_the_supervisor_who_decides(
    people, sent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.violation_answer_self_check(
            violation=sent,
            by=people.head.user,
            answer="经核实，系系统故障所致",
            at=at(2026, 10, 12),
        )
    services.penalties_sweep(at(2026, 10, 20))

    violation = reload(sent)
    assert violation.state == ViolationState.SELF_CHECK
    assert violation.self_check.answered_by == people.head
    assert mailoutbox[-1].to == [people.supervisor.user.email]
    assert "系统故障" in mailoutbox[-1].body

    services.violation_dismiss(
        violation=violation,
        by=people.supervisor.user,
        reason="系统故障，非人为",
        at=at(2026, 10, 21),
    )
    assert reload(sent).state == ViolationState.DISMISSED
    assert Penalty.objects.count() == 0


def test_the_department_is_told_when_a_self_check_is_requested(
    people, report, mailoutbox, django_capture_on_commit_callbacks
):
    violation = report(when=at(2026, 9, 28))
    with django_capture_on_commit_callbacks(execute=True):
        services.violation_send_self_check(
            violation=violation, by=people.supervisor.user, at=at(2026, 9, 30, 16)
        )

    assert sorted(mailoutbox[0].to) == sorted([people.head.user.email, people.leader.user.email])
    assert "2026-10-13 17:30" in mailoutbox[0].subject


def test_substantiating_before_the_answer_is_refused_with_the_reason(people, sent):
    with translation.override("en"):
        with pytest.raises(ActionNotAllowed) as error:
            services.violation_substantiate(violation=sent, by=people.supervisor.user)

        assert "automatically" in str(error.value)


def test_only_the_head_or_leader_in_charge_answers_for_the_department(people, sent):
    for outsider in (people.clerk, people.civil_head, people.supervisor):
        with pytest.raises(ActionNotAllowed):
            services.violation_answer_self_check(violation=sent, by=outsider.user, answer="x")

    services.violation_answer_self_check(violation=sent, by=people.leader.user, answer="已核实")
    assert reload(sent).self_check.answered_by == people.leader


def test_an_answer_needs_text_and_is_given_once(people, sent):
    with pytest.raises(InvalidInput) as error:
        services.violation_answer_self_check(violation=sent, by=people.head.user, answer="  ")
    assert error.value.field == "answer"

    services.violation_answer_self_check(violation=sent, by=people.head.user, answer="已核实")
    with pytest.raises(ActionNotAllowed):
        services.violation_answer_self_check(
            violation=reload(sent), by=people.head.user, answer="再答"
        )


def test_an_answer_after_the_deadline_but_before_the_sweep_still_counts(people, sent):
    services.violation_answer_self_check(
        violation=sent, by=people.head.user, answer="迟到的答复", at=at(2026, 10, 13, 17, 45)
    )

    assert services.penalties_sweep(at(2026, 10, 14, 8))["substantiated"] == 0
    assert reload(sent).state == ViolationState.SELF_CHECK
