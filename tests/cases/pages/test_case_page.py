from django.urls import reverse

from cases import services
from cases.choices import State


def case_url(case):
    return reverse("cases:case", args=[case.pk])


def act_url(case, action):
    return reverse("cases:case_action", args=[case.pk, action])


def test_a_handler_cannot_open_another_departments_case(login, org, transferred):
    client = login(org.civil_handler)

    assert client.get(case_url(transferred)).status_code == 404
    assert client.get(reverse("cases:receipt", args=[transferred.pk])).status_code == 404
    response = client.post(act_url(transferred, "accept"), {"accept-version": transferred.version})
    assert response.status_code == 404


def test_the_page_offers_exactly_the_users_available_actions(login, org, transferred):
    response = login(org.handler).get(case_url(transferred))

    assert response.status_code == 200
    assert [name for name, _form in response.context["action_forms"]] == [
        "accept",
        "return_transfer",
    ]


def test_signing_for_a_case_runs_the_service(login, org, transferred):
    response = login(org.handler).post(
        act_url(transferred, "accept"),
        {"accept-version": transferred.version, "accept-handler": org.handler.pk},
    )

    assert response.status_code == 302
    transferred.refresh_from_db()
    assert transferred.handler == org.handler
    assert transferred.accepted_at is not None


def test_a_return_without_a_reason_is_refused_next_to_the_field(login, org, transferred):
    response = login(org.handler).post(
        act_url(transferred, "return_transfer"),
        {"return_transfer-version": transferred.version, "return_transfer-reason": " "},
    )

    assert response.status_code == 400
    assert response.context["open_action"] == "return_transfer"
    forms = dict(response.context["action_forms"])
    assert "reason" in forms["return_transfer"].errors
    transferred.refresh_from_db()
    assert transferred.state == State.TRANSFERRED


def test_a_form_read_before_someone_else_acted_is_told_the_case_changed(login, org, transferred):
    old = transferred.version
    services.case_accept(case=transferred, by=org.social_clerk.user)

    response = login(org.social_head).post(
        act_url(transferred, "assign_handler"),
        {"assign_handler-version": old, "assign_handler-handler": org.handler.pk},
    )

    assert response.status_code == 400
    assert "version" in dict(response.context["action_forms"])["assign_handler"].errors
    transferred.refresh_from_db()
    assert transferred.handler == org.social_clerk


def test_an_action_the_user_may_not_take_is_refused_with_a_message(login, org, transferred):
    response = login(org.clerk).post(
        act_url(transferred, "accept"), {"accept-version": transferred.version}, follow=True
    )

    assert response.redirect_chain[-1][0] == case_url(transferred)
    transferred.refresh_from_db()
    assert transferred.accepted_at is None


def test_an_unknown_action_is_not_found(login, org, transferred):
    response = login(org.handler).post(act_url(transferred, "explode"), {})

    assert response.status_code == 404


def test_the_action_address_takes_no_get(login, org, transferred):
    assert login(org.handler).get(act_url(transferred, "accept")).status_code == 405


def test_resolving_and_calling_back_through_the_page(login, org, in_handling):
    login(org.handler).post(
        act_url(in_handling, "resolve"),
        {
            "resolve-version": in_handling.version,
            "resolve-outcome": "handled",
            "resolve-result": "已办结",
        },
    )
    in_handling.refresh_from_db()
    response = login(org.clerk).post(
        act_url(in_handling, "call_back"),
        {
            "call_back-version": in_handling.version,
            "call_back-contact_result": "reached",
            "call_back-satisfaction": "satisfied",
        },
    )

    assert response.status_code == 302
    in_handling.refresh_from_db()
    assert in_handling.state == State.CALLED_BACK


def test_a_confidential_persons_identity_is_masked_for_a_handler(login, org, register):
    case = register(is_confidential=True)
    services.case_transfer(case=case, by=org.clerk.user)

    handler_page = login(org.handler).get(case_url(case)).content.decode()
    supervisor_page = login(org.supervisor).get(case_url(case)).content.decode()

    assert "13800000001" not in handler_page
    assert "市民甲" not in handler_page
    assert "13800000001" in supervisor_page


def test_the_timeline_lists_every_step(login, org, in_handling):
    response = login(org.handler).get(case_url(in_handling))

    actions = [event.action for event in response.context["events"]]
    assert actions == ["register", "transfer", "accept"]
