"""认定 of a violation the rules impose nothing for: still substantiated, and it says why."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from penalties import services
from penalties.metrics import staff_numbers
from penalties.models import (
    Penalty,
    PenaltyRuleSet,
    ViolationAction,
    ViolationKind,
    ViolationState,
)
from penalties.periods import month_of

from .conftest import at

pytestmark = pytest.mark.django_db

NOT_PRICED = "本规则集对此类违规不设处罚"


def no_penalty_notes(violation):
    return list(
        violation.events.filter(action=ViolationAction.NO_PENALTY).values_list("note", flat=True)
    )


def test_a_kind_the_rule_set_does_not_price_is_substantiated_and_the_timeline_says_why(
    people, preset, substantiated
):
    preset("municipal")

    violation = substantiated(kind=ViolationKind.OVERDUE_CALLBACK, when=at(2026, 3, 2))

    assert violation.state == ViolationState.SUBSTANTIATED
    assert Penalty.objects.count() == 0
    [note] = no_penalty_notes(violation)
    assert NOT_PRICED in note
    line = violation.events.get(action=ViolationAction.NO_PENALTY)
    assert line.actor is None  # the rules' conclusion, not the decider's step
    assert staff_numbers(people.clerk, month_of(at(2026, 3, 2).date())).violations == 1


def test_the_admin_page_says_the_rule_set_sets_no_penalty(people, preset, report, client):
    preset("municipal")
    violation = report(kind=ViolationKind.OVERDUE_CALLBACK)
    people.supervisor.user.is_staff = True
    people.supervisor.user.save()
    client.force_login(people.supervisor.user)

    response = client.post(
        reverse("admin:penalties_violation_action", args=[violation.pk, "substantiate"]),
        {"version": violation.version, "note": "回访记录缺失"},
    )

    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("认定：已完成。")
    assert NOT_PRICED in message
    page = client.get(response.url).content.decode()
    assert NOT_PRICED in page  # on the violation's timeline


def test_a_priced_violation_gets_its_penalty_and_no_such_line(people, preset, substantiated):
    preset("municipal")

    violation = substantiated(kind=ViolationKind.COMPLAINT)

    assert Penalty.objects.filter(violation=violation).exists()
    assert no_penalty_notes(violation) == []


def test_an_offence_the_rules_of_its_kind_do_not_reach_says_so(people, preset, substantiated):
    preset("property")  # 重复投诉 from the second complaint about the same case

    violation = substantiated(kind=ViolationKind.COMPLAINT)

    assert Penalty.objects.count() == 0
    [note] = no_penalty_notes(violation)
    assert "其他违规次数" in note


def test_without_an_active_rule_set_the_timeline_says_no_rule_set_applied(people, substantiated):
    assert not PenaltyRuleSet.objects.exists()

    violation = substantiated(kind=ViolationKind.COMPLAINT)

    [note] = no_penalty_notes(violation)
    assert "未启用处罚规则集" in note


def test_substantiated_by_an_unanswered_self_check_also_says_why(people, preset, report):
    preset("municipal")
    violation = report(kind=ViolationKind.OVERDUE_CALLBACK, when=at(2026, 3, 2))
    services.violation_send_self_check(
        violation=violation, by=people.supervisor.user, at=at(2026, 3, 2)
    )

    services.substantiate_unanswered(now=at(2026, 3, 31))

    violation.refresh_from_db()
    assert violation.state == ViolationState.SUBSTANTIATED
    [note] = no_penalty_notes(violation)
    assert NOT_PRICED in note
