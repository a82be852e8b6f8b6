"""Reclassifying a wrong matter and kind (更正事项): by the handling department or the
supervising office, with a reason, on the timeline and in the history; deadlines follow the
new matter's policy from then on and never shorten what the person was promised."""

import pytest
from django.urls import reverse

from cases import services
from cases.choices import EventAction, Kind, State
from cases.errors import ActionNotAllowed, InvalidInput
from cases.timelimits.clocks import promised_resolution
from tests.cases.conftest import later
from tests.cases.time_limits import WD, make_policy
from tests.factories import MatterFactory


def reload(case):
    case.refresh_from_db()
    return case


@pytest.fixture
def street_lights(org):
    return MatterFactory(organisation=org.organisation, department=org.civil_b, name="路灯报修")


def test_the_handling_department_reclassifies_with_a_reason(org, in_handling, street_lights):
    services.case_reclassify(
        case=in_handling,
        by=org.handler.user,
        matter=street_lights,
        kind=Kind.REPORT,
        reason="市民反映的是路灯不亮，不是市场事项",
        at=later(40),
    )

    case = reload(in_handling)
    assert (case.matter, case.kind) == (street_lights, Kind.REPORT)
    event = case.events.get(action=EventAction.RECLASSIFY)
    assert "路灯报修" in event.note and "路灯不亮" in event.note
    assert event.actor == org.handler
    latest = case.history.first()
    assert latest.matter_id == street_lights.pk
    assert latest.history_user == org.handler.user
    assert case.history.filter(matter_id=org.matter.pk).exists()


def test_a_reclassification_needs_a_reason_and_a_change(org, in_handling, street_lights):
    with pytest.raises(InvalidInput) as error:
        services.case_reclassify(
            case=in_handling, by=org.handler.user, matter=street_lights, kind="", reason=" "
        )
    assert error.value.field in ("reason", "kind")
    with pytest.raises(InvalidInput):
        services.case_reclassify(
            case=in_handling,
            by=org.handler.user,
            matter=in_handling.matter,
            kind=in_handling.kind,
            reason="无变化",
        )
    assert reload(in_handling).matter == org.matter


def test_only_the_handling_department_and_the_supervising_office_reclassify(
    org, in_handling, street_lights
):
    with pytest.raises(ActionNotAllowed):
        services.case_reclassify(
            case=in_handling,
            by=org.civil_handler.user,
            matter=street_lights,
            kind=in_handling.kind,
            reason="不是我们的案件",
        )

    services.case_reclassify(
        case=in_handling,
        by=org.supervisor.user,
        matter=street_lights,
        kind=in_handling.kind,
        reason="督办更正",
    )
    assert reload(in_handling).matter == street_lights


def test_the_running_deadline_follows_a_longer_new_policy(org, register, street_lights):
    make_policy(org.organisation, resolve=(3, WD))
    make_policy(org.organisation, name="路灯", matter=street_lights, resolve=(10, WD))
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, at=later(10))
    services.case_accept(case=reload(case), by=org.handler.user, at=later(20))
    before = reload(case).current_clock.due_at

    services.case_reclassify(
        case=reload(case),
        by=org.handler.user,
        matter=street_lights,
        kind=case.kind,
        reason="路灯",
        at=later(30),
    )

    clock = reload(case).current_clock
    assert clock.due_at > before
    assert (clock.limit, clock.unit) == (10, WD)


def test_a_shorter_new_policy_never_shortens_the_promise(org, register, street_lights):
    make_policy(org.organisation, resolve=(10, WD))
    make_policy(org.organisation, name="路灯", matter=street_lights, resolve=(1, WD))
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, at=later(10))
    promised = promised_resolution(reload(case))

    services.case_reclassify(
        case=reload(case),
        by=org.supervisor.user,
        matter=street_lights,
        kind=case.kind,
        reason="路灯",
        at=later(15),
    )
    assert promised_resolution(reload(case)) == promised
    services.case_accept(case=reload(case), by=org.handler.user, at=later(20))

    case = reload(case)
    assert case.state == State.TRANSFERRED
    assert case.current_clock.due_at >= promised
    assert promised_resolution(case) >= promised


def test_a_department_that_has_not_signed_for_it_may_not_reclassify(
    org, transferred, street_lights
):
    with pytest.raises(ActionNotAllowed):
        services.case_reclassify(
            case=transferred,
            by=org.handler.user,
            matter=street_lights,
            kind=transferred.kind,
            reason="还没签收",
        )


def test_the_case_page_offers_reclassification_to_the_handler(
    login, org, in_handling, street_lights
):
    client = login(org.handler)
    page = client.get(reverse("cases:case", args=[in_handling.pk]))
    assert "reclassify" in dict(page.context["action_forms"])

    response = client.post(
        reverse("cases:case_action", args=[in_handling.pk, "reclassify"]),
        {
            "reclassify-version": in_handling.version,
            "reclassify-matter": street_lights.pk,
            "reclassify-kind": Kind.REPORT,
            "reclassify-reason": "路灯不亮",
        },
    )

    assert response.status_code == 302
    assert reload(in_handling).matter == street_lights
