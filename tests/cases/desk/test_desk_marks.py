"""Returned, urged and overdue cases carry a badge on the desk's lists and have a filter."""

import time_machine
from django.urls import reverse

from cases import services
from tests.cases.conftest import later
from tests.cases.time_limits import make_policy


def rows(response):
    return [case.pk for case in response.context["page"]]


def test_urged_cases_carry_a_badge_and_have_a_filter(login, org, register, in_handling):
    other = register(at=later(5))
    services.case_urge(case=in_handling, by=org.supervisor.user, note="请加快", at=later(70))
    client = login(org.clerk)

    everything = client.get(reverse("cases:my_cases"))
    urged = client.get(reverse("cases:my_cases"), {"flag": "urged"})

    assert set(rows(everything)) == {in_handling.pk, other.pk}
    assert 'class="tag urged"' in everything.content.decode()
    assert rows(urged) == [in_handling.pk]


def test_returned_cases_have_a_filter(login, org, register, transferred):
    other = register(at=later(5))
    services.case_return(case=transferred, by=org.handler.user, reason="不归", duty_item=None)

    response = login(org.clerk).get(reverse("cases:my_cases"), {"flag": "returned"})

    assert rows(response) == [transferred.pk]
    assert other.pk not in rows(response)


def test_overdue_cases_carry_a_badge_and_have_a_filter(login, org, register):
    make_policy(org.organisation)
    late = register()
    services.case_transfer(case=late, by=org.clerk.user, at=later(10))
    with time_machine.travel(later(60 * 24 * 30), tick=False):
        client = login(org.clerk)
        fresh = register(at=later(60 * 24 * 30))
        everything = client.get(reverse("cases:my_cases"))
        overdue = client.get(reverse("cases:my_cases"), {"flag": "overdue"})

    assert set(rows(everything)) == {late.pk, fresh.pk}
    assert rows(overdue) == [late.pk]
    assert 'class="tag overdue"' in everything.content.decode()
