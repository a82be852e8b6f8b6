import pytest

from cases import services
from cases.choices import Outcome, State
from cases.errors import InvalidInput
from cases.models import Case
from cases.services import Route


def route(org, route, **routing):
    return services.case_register_and_route(
        route=route,
        routing=routing,
        by=org.clerk.user,
        channel="visit",
        kind="consultation",
        matter_text="问路：社保卡在哪里办",
        person={"name": "市民乙"},
    )


def test_handle_now_resolves_on_the_spot(org):
    case = route(org, Route.HANDLE_NOW, outcome=Outcome.ANSWERED, result="已当场解答")

    assert case.state == State.RESOLVED
    assert case.outcome == Outcome.ANSWERED
    assert case.transfers.count() == 0


def test_one_time_notice_closes_with_the_complete_materials_list(org):
    case = route(org, Route.ONE_TIME_NOTICE, notification_text="身份证原件\n户口簿")

    assert case.state == State.RESOLVED
    assert case.outcome == Outcome.ONE_TIME_NOTIFIED
    assert "户口簿" in case.notification_text


def test_one_time_notice_without_a_list_is_refused(org):
    with pytest.raises(InvalidInput) as error:
        route(org, Route.ONE_TIME_NOTICE, notification_text=" ")

    assert error.value.field == "notification_text"
    assert not Case.objects.exists()


def test_refer_out_records_the_external_agency(org):
    case = route(org, Route.REFER_OUT, referred_to=org.agency, result="请到不动产登记中心办理")

    assert case.state == State.RESOLVED
    assert case.referred_to == org.agency


def test_refer_out_without_an_agency_saves_nothing(org):
    with pytest.raises(InvalidInput):
        route(org, Route.REFER_OUT, result="请到外单位办理")

    assert not Case.objects.exists()


def test_transfer_goes_to_the_matters_department(org, register):
    case = services.case_register_and_route(
        route=Route.TRANSFER,
        by=org.clerk.user,
        channel="visit",
        kind="application",
        matter_text="申请低保",
        matter=org.matter,
    )

    assert case.state == State.TRANSFERRED
    assert case.current_department == org.social


def test_an_unclear_matter_goes_to_the_supervising_office(org):
    case = route(org, Route.TRANSFER)

    assert case.current_department == org.office


def test_an_unknown_route_is_refused(org):
    with pytest.raises(InvalidInput):
        route(org, "teleport")


def test_a_transfer_at_the_desk_is_one_history_row_and_two_timeline_lines(org):
    case = services.case_register_and_route(
        route=Route.TRANSFER,
        by=org.clerk.user,
        channel="phone",
        kind="complaint",
        matter_text="投诉窗口推诿",
        routing={"to_department": org.civil, "assisting": [org.social], "note": "请核实"},
    )

    assert case.history.count() == 1
    assert case.history.get().state == State.TRANSFERRED
    assert list(case.events.order_by("pk").values_list("action", "from_state", "to_state")) == [
        ("register", "", State.REGISTERED),
        ("transfer", State.REGISTERED, State.TRANSFERRED),
    ]
    lead = case.current_transfer
    assert (lead.to_department, lead.from_department) == (org.civil, org.reception)
    assert case.transfers.filter(role="assisting", to_department=org.social).exists()


def test_a_refused_transfer_at_the_desk_registers_nothing(org):
    with pytest.raises(InvalidInput):
        services.case_register_and_route(
            route=Route.TRANSFER,
            by=org.clerk.user,
            channel="phone",
            kind="complaint",
            matter_text="x",
            routing={"to_department": org.reception},
        )

    assert not Case.objects.exists()
