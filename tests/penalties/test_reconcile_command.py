"""After the rules change (an administrator's edit, or the corrected presets), the ledger
is brought in line with them for everyone at once, each unwanted line revoked with why."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from penalties.models import OffenceCount, Penalty, PenaltyEntry, ViolationKind

from .conftest import at, live_lines

pytestmark = pytest.mark.django_db


def test_lines_of_a_rule_that_no_longer_applies_are_revoked_with_the_reason(
    people, preset, substantiated
):
    rule_set = preset("municipal")
    first = rule_set.rules.get(offence_from=1)
    # As loaded before the correction: every kind counted as a complaint.
    first.violation_kind, first.counts = "", OffenceCount.ALL
    first.save()
    overdue = substantiated(kind=ViolationKind.OVERDUE_RESOLUTION, when=at(2026, 2, 3))
    assert live_lines(people.clerk, violation=overdue)
    first.violation_kind, first.counts = ViolationKind.COMPLAINT, OffenceCount.KIND
    first.save()
    out = io.StringIO()

    call_command("reconcile_ledgers", people.organisation.code, stdout=out)
    call_command("reconcile_ledgers", people.organisation.code, stdout=io.StringIO())

    assert live_lines(people.clerk, violation=overdue) == []
    assert live_lines(people.head) == []
    revocations = Penalty.objects.filter(entry=PenaltyEntry.REVOCATION, violation=overdue)
    assert revocations.count() == 4
    assert {r.reason for r in revocations} == {"按现行规则，该处理不再适用。"}
    assert "4" in out.getvalue()


def test_an_unknown_organisation_is_refused():
    with pytest.raises(CommandError):
        call_command("reconcile_ledgers", "NOPE", stdout=io.StringIO())


def test_a_line_counted_in_the_year_of_substantiation_moves_to_the_year_of_the_offence(
    people, preset, substantiated
):
    preset("municipal")
    # As the ledger wrote it before offences were counted in the year they happened: the
    # lines fell in January's year; the offence itself was in December.
    december = substantiated(when=at(2027, 1, 8))
    december.occurred_at = at(2026, 12, 20)
    december.save()

    call_command("reconcile_ledgers", people.organisation.code, stdout=io.StringIO())

    live = Penalty.objects.live().filter(violation=december)
    assert set(live.values_list("year", flat=True)) == {2026}
    revoked = Penalty.objects.filter(entry=PenaltyEntry.REVOCATION, violation=december)
    assert revoked.count() == 4
    assert all("2026" in r.reason for r in revoked)
    assert people.clerk.annual_ratings.get(year=2026).bonus_deduction_percent == 20
    assert people.clerk.annual_ratings.get(year=2027).bonus_deduction_percent == 0
