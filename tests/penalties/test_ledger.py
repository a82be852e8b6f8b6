"""The ledger is append-only, applying the rules twice never doubles anything, and rule
edits or a new rule set never rewrite what was decided."""

from decimal import Decimal

import pytest
from django.db import IntegrityError

from penalties import services
from penalties.models import AppendOnly, CountingWindow, Penalty, PenaltyEntry, Sanction

from .conftest import at, live_lines

pytestmark = pytest.mark.django_db


def test_applying_the_rules_again_writes_nothing(people, preset, substantiated):
    preset("municipal")
    substantiated(when=at(2026, 2, 3))
    substantiated(when=at(2026, 5, 3))
    count = Penalty.objects.count()

    for _ in range(2):
        imposed, revoked = services.reconcile_ledger(staff=people.clerk, at=at(2026, 6, 1))
        assert (imposed, revoked) == ([], [])

    assert Penalty.objects.count() == count


def test_ledger_lines_are_never_updated_or_deleted(people, preset, substantiated):
    preset("municipal")
    substantiated()
    line = Penalty.objects.first()

    line.reason = "改写"
    with pytest.raises(AppendOnly):
        line.save()
    with pytest.raises(AppendOnly):
        line.delete()
    with pytest.raises(AppendOnly):
        Penalty.objects.filter(pk=line.pk).update(reason="改写")
    with pytest.raises(AppendOnly):
        Penalty.objects.all().delete()


def test_the_database_refuses_to_impose_the_same_line_twice(people, preset, substantiated):
    preset("municipal")
    substantiated()
    line = Penalty.objects.first()
    copy = Penalty(
        **{
            f.attname: getattr(line, f.attname)
            for f in Penalty._meta.concrete_fields
            if f.name != "id"
        }
    )

    with pytest.raises(IntegrityError):
        copy.save()


def test_a_line_is_revoked_once(people, preset, substantiated):
    preset("municipal")
    substantiated()
    line = Penalty.objects.first()

    def revocation():
        return Penalty(
            organisation=line.organisation,
            entry=PenaltyEntry.REVOCATION,
            violation=line.violation,
            rule=line.rule,
            sanction=line.sanction,
            revokes=line,
            liability=line.liability,
            department=line.department,
            offence_number=1,
            year=2026,
            sanction_kind=line.sanction_kind,
            at=at(2026, 4, 1),
        )

    revocation().save()
    with pytest.raises(IntegrityError):
        revocation().save()


def test_editing_a_rule_changes_later_penalties_not_earlier_ones(people, preset, substantiated):
    rule_set = preset("property")
    substantiated(kind="shirking", when=at(2026, 2, 3))
    Sanction.objects.filter(rule__rule_set=rule_set, rule__violation_kind="shirking").update(
        amount_min=Decimal(40)
    )
    substantiated(kind="shirking", when=at(2026, 3, 3))

    assert live_lines(people.clerk) == [(1, "fine", "20", "", ""), (2, "fine", "40", "", "")]


def test_a_new_rule_set_applies_to_new_decisions_only(people, preset, substantiated):
    preset("municipal")
    first = substantiated(when=at(2026, 2, 3))
    telecom = preset("telecom")
    second = substantiated(when=at(2026, 3, 3))

    assert first.rule_set.preset == "municipal"
    assert second.rule_set == telecom
    assert live_lines(people.clerk, violation=first)[0][1:] == ("bonus_deduction", "20", "", "")
    # The second offence of the year, priced by the telecom rules.
    assert live_lines(people.clerk, violation=second) == [
        (2, "bonus_months", "1", "3", ""),
        (2, "notice_of_criticism", "", "", ""),
    ]
    people.organisation.refresh_from_db()
    assert people.organisation.penalty_preset == "telecom"


def test_without_an_active_rule_set_a_substantiated_violation_still_counts(
    people, preset, substantiated
):
    substantiated(when=at(2026, 2, 3))
    preset("municipal")
    second = substantiated(when=at(2026, 3, 3))

    assert Penalty.objects.filter(violation__rule_set__isnull=True).count() == 0
    assert {line[0] for line in live_lines(people.clerk, violation=second)} == {2}


def test_a_rolling_window_counts_across_the_new_year(people, preset, substantiated):
    rule_set = preset("municipal")
    rule_set.counting_window = CountingWindow.ROLLING
    rule_set.rolling_days = 365
    rule_set.save()
    violations = [
        substantiated(when=at(2026, 11, 2)),
        substantiated(when=at(2027, 2, 2)),  # 92 days after the first: the 2nd offence
        substantiated(when=at(2027, 11, 3)),  # 366 days after the first: the 2nd again
    ]

    numbers = [{line[0] for line in live_lines(people.clerk, violation=v)} for v in violations]
    assert numbers == [{1}, {2}, {2}]


def test_loading_a_preset_twice_keeps_one_rule_set_and_its_edits(people, preset):
    first = preset("municipal")
    first.self_check_answer_days = 7
    first.save()

    again = preset("municipal")

    assert again == first
    again.refresh_from_db()
    assert again.self_check_answer_days == 7
    assert again.rules.count() == 3
