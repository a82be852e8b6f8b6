"""Handlers land on the tab with work waiting: assigned to me, then my department's incoming,
then my follow-ups (callbacks)."""

from django.urls import reverse

from cases import services


def landing_tab(client):
    return client.get(reverse("cases:my_cases")).context["tab"]


def test_a_handler_with_an_assigned_case_lands_on_assigned(login, org, in_handling):
    assert landing_tab(login(org.handler)) == "assigned"


def test_a_handler_with_only_incoming_work_lands_on_incoming(login, org, transferred):
    assert landing_tab(login(org.handler)) == "incoming"


def test_a_clerk_with_callbacks_waiting_lands_on_follow_up(login, org, resolved):
    assert landing_tab(login(org.clerk)) == "follow_up"


def test_assigned_work_comes_before_incoming(login, org, register, in_handling):
    other = register()
    services.case_transfer(case=other, by=org.clerk.user, to_department=org.social)

    assert landing_tab(login(org.handler)) == "assigned"


def test_a_chosen_tab_is_kept(login, org, in_handling):
    response = login(org.handler).get(reverse("cases:my_cases"), {"tab": "follow_up"})

    assert response.context["tab"] == "follow_up"
