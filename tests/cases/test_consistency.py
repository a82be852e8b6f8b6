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
