"""Stage clocks follow the case through the service layer, with deadlines from the policy."""

import datetime as dt

import pytest
from django.core.management import call_command

from cases import services
from cases.choices import Satisfaction, Stage
from cases.models import Case, StageClock
from cases.services.registration import Route
from tests.cases.conftest import T0, later
from tests.cases.time_limits import CD, MIN, WD, at, make_policy


@pytest.fixture
def policy(org):
    return make_policy(org.organisation, joint_resolve=(7, WD))


def reload(case):
    return Case.objects.select_related("current_clock").get(pk=case.pk)


def clocks(case):
    return list(
        StageClock.objects.filter(case=case)
        .order_by("started_at", "pk")
        .values_list("stage", "started_at", "met_at")
    )


def test_registration_starts_the_forward_clock_at_the_registration_moment(org, policy, register):
    case = reload(register())

    clock = case.current_clock
    assert (clock.stage, clock.started_at, clock.department) == (Stage.FORWARD, T0, org.reception)
    assert clock.responsible == org.clerk
    # Monday 09:00 + 2 working days: closing time on Wednesday; warned at 75 % of office time
    assert clock.due_at == at(2026, 11, 25, 17, 30)
    assert clock.warn_at == at(2026, 11, 25, 10, 52, 30)
    assert (clock.limit, clock.unit, clock.policy) == (2, WD, policy)


def test_each_stage_ends_where_the_next_begins_and_signing_for_starts_the_resolve_clock(
    org, policy, register
):
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, at=later(10))
    sign_for = reload(case).current_clock
    services.case_accept(case=reload(case), by=org.handler.user, at=later(60 * 30))
    resolve = reload(case).current_clock
    services.case_resolve(
        case=reload(case), by=org.handler.user, outcome="handled", result="已办", at=later(60 * 50)
    )
    callback = reload(case).current_clock
    services.case_call_back(
        case=reload(case),
        by=org.clerk.user,
        contact_result="reached",
        satisfaction=Satisfaction.SATISFIED,
        at=later(60 * 52),
    )

    assert reload(case).current_clock is None
    assert clocks(case) == [
        (Stage.FORWARD, T0, later(10)),
        (Stage.SIGN_FOR, later(10), later(60 * 30)),
        (Stage.RESOLVE, later(60 * 30), later(60 * 50)),
        (Stage.CALLBACK, later(60 * 50), later(60 * 52)),
    ]
    assert (sign_for.department, sign_for.responsible) == (org.social, None)
    assert sign_for.due_at == at(2026, 11, 24, 17, 30)  # 1 working day
    # signed for on Tuesday 15:00: 3 working days from then, not from the transfer
    assert (resolve.responsible, resolve.due_at) == (org.handler, at(2026, 11, 27, 17, 30))
    assert (callback.department, callback.responsible) == (org.reception, org.clerk)


def test_a_transfer_with_assisting_departments_gets_the_multi_department_limit(
    org, policy, register
):
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, assisting=[org.civil], at=T0)
    services.case_accept(case=reload(case), by=org.handler.user, at=T0)

    assert reload(case).current_clock.due_at == at(2026, 12, 2, 17, 30)  # 7 working days


def test_a_return_ends_the_sign_for_clock_and_restarts_the_forward_clock(org, policy, register):
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, at=later(10))
    services.case_return(
        case=reload(case), by=org.handler.user, reason="非本科职责", duty_item=None, at=later(20)
    )

    clock = reload(case).current_clock
    assert (clock.stage, clock.started_at, clock.department) == (
        Stage.FORWARD,
        later(20),
        org.reception,
    )
    assert StageClock.objects.filter(case=case, met_at__isnull=True).count() == 1


def test_a_new_handler_becomes_responsible_for_the_running_clock(org, policy, in_handling):
    before = reload(in_handling).current_clock

    services.case_assign_handler(
        case=in_handling, by=org.social_head.user, handler=org.social_clerk, at=later(30)
    )

    after = reload(in_handling).current_clock
    assert after.pk == before.pk
    assert after.responsible == org.social_clerk


