"""Time-limit policies: presets from the regulations, matching, and how deadlines look."""

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from cases import services
from cases.choices import LimitUnit, Stage
from cases.models import Case, StageClock, TimeLimitPolicy
from cases.timelimits.deadline_display import (
    clock_badge,
    deadline_badge,
    deadline_column,
    format_limit,
    matter_time_limit,
)
from cases.timelimits.deadlines import matching_policy
from cases.timelimits.presets import PRESETS, load_time_limit_preset
from tests.cases.time_limits import CD, MIN, WD, H, at, make_policy


def policy(kind="", channel="", matter_id=None, name=""):
    return SimpleNamespace(kind=kind, channel=channel, matter_id=matter_id, name=name)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ({"kind": "application", "channel": "visit", "matter_id": None}, "default"),
        ({"kind": "complaint", "channel": "visit", "matter_id": None}, "complaint"),
        ({"kind": "consultation", "channel": "web", "matter_id": None}, "web"),
        ({"kind": "complaint", "channel": "web", "matter_id": None}, "web complaint"),
        ({"kind": "complaint", "channel": "letter", "matter_id": None}, "letters"),
        ({"kind": "complaint", "channel": "phone", "matter_id": None}, "complaint"),
        ({"kind": "complaint", "channel": "letter", "matter_id": 7}, "matter 7"),
        ({"kind": "application", "channel": "visit", "matter_id": 8}, "default"),
    ],
)
def test_the_most_specific_policy_wins_matter_then_channel_then_kind(case, expected):
    policies = [
        policy(name="default"),
        policy(kind="complaint", name="complaint"),
        policy(channel="web", name="web"),
        policy(channel="letter", name="letters"),
        policy(kind="complaint", channel="web", name="web complaint"),
        policy(matter_id=7, name="matter 7"),
    ]

    assert matching_policy(policies, **case).name == expected


@pytest.mark.parametrize("preset", ["municipal", "bureau"])
def test_a_complaint_by_letter_gets_the_letters_and_visits_limit_not_the_complaint_limit(
    organisation, preset
):
    policies = load_time_limit_preset(organisation, preset)

    chosen = matching_policy(policies, kind="complaint", channel="letter", matter_id=None)

    assert chosen.limit_for(Stage.RESOLVE) == (30, LimitUnit.CALENDAR_DAYS)
    assert chosen.max_extension_limit == (60, LimitUnit.WORKING_DAYS)


def test_a_complaint_on_the_web_is_answered_within_two_working_days(organisation):
    policies = load_time_limit_preset(organisation, "municipal")

    chosen = matching_policy(policies, kind="complaint", channel="web", matter_id=None)

    assert chosen.limit_for(Stage.RESOLVE) == (2, LimitUnit.WORKING_DAYS)


def test_no_fitting_policy_means_no_deadline():
    assert (
        matching_policy([policy(kind="complaint")], kind="help", channel="", matter_id=None) is None
    )


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_preset_loads_and_loading_again_changes_nothing(organisation, preset):
    first = load_time_limit_preset(organisation, preset)
    again = load_time_limit_preset(organisation, preset)

    assert [p.pk for p in again] == [p.pk for p in first]
    assert TimeLimitPolicy.objects.filter(organisation=organisation).count() == len(first)
    assert organisation.time_limit_preset == preset
    assert TimeLimitPolicy.objects.get(organisation=organisation, kind="", channel="").basis


def test_the_municipal_preset_carries_the_regulations_limits(organisation):
    load_time_limit_preset(organisation, "municipal")
    by_scope = {
        (p.kind, p.channel): p for p in TimeLimitPolicy.objects.filter(organisation=organisation)
    }

    default = by_scope[("", "")]
    assert default.limit_for(Stage.FORWARD) == (2, WD)  # seed 001: two working days
    assert default.limit_for(Stage.RESOLVE, joint=True) == (7, WD)  # several departments
    assert by_scope[("complaint", "")].limit_for(Stage.RESOLVE, joint=True) == (5, WD)
    assert by_scope[("", "web")].limit_for(Stage.RESOLVE) == (2, WD)
    letters = by_scope[("", "letter")]
    assert (letters.limit_for(Stage.RESOLVE), letters.max_extension_limit) == ((30, CD), (60, WD))


