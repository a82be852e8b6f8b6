"""The deadline sweep's overdue alerts become suspected violations, once per stage."""

import datetime as dt

import pytest

from cases import services as case_services
from cases.timelimits.sweep import sweep
from penalties.models import Source, Violation, ViolationKind, ViolationState
from tests.cases.time_limits import make_policy

from .conftest import at

pytestmark = pytest.mark.django_db

MON_9 = at(2026, 11, 23, 9)
FORWARD_DUE = at(2026, 11, 25, 17, 30)  # 2 working days to hand over


@pytest.fixture
def case(people):
    make_policy(people.organisation)
    return case_services.case_register(
        by=people.clerk.user,
        channel="visit",
        kind="application",
        matter_text="咨询低保申请",
        person={"name": "市民甲", "phone": "13800000001"},
        at=MON_9,
    )


def test_an_overdue_stage_of_the_sweep_is_a_suspected_violation_once(people, case):
    sweep(FORWARD_DUE - dt.timedelta(minutes=1))
    assert not Violation.objects.exists()

    sweep(FORWARD_DUE + dt.timedelta(minutes=1))
    sweep(FORWARD_DUE + dt.timedelta(hours=3))

    violation = Violation.objects.get()
    assert (violation.staff, violation.case, violation.kind) == (
        people.clerk,
        case,
        ViolationKind.OVERDUE_FORWARD,
    )
    assert (violation.source, violation.state) == (Source.SWEEP, ViolationState.SUSPECTED)
    assert violation.occurred_at == FORWARD_DUE
