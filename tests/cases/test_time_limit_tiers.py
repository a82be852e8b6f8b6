"""Which tier of a policy's limits applies is chosen by the case (SPEC time-limit table, seed
004 §7: own duty 2, department 3, several departments 7, leadership approval 10 working days;
seed 004: the overall night duty is on site within 10 minutes)."""

import datetime as dt

import pytest
from django.utils.translation import gettext

from cases import services
from cases.choices import Stage
from cases.models import Case, TimeLimitPolicy
from cases.timelimits.presets import load_time_limit_preset
from departments.models.roster import DutyRole, Shift
from tests.cases.conftest import T0
from tests.cases.time_limits import MIN, WD, H, at, make_policy
from tests.factories import DutyRosterFactory, MatterFactory


@pytest.fixture
def policy(org):
    return make_policy(
        org.organisation,
        forward=(2, WD),
        resolve=(3, WD),
        joint_resolve=(7, WD),
        own_duty=(2, WD),
        approval_resolve=(10, WD),
        night_duty=(10, MIN),
    )


def reload(case):
    return Case.objects.select_related("current_clock").get(pk=case.pk)


def signed_for(org, case, **accept):
    services.case_accept(case=reload(case), by=org.handler.user, at=T0, **accept)
    return reload(case)


def test_a_department_case_gets_the_department_limit(org, policy, register):
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, at=T0)

    clock = signed_for(org, case).current_clock

    assert (clock.limit, clock.due_at) == (3, at(2026, 11, 26, 17, 30))


def test_a_case_needing_leadership_approval_gets_ten_working_days(org, policy, register):
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, at=T0)

    case = signed_for(org, case, needs_approval=True)

    assert case.needs_approval
    assert (case.current_clock.limit, case.current_clock.due_at) == (10, at(2026, 12, 7, 17, 30))
    # The note is written in the language active at the time, as the timeline shows it.
    approval_note = gettext("Needs leadership approval: the longer time limit applies.")
    assert approval_note in case.events.get(action="accept").note


def test_leadership_approval_outranks_several_departments(org, policy, register):
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, assisting=[org.civil], at=T0)

    assert signed_for(org, case, needs_approval=True).current_clock.limit == 10


def test_a_matter_of_the_first_inquiry_persons_own_duties_gets_the_own_duty_limit(
    org, policy, register
):
    own_matter = MatterFactory(organisation=org.organisation, department=org.reception)
    other = reload(register(at=T0))
    own = reload(register(matter=own_matter, at=T0))

    assert (other.current_clock.stage, other.current_clock.limit) == (Stage.FORWARD, 2)
    assert own.current_clock.limit == 2
    assert own.current_clock.tier == "own_duty"
    assert other.current_clock.tier == ""


def test_own_duty_uses_its_own_limit_when_it_differs(org, register):
    make_policy(org.organisation, forward=(1, WD), own_duty=(2, WD))
    own_matter = MatterFactory(organisation=org.organisation, department=org.reception)

    own = reload(register(matter=own_matter, at=T0))

    assert (own.current_clock.limit, own.current_clock.due_at) == (2, at(2026, 11, 25, 17, 30))


def test_the_overall_night_duty_is_on_site_within_ten_minutes(org, policy, register):
    night = at(2026, 11, 23, 22, 15)
    DutyRosterFactory(
        staff=org.clerk, date=dt.date(2026, 11, 23), shift=Shift.NIGHT, role=DutyRole.OVERALL
    )

    on_duty = reload(register(at=night))
    by_day = reload(register(at=T0))

    assert (on_duty.current_clock.limit, on_duty.current_clock.unit) == (10, MIN)
    assert on_duty.current_clock.due_at == night + dt.timedelta(minutes=10)
    assert by_day.current_clock.limit == 2


def test_without_a_tier_limit_the_stage_limit_applies(org, register):
    make_policy(org.organisation, resolve=(3, WD))
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, at=T0)

    assert signed_for(org, case, needs_approval=True).current_clock.limit == 3


def test_the_sign_for_form_asks_whether_leadership_approval_is_needed(
    client, org, policy, register
):
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, at=T0)
    case.refresh_from_db()
    client.force_login(org.handler.user)

    response = client.post(
        f"/work/cases/{case.pk}/act/accept/",
        {
            "accept-version": case.version,
            "accept-handler": org.handler.pk,
            "accept-needs_approval": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:500]
    assert reload(case).current_clock.limit == 10


def test_the_municipal_preset_has_every_tier_of_the_regulations(organisation):
    load_time_limit_preset(organisation, "municipal")
    default = TimeLimitPolicy.objects.get(organisation=organisation, kind="", channel="")

    assert default.limit_for(Stage.FORWARD, tier="own_duty") == (2, WD)
    assert default.limit_for(Stage.RESOLVE) == (3, WD)
    assert default.limit_for(Stage.RESOLVE, tier="joint") == (7, WD)
    assert default.limit_for(Stage.RESOLVE, tier="approval") == (10, WD)
    assert default.limit_for(Stage.FORWARD, tier="night_duty") == (10, MIN)
    complaints = TimeLimitPolicy.objects.get(organisation=organisation, kind="complaint")
    assert complaints.limit_for(Stage.RESOLVE, tier="joint") == (5, WD)  # initial conclusion
    assert complaints.limit_for(Stage.RESOLVE, tier="approval") == (10, WD)


def test_the_telecom_preset_answers_web_inquiries_in_two_working_days(organisation):
    policies = load_time_limit_preset(organisation, "telecom")
    web = [p for p in policies if p.channel == "web"]

    assert [p.limit_for(Stage.RESOLVE) for p in web] == [(2, WD)]
    default = next(p for p in policies if not p.channel and not p.kind)
    assert default.limit_for(Stage.FORWARD, tier="night_duty") == (10, MIN)


def test_the_property_preset_replies_within_24_hours_when_unsure(organisation):
    policies = load_time_limit_preset(organisation, "property")

    consultations = next(p for p in policies if p.kind == "consultation")

    assert consultations.limit_for(Stage.RESOLVE) == (24, H)  # seed 000: 回复时间不能超过24小时


def test_a_reclassified_case_keeps_its_leadership_approval_tier(org, policy, register):
    street_lights = MatterFactory(organisation=org.organisation, department=org.social)
    make_policy(
        org.organisation,
        name="路灯",
        matter=street_lights,
        resolve=(5, WD),
        approval_resolve=(15, WD),
    )
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, at=T0)
    signed_for(org, case, needs_approval=True)

    services.case_reclassify(
        case=reload(case),
        by=org.handler.user,
        matter=street_lights,
        kind=case.kind,
        reason="实为路灯报修",
        at=T0 + dt.timedelta(hours=1),
    )

    clock = reload(case).current_clock
    assert (clock.tier, clock.limit) == ("approval", 15)
