"""Which running stages are overdue at a moment, and which of them are unresolved work."""

import datetime as dt

import pytest

from cases import services
from cases.models import StageClock
from cases.models.clock import UNRESOLVED_WORK
from tests.cases.conftest import later
from tests.cases.time_limits import at, make_policy

pytestmark = pytest.mark.django_db
# Registered Monday 2026-11-23 09:00: forwarding within 2 working days.
FORWARD_DUE = at(2026, 11, 25, 17, 30)


@pytest.fixture(autouse=True)
def policy(org):
    return make_policy(org.organisation)


def test_a_stage_is_overdue_only_after_its_deadline(register):
    case = register()

    assert not StageClock.objects.overdue(FORWARD_DUE).filter(case=case).exists()
    assert StageClock.objects.overdue(FORWARD_DUE + dt.timedelta(seconds=1)).get(case=case)


def test_a_paused_or_ended_stage_is_not_overdue(org, register):
    paused, ended = register(), register()
    StageClock.objects.filter(case=paused).update(paused_since=later(30))
    services.case_transfer(case=ended, by=org.clerk.user, at=later(10))
    a_week_on = FORWARD_DUE + dt.timedelta(days=7)

    overdue = StageClock.objects.overdue(a_week_on)

    assert not overdue.filter(case=paused).exists()
    assert list(overdue.filter(case=ended).values_list("stage", flat=True)) == ["sign_for"]


def test_a_resolved_case_waiting_for_its_callback_is_not_unresolved_work(org, resolved, register):
    open_case = register()
    a_month_on = FORWARD_DUE + dt.timedelta(days=30)

    overdue = StageClock.objects.overdue(a_month_on)

    assert set(overdue.values_list("case", "stage")) == {
        (resolved.pk, "callback"),
        (open_case.pk, "forward"),
    }
    assert list(overdue.filter(UNRESOLVED_WORK).values_list("case", flat=True)) == [open_case.pk]
