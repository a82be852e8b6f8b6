"""Supervision colours (督办: blue near due, yellow warned, red overdue) and urging raising
the level; the deadline badge labels the current stage's deadline apart from the resolution
date promised on the receipt."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.timelimits.clocks import promised_resolution
from cases.timelimits.deadline_display import supervision_level
from tests.cases.conftest import later
from tests.cases.time_limits import H, make_policy


@pytest.fixture
def hours_policy(org):
    # Sign for within 4 hours, warning at 75 %: near due from 2 h, warned from 3 h.
    return make_policy(org.organisation, sign_for=(4, H), resolve=(8, H))


@pytest.fixture
def waiting(org, register, hours_policy):
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, at=later(0))
    case.refresh_from_db()
    return case


@pytest.mark.parametrize(
    ("minutes", "colour"),
    [(30, None), (150, "blue"), (200, "yellow"), (300, "red")],
)
def test_the_supervision_colour_follows_the_deadline(waiting, minutes, colour):
    level = supervision_level(waiting, later(minutes), urgings=0)

    assert (level.colour if level else None) == colour


@pytest.mark.parametrize(
    ("minutes", "urgings", "colour"),
    [(30, 1, "blue"), (30, 2, "yellow"), (150, 1, "yellow"), (200, 1, "red"), (300, 2, "red")],
)
def test_each_urging_raises_the_level(waiting, minutes, urgings, colour):
    assert supervision_level(waiting, later(minutes), urgings=urgings).colour == colour


def test_an_urged_case_shows_its_supervision_colour_on_the_lists(login, org, waiting):
    services.case_urge(case=waiting, by=org.supervisor.user, note="请尽快签收", at=later(10))

    with time_machine.travel(later(20), tick=False):
        client = login(org.clerk)
        html = client.get(reverse("cases:my_cases")).content.decode()
        page = client.get(reverse("cases:case", args=[waiting.pk])).content.decode()

    assert "supervision supervision-blue" in html
    assert "supervision supervision-blue" in page


def test_the_case_page_labels_the_stage_deadline_and_the_promised_date(login, org, waiting):
    promised = timezone.localtime(promised_resolution(waiting))

    with time_machine.travel(later(20), tick=False):
        response = login(org.clerk).get(reverse("cases:case", args=[waiting.pk]))

    html = response.content.decode()
    stage = html[html.index('id="stage-deadline"') :][:400]
    assert waiting.current_clock.get_stage_display() in stage
    promise = html[html.index('id="promised-resolution"') :][:300]
    assert f"{promised:%Y-%m-%d %H:%M}" in promise
    assert promised - timezone.localtime(waiting.current_clock.due_at) > dt.timedelta(0)
