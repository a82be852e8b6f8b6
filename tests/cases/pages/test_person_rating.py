"""好差评: the person rates a resolved case once, on the lookup page or by the signed link;
a bad rating reaches the supervising office, which has it handled again or closes the
review; ratings count in the satisfaction figures instead of the callback's answer."""

import datetime as dt

import pytest
from django.core import signing
from django.urls import reverse

from cases import ratelimit, services
from cases.choices import EventAction, ReviewStatus, State
from cases.errors import ActionNotAllowed, InvalidInput
from cases.forms.actions import available_actions
from cases.models import Case, Rating
from cases.services.rating import case_for_token
from firstask.models import OutboxMessage
from penalties import metrics
from penalties.periods import month_of
from tests.cases.conftest import later
from tests.cases.time_limits import make_policy


def reload(case):
    return Case.objects.get(pk=case.pk)


def lookup(client, case, **extra):
    return client.get(
        reverse("public:lookup", args=[case.organisation.code]),
        {"number": case.number, "code": case.query_code},
        **extra,
    )


def rate(client, case, satisfaction, comment="", remote_addr="127.0.0.1", **identity):
    identity = identity or {"number": case.number, "code": case.query_code}
    return client.post(
        reverse("public:rate", args=[case.organisation.code]),
        {"satisfaction": satisfaction, "comment": comment, **identity},
        REMOTE_ADDR=remote_addr,
    )


def test_the_lookup_offers_the_rating_once_the_case_is_resolved(client, org, transferred):
    assert 'id="rating-form"' not in lookup(client, transferred).content.decode()

    services.case_accept(case=transferred, by=org.handler.user, at=later(20))
    services.case_resolve(
        case=reload(transferred),
        by=org.handler.user,
        outcome="handled",
        result="已办",
        at=later(30),
    )

    page = lookup(client, transferred).content.decode()
    assert 'id="rating-form"' in page
    assert "非常不满意" in page


def test_a_rating_is_recorded_once_and_is_on_the_timeline(client, org, resolved):
    response = rate(client, resolved, "very_satisfied", "办事很快")

    assert response.status_code == 200
    assert 'id="rating-done"' in response.content.decode()
    rating = Rating.objects.get(case=resolved)
    assert (rating.satisfaction, rating.comment, rating.round) == ("very_satisfied", "办事很快", 1)
    assert rating.review_status == ReviewStatus.NONE
    line = resolved.events.get(action=EventAction.PERSON_RATED)
    assert "办事很快" in line.note and line.actor is None
    assert reload(resolved).state == State.RESOLVED  # the callback still follows

    again = rate(client, resolved, "very_dissatisfied")
    assert 'id="rating-refused"' in again.content.decode()
    assert Rating.objects.filter(case=resolved).count() == 1
    assert 'id="lookup-rating"' in lookup(client, resolved).content.decode()


def test_a_wrong_query_code_rates_nothing_and_counts_as_a_failed_lookup(client, org, resolved):
    for _ in range(ratelimit.FAILED_LOOKUPS.limit):
        response = rate(client, resolved, "satisfied", number=resolved.number, code="BADCODE1")
        assert response.status_code == 404

    assert rate(client, resolved, "satisfied").status_code == 429
    assert not Rating.objects.exists()


def test_ratings_sent_are_throttled_per_address(client, org, resolved):
    for _ in range(ratelimit.RATINGS.limit):
        rate(client, resolved, "satisfied")

    assert rate(client, resolved, "satisfied").status_code == 429
    assert rate(client, resolved, "satisfied", remote_addr="10.0.0.9").status_code != 429


def test_bad_input_is_refused_with_a_message(client, org, resolved):
    assert rate(client, resolved, "unreachable").status_code == 400
    assert rate(client, resolved, "satisfied", "很" * 501).status_code == 400
    with pytest.raises(InvalidInput):
        services.case_rate_by_person(case=resolved, satisfaction="satisfied", comment="x" * 600)
    assert not Rating.objects.exists()


def test_the_signed_link_rates_without_the_query_code(client, org, resolved):
    url = services.rating_url(resolved, "https://firstask.example.cn")
    assert url.startswith("https://firstask.example.cn/p/")
    path = url.removeprefix("https://firstask.example.cn")

    page = client.get(path)
    assert 'id="rating-form"' in page.content.decode()
    token = page.context["form"].initial["t"]
    assert rate(client, resolved, "satisfied", t=token).status_code == 200
    assert Rating.objects.get(case=resolved).satisfaction == "satisfied"


def test_a_tampered_or_foreign_link_names_no_case(client, org, resolved):
    token = services.rating_url(resolved).split("t=")[1]
    assert client.get(reverse("public:rate", args=["ZZ"]), {"t": token}).status_code == 404
    response = client.get(reverse("public:rate", args=[org.organisation.code]), {"t": "x" + token})
    assert response.status_code == 404
    forged = signing.dumps([org.organisation.code, resolved.number, 1], salt="other")
    assert case_for_token(org.organisation, forged) is None