def test_property_and_telecom_presets_hand_over_within_the_hour(organisation, other_organisation):
    load_time_limit_preset(organisation, "property")
    load_time_limit_preset(other_organisation, "telecom")

    def default(org):
        return TimeLimitPolicy.objects.get(organisation=org, kind="", channel="")

    assert default(organisation).limit_for(Stage.FORWARD) == (1, H)
    assert default(organisation).limit_for(Stage.CALLBACK) == (24, H)
    assert default(other_organisation).limit_for(Stage.FORWARD) == (30, MIN)


def test_an_administrators_own_policies_survive_reloading_a_preset(organisation):
    load_time_limit_preset(organisation, "municipal")
    own = make_policy(organisation, name="求助", kind="help", resolve=(1, WD))

    load_time_limit_preset(organisation, "municipal")

    own.refresh_from_db()
    assert own.limit_for(Stage.RESOLVE) == (1, WD)


def test_the_command_loads_a_preset_by_organisation_code(organisation, capsys):
    call_command("load_time_limit_preset", organisation.code, "telecom")

    assert "telecom" in capsys.readouterr().out
    assert TimeLimitPolicy.objects.filter(organisation=organisation).exists()
    with pytest.raises(CommandError):
        call_command("load_time_limit_preset", "NOPE", "telecom")


# --- how deadlines look ----------------------------------------------------------------------


def clock(**fields):
    defaults = {"met_at": None, "paused_since": None, "due_at": None, "warn_at": None}
    return StageClock(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("now", "colour", "label"),
    [
        (at(2026, 11, 23, 9), "green", "2 days, 8 hours left"),
        (at(2026, 11, 25, 11), "yellow", "6 hours, 30 minutes left"),
        (at(2026, 11, 25, 17, 30), "yellow", "0 minutes left"),
        (at(2026, 11, 26, 9, 45), "red", "Overdue by 16 hours, 15 minutes"),
    ],
)
def test_the_badge_is_green_then_yellow_from_the_warning_point_then_red(now, colour, label):
    running = clock(due_at=at(2026, 11, 25, 17, 30), warn_at=at(2026, 11, 25, 10, 52))

    with translation.override("en"):
        badge = clock_badge(running, now)

    assert (badge.colour, badge.label.replace("\xa0", " ")) == (colour, label)
    assert badge.remaining == running.due_at - now
    assert "2026-11-25 17:30" in badge.title


def test_a_paused_clock_is_grey_and_an_ended_or_unlimited_one_shows_nothing():
    now = at(2026, 11, 23, 9)
    paused = clock(due_at=now, paused_since=now)

    assert clock_badge(paused, now).colour == "grey"
    assert clock_badge(clock(due_at=now, met_at=now), now) is None
    assert clock_badge(clock(), now) is None


def test_list_pages_get_the_badge_without_a_query_per_case(
    org, register, django_assert_num_queries
):
    make_policy(org.organisation)
    for _ in range(3):
        register()

    now = at(2026, 11, 23, 9, 30)
    with django_assert_num_queries(1), time_machine.travel(now, tick=False):
        cases = list(Case.objects.select_related("current_clock"))
        columns = [deadline_column(case) for case in cases]
        badges = [deadline_badge(case, now) for case in cases]

    assert all('class="deadline deadline-green"' in column for column in columns)
    assert {badge.colour for badge in badges} == {"green"}


def test_matter_time_limit_is_its_resolve_limit_as_text(org):
    make_policy(org.organisation, resolve=(3, WD))
    with translation.override("en"):
        assert matter_time_limit(org.matter) == "3 working days"
        make_policy(org.organisation, name="低保", matter=org.matter, resolve=(20, CD))
        assert matter_time_limit(org.matter) == "20 days"
        assert format_limit(1, LimitUnit.HOURS) == "1 hour"


def test_the_receipt_deadline_follows_the_stage(org, register):
    make_policy(org.organisation)
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, at=at(2026, 11, 23, 10))

    badge = deadline_badge(Case.objects.get(pk=case.pk), at(2026, 11, 23, 11))

    assert badge.due_at == at(2026, 11, 24, 17, 30)  # the sign-for day
    assert badge.remaining == dt.timedelta(days=1, hours=6, minutes=30)
