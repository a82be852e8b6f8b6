"""check_consistency on the ledger: each substantiated violation has exactly the penalties
its rules call for."""

import pytest
from django.utils import translation

from penalties.consistency import ledger_findings
from penalties.models import Penalty

from .conftest import at

pytestmark = pytest.mark.django_db


def test_substantiated_violations_with_their_penalties_are_consistent(
    people, preset, substantiated
):
    preset("municipal")
    substantiated(when=at(2026, 2, 3))
    substantiated(when=at(2026, 5, 3))

    assert list(ledger_findings()) == []


def test_a_penalty_the_rules_call_for_but_the_ledger_lacks_is_reported(
    people, preset, substantiated
):
    preset("municipal")
    violation = substantiated(when=at(2026, 2, 3))
    sanction = Penalty.objects.live().filter(violation=violation).first().sanction
    sanction.pk = None
    sanction.liability = "department"
    sanction.save()  # a sanction added without the ledger being reconciled

    with translation.override("en"):
        findings = list(ledger_findings())

    assert len(findings) == 1
    with translation.override("en"):
        assert findings[0].number == str(violation)
    assert "missing from the ledger" in findings[0].problem
