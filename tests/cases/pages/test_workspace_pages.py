from django.urls import reverse

from cases import services
from cases.choices import State

MY_CASES = reverse("cases:my_cases")
QUEUE = reverse("cases:queue")


def numbers(response):
    return [case.number for case in response.context["page"]]


def test_my_cases_follow_up_lists_what_i_registered(login, org, transferred):
    response = login(org.clerk).get(MY_CASES)

    assert response.context["tab"] == "follow_up"
    assert numbers(response) == [transferred.number]


def test_incoming_lists_my_departments_transfers_waiting_for_a_handler(login, org, transferred):
    client = login(org.handler)

    assert numbers(client.get(MY_CASES, {"tab": "incoming"})) == [transferred.number]
    assert numbers(client.get(MY_CASES, {"tab": "assigned"})) == []


def test_assigned_lists_the_cases_i_handle(login, org, in_handling):
    client = login(org.handler)

    assert numbers(client.get(MY_CASES, {"tab": "assigned"})) == [in_handling.number]
    assert numbers(client.get(MY_CASES, {"tab": "incoming"})) == []
    counts = {name: count for name, _label, count in client.get(MY_CASES).context["tabs"]}
    assert counts == {"follow_up": 0, "assigned": 1, "incoming": 0}


def test_another_departments_cases_are_in_none_of_my_lists(login, org, transferred):
    client = login(org.civil_handler)

    for tab in ("follow_up", "assigned", "incoming"):
        assert numbers(client.get(MY_CASES, {"tab": tab})) == []


def test_the_list_filters_by_state_kind_and_number(login, org, register, transferred):
    other = register(kind="complaint", matter_text="投诉窗口态度")
    client = login(org.clerk)

    assert numbers(client.get(MY_CASES, {"state": "transferred"})) == [transferred.number]
    assert numbers(client.get(MY_CASES, {"kind": "complaint"})) == [other.number]
    assert numbers(client.get(MY_CASES, {"q": other.number.lower()})) == [other.number]
    assert numbers(client.get(MY_CASES, {"q": "态度"})) == [other.number]


def test_bad_list_parameters_never_fail(login, org, transferred):
    client = login(org.clerk)

    for params in ({"page": "abc"}, {"page": "999"}, {"tab": "x", "state": "x", "kind": "'"}):
        assert client.get(MY_CASES, params).status_code == 200


def test_the_queue_is_for_heads_only(login, org):
    assert login(org.handler).get(QUEUE).status_code == 403
    assert login(org.social_head).get(QUEUE).status_code == 200


def test_a_head_sees_the_departments_waiting_cases(login, org, transferred):
    response = login(org.social_head).get(QUEUE)

    assert response.context["chosen"] == [org.social]
    assert numbers(response) == [transferred.number]


def test_bulk_assign_signs_for_waiting_cases_and_reassigns_signed_ones(
    login, org, register, transferred
):
    second = register()
    services.case_transfer(case=second, by=org.clerk.user)
    second.refresh_from_db()
    services.case_accept(case=second, by=org.social_clerk.user)
    second.refresh_from_db()

    response = login(org.social_head).post(
        QUEUE + "?view=waiting",
        {
            "cases": [f"{transferred.pk}:{transferred.version}", f"{second.pk}:{second.version}"],
            "handler": org.handler.pk,
        },
    )

    assert response.status_code == 302
    for case in (transferred, second):
        case.refresh_from_db()
        assert case.handler == org.handler
        assert case.accepted_at is not None


def test_bulk_assign_skips_a_case_changed_since_the_page_was_read(login, org, transferred):
    stale = transferred.version
    services.case_accept(case=transferred, by=org.social_clerk.user)

    response = login(org.social_head).post(
        QUEUE, {"cases": [f"{transferred.pk}:{stale}"], "handler": org.handler.pk}, follow=True
    )

    messages = [str(m) for m in response.context["messages"]]
    assert any(transferred.number in m for m in messages)
    transferred.refresh_from_db()
    assert transferred.handler == org.social_clerk


def test_bulk_assign_cannot_reach_another_departments_case(login, org, register):
    foreign = register()
    services.case_transfer(case=foreign, by=org.clerk.user, to_department=org.civil)
    foreign.refresh_from_db()

    login(org.social_head).post(
        QUEUE, {"cases": [f"{foreign.pk}:{foreign.version}"], "handler": org.handler.pk}
    )

    foreign.refresh_from_db()
    assert foreign.state == State.TRANSFERRED
    assert foreign.handler is None


def test_bulk_assign_refuses_malformed_input_without_failing(login, org, transferred):
    client = login(org.social_head)

    for data in (
        {"cases": ["1;DROP TABLE"], "handler": org.handler.pk},
        {"cases": [], "handler": org.handler.pk},
        {"cases": [f"{transferred.pk}:{transferred.version}"], "handler": org.civil_handler.pk},
        {"cases": [f"{transferred.pk}:{transferred.version}"], "handler": "x"},
    ):
        assert client.post(QUEUE, data).status_code in (200, 302)
    transferred.refresh_from_db()
    assert transferred.handler is None
