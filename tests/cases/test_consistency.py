"""manage.py check_consistency: cases whose state disagrees with their transfers and
callbacks are reported and make the command fail; a normal life reports nothing."""

import pytest
from django.core.management import call_command
from django.utils import translation

from cases import services
from cases.consistency import case_findings
from cases.models import Case

from .conftest import later


@pytest.fixture
def lives(org, register, resolved):
    """Cases in every state: registered, transferred, returned, resolved, called back."""
    waiting = register()
    returned = register()
    services.case_transfer(case=returned, by=org.clerk.user, at=later(5))
    returned.refresh_from_db()
    services.case_return(
        case=returned, by=org.social_head.user, reason="非本科室职责", duty_item=None, at=later(6)
    )
    called_back = register()
    services.case_resolve(
        case=called_back, by=org.clerk.user, outcome="answered", result="已答复", at=later(7)
    )
    called_back.refresh_from_db()
    services.case_call_back(
        case=called_back,
        by=org.clerk.user,
        contact_result="reached",
        satisfaction="satisfied",
        at=later(8),
    )
    return waiting, returned, resolved, called_back


def test_cases_in_every_state_of_a_normal_life_are_consistent(lives):
    from django.utils import timezone

    from penalties.services import assessments_sweep

    assert [str(finding) for finding in case_findings()] == []
    assessments_sweep(timezone.now())  # the beat has assessed the closed periods
    call_command("check_consistency")


def test_a_case_whose_state_disagrees_with_its_transfer_is_reported(org, register, lives):
    transferred = register()
    services.case_transfer(case=transferred, by=org.clerk.user, at=later(9))
    Case.objects.filter(pk=transferred.pk).update(state="registered")  # a planted defect

    with translation.override("en"):
        findings = list(case_findings())

    assert [(f.number, f.problem) for f in findings] == [
        (
            transferred.number,
            "registered, but its current transfer was neither returned nor cleared",
        )
    ]
    with pytest.raises(SystemExit) as exit_status:
        call_command("check_consistency")
    assert exit_status.value.code == 1


def test_a_called_back_case_without_its_callback_is_reported(lives):
    called_back = lives[3]
    called_back.callbacks.all().delete()

    assert [f.number for f in case_findings()] == [called_back.number]


def test_timeline_line_alert_and_violation_naming_a_missing_case_are_reported(org, lives):
    """Their links to cases and clocks are not checked by the database (the sweep writes
    them by the 100,000): check_consistency does, for this and last month."""
    import uuid

    from cases.choices import AlertKind, EventAction
    from cases.models import CaseEvent, StageAlert, StageClock
    from firstask.bulk import insert_from
    from penalties.consistency import orphan_findings
    from penalties.models import Violation
    from penalties.models.choices import Source, ViolationKind

    assert list(orphan_findings(now=later(60))) == []
    ghost_case = Case.objects.order_by("-pk").first().pk + 1000
    ghost_clock = StageClock.objects.order_by("-pk").first().pk + 1000
    real_case = lives[0]
    # Planted defects: rows pointing at a case or clock that is gone (the timeline refuses
    # changes, so its line is written so from the start).
    (line_pk,) = insert_from(
        CaseEvent,
        Case.objects.filter(pk=real_case.pk),
        {"case": ghost_case, "at": later(10), "action": EventAction.REGISTER, "note": ""},
    )
    alert = StageAlert.objects.create(
        clock_id=ghost_clock,
        case_id=ghost_case,
        stage="forward",
        department=org.reception,
        kind=AlertKind.OVERDUE,
        crossed_at=later(10),
        recorded_at=later(11),
        sweep_run=uuid.uuid4(),
    )
    violation = Violation.objects.create(
        organisation=org.organisation,
        staff=org.clerk,
        department=org.reception,
        case=real_case,
        kind=ViolationKind.OVERDUE_FORWARD,
        source=Source.SWEEP,
        origin=f"overdue:clock:{ghost_clock}",
        occurred_at=later(10),
        reported_at=later(11),
    )
    Violation.objects.filter(pk=violation.pk).update(case_id=ghost_case)

    with translation.override("en"):
        findings = [(f.number, f.problem) for f in orphan_findings(now=later(60))]

    assert findings == [
        (f"#{ghost_case}", f"timeline line {line_pk}: its case is missing"),
        (f"#{ghost_clock}", f"deadline alert {alert.pk}: its stage clock is missing"),
        (f"#{ghost_case}", f"violation {violation.pk}: its case is missing"),
    ]