def test_a_bad_rating_reaches_the_supervising_office(client, org, resolved):
    rate(client, resolved, "very_dissatisfied", "答复敷衍")

    rating = Rating.objects.get(case=resolved)
    assert rating.review_status == ReviewStatus.OPEN
    notices = OutboxMessage.objects.filter(topic="cases.tasks.send_case_notice")
    assert ["person_rating", rating.pk] in [notice.payload["args"] for notice in notices]
    offered = {name for name, _form in available_actions(reload(resolved), org.supervisor.user)}
    assert {"redo", "close_rating_review"} <= offered
    handler_offered = {name for name, _ in available_actions(reload(resolved), org.handler.user)}
    assert not {"redo", "close_rating_review"} & handler_offered


def test_the_office_has_it_handled_again_with_a_new_promise(client, org, resolved):
    make_policy(org.organisation)
    rate(client, resolved, "dissatisfied", "问题没有解决")
    with pytest.raises(ActionNotAllowed):
        services.case_redo(case=reload(resolved), by=org.handler.user, note="重办")

    services.case_redo(
        case=reload(resolved), by=org.supervisor.user, note="重新核实", at=later(200)
    )

    case = reload(resolved)
    assert (case.state, case.round, case.current_department) == (State.TRANSFERRED, 2, org.social)
    assert case.promised_by > later(200) and case.promise_reason
    notices = OutboxMessage.objects.filter(topic="cases.tasks.send_person_notice")
    assert [["promise_moved", case.pk]] == [notice.payload["args"] for notice in notices]
    rating = Rating.objects.get(case=case)
    assert (rating.review_status, rating.reviewed_by) == (ReviewStatus.REDONE, org.supervisor)
    assert case.events.filter(action=EventAction.REOPEN).exists()
    # The new round may be rated again once it is resolved; the old link is spent.
    assert case_for_token(org.organisation, services.rating_url(resolved).split("t=")[1]) is None


def test_the_office_may_close_the_review_without_a_redo(client, org, resolved):
    rate(client, resolved, "dissatisfied")
    with pytest.raises(InvalidInput):
        services.rating_review_close(case=reload(resolved), by=org.supervisor.user, note=" ")

    services.rating_review_close(case=reload(resolved), by=org.supervisor.user, note="已依法答复")

    rating = Rating.objects.get(case=resolved)
    assert (rating.review_status, rating.review_note) == (ReviewStatus.CLOSED, "已依法答复")
    assert reload(resolved).state == State.RESOLVED
    assert resolved.events.filter(action=EventAction.RATING_REVIEWED).exists()


def test_satisfaction_counts_each_round_once_and_the_person_s_rating_wins(
    client, org, register, resolved
):
    services.case_call_back(
        case=reload(resolved),
        by=org.clerk.user,
        contact_result="reached",
        satisfaction="satisfied",
        at=later(120),
    )
    services.case_rate_by_person(case=reload(resolved), satisfaction="dissatisfied", at=later(130))
    other = register(at=later(5))
    services.case_resolve(
        case=other, by=org.clerk.user, outcome="answered", result="已答复", at=later(6)
    )
    services.case_call_back(
        case=reload(other),
        by=org.clerk.user,
        contact_result="reached",
        satisfaction="very_satisfied",
        at=later(7),
    )

    numbers = metrics.organisation_numbers(
        org.organisation, month_of(dt.date(2026, 11, 1)), now=later(300)
    )
    # The first case counts its person's rating, not the callback's; the second its callback.
    assert (numbers.rated, numbers.dissatisfied, numbers.satisfied) == (2, 1, 0)
    assert numbers.very_satisfied == 1


def test_a_reopening_after_a_bad_callback_also_answers_the_person_s_rating(client, org, resolved):
    rate(client, resolved, "very_dissatisfied")
    services.case_call_back(
        case=reload(resolved),
        by=org.clerk.user,
        contact_result="reached",
        satisfaction="dissatisfied",
        at=later(120),
    )

    services.case_reopen(case=reload(resolved), by=org.clerk.user, note="重新办理", at=later(130))

    rating = Rating.objects.get(case=resolved)
    assert (rating.review_status, rating.reviewed_by) == (ReviewStatus.REDONE, org.clerk)


def test_the_rating_page_speaks_chinese(client, org, resolved):
    page = client.get(services.rating_url(resolved)).content.decode()

    expected = ("评价本次办理", "非常满意", "非常不满意", "意见建议（选填）", "提交评价")
    for text in expected:
        assert text in page
    assert "Rate the handling" not in page
    assert "Send my rating" not in page