def test_reopening_starts_a_new_round_of_clocks(org, policy, resolved):
    services.case_call_back(
        case=resolved,
        by=org.clerk.user,
        contact_result="reached",
        satisfaction=Satisfaction.DISSATISFIED,
        at=later(100),
    )
    services.case_reopen(case=reload(resolved), by=org.clerk.user, note="重办", at=later(110))

    clock = reload(resolved).current_clock
    assert (clock.round, clock.stage, clock.department) == (2, Stage.SIGN_FOR, org.social)


def test_a_case_answered_at_the_desk_has_no_forward_clock_only_the_callback(org, policy):
    case = services.case_register_and_route(
        route=Route.HANDLE_NOW,
        routing={"outcome": "answered", "result": "当场答复"},
        by=org.clerk.user,
        channel="visit",
        kind="consultation",
        matter_text="问办事时间",
        at=T0,
    )

    assert [stage for stage, *_ in clocks(case)] == [Stage.CALLBACK]


def test_a_case_transferred_at_the_desk_starts_with_the_sign_for_clock(org, policy):
    case = services.case_register_and_route(
        route=Route.TRANSFER,
        routing={"to_department": org.social},
        by=org.clerk.user,
        channel="visit",
        kind="application",
        matter_text="申请低保",
        at=T0,
    )

    case = reload(case)
    assert case.current_clock.stage == Stage.SIGN_FOR
    assert [stage for stage, *_ in clocks(case)] == [Stage.SIGN_FOR]


def test_a_merged_duplicate_stops_its_own_clock(org, policy, register, in_handling):
    duplicate = register(matter_text="又来问低保")

    services.case_merge(duplicate=duplicate, main=in_handling, by=org.supervisor.user, at=later(40))

    assert reload(duplicate).current_clock is None
    assert not StageClock.objects.filter(case=duplicate, met_at__isnull=True).exists()


def test_without_a_policy_stages_are_recorded_without_deadlines(org, register):
    clock = reload(register()).current_clock

    assert clock.stage == Stage.FORWARD
    assert (clock.due_at, clock.warn_at, clock.policy) == (None, None, None)


@pytest.mark.parametrize(
    ("limit", "start", "due", "warn"),
    [
        ((30, MIN), at(2026, 11, 23, 9), at(2026, 11, 23, 9, 30), at(2026, 11, 23, 9, 22, 30)),
        ((30, CD), at(2026, 11, 23, 9), at(2026, 12, 24, 0), at(2026, 12, 16, 8, 15)),
        # registered after closing on the eve of National Day: the holiday does not count
        ((2, WD), at(2026, 9, 30, 18), at(2026, 10, 9, 17, 30), at(2026, 10, 9, 13)),
    ],
)
def test_deadline_and_warning_point_per_unit(org, register, limit, start, due, warn):
    make_policy(org.organisation, forward=limit)

    clock = reload(register(at=start)).current_clock

    assert (clock.due_at, clock.warn_at) == (due, warn)


def test_the_most_specific_policy_decides(org, register):
    make_policy(org.organisation, name="默认", forward=(2, WD))
    make_policy(org.organisation, name="投诉", kind="complaint", forward=(1, WD))
    make_policy(org.organisation, name="低保", matter=org.matter, forward=(30, MIN))

    complaint = reload(register(kind="complaint", matter=None)).current_clock
    about_the_matter = reload(register(kind="complaint")).current_clock

    assert complaint.policy.name == "投诉"
    assert about_the_matter.policy.name == "低保"
    assert about_the_matter.due_at == T0 + dt.timedelta(minutes=30)


def test_cases_from_before_time_limits_get_their_clock_from_their_own_record(org, policy, register):
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, at=later(10))
    services.case_accept(case=reload(case), by=org.handler.user, at=later(30))
    # As if registered before this release: no running clock.
    Case.objects.filter(pk=case.pk).update(current_clock=None)
    StageClock.objects.filter(case=case).update(met_at=later(30))

    call_command("start_stage_clocks")
    call_command("start_stage_clocks")

    clock = reload(case).current_clock
    assert (clock.stage, clock.started_at, clock.responsible) == (
        Stage.RESOLVE,
        later(30),
        org.handler,
    )
    assert StageClock.objects.filter(case=case, met_at__isnull=True).count() == 1
