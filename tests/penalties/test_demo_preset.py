"""The demo organisation takes the municipal preset its settings name."""

import io

import pytest
from django.core.management import call_command

from departments.models import Organisation, Staff
from penalties import services
from penalties.models import Penalty, PenaltyRuleSet

from .conftest import at

pytestmark = pytest.mark.django_db


def test_the_demo_organisation_loads_its_municipal_preset_and_applies_it():
    call_command("load_demo", stdout=io.StringIO())
    demo = Organisation.objects.get(penalty_preset="municipal")

    call_command("load_penalty_preset", demo.code, stdout=io.StringIO())
    call_command("load_penalty_preset", demo.code, stdout=io.StringIO())

    rule_set = PenaltyRuleSet.objects.get(organisation=demo)
    assert (rule_set.preset, rule_set.is_active) == ("municipal", True)
    supervisor = Staff.objects.filter(
        organisation=demo, user__groups__name="supervisor", is_active=True
    ).first()
    clerk = (
        Staff.objects.filter(organisation=demo, department__head__isnull=False)
        .exclude(headed_departments__isnull=False)
        .first()
    )
    violation = services.violation_report(
        by=supervisor.user, staff=clerk, kind="complaint", evidence="投诉查实", at=at(2026, 3, 2)
    )
    services.violation_substantiate(violation=violation, by=supervisor.user, at=at(2026, 3, 3))

    assert Penalty.objects.live().filter(staff=clerk).count() == 3
    assert Penalty.objects.live().filter(staff=clerk.department.head).count() == 1
