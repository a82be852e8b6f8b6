"""Rule sets loaded from the presets before the complaint rules were corrected."""

import importlib

import pytest
from django.apps import apps

from penalties import services
from penalties.models import OffenceCount, PenaltyRule

pytestmark = pytest.mark.django_db

migration = importlib.import_module("penalties.migrations.0004_fix_shipped_complaint_rules")


def _as_shipped_before(rule_set, descriptions, **old):
    # The rows as the presets wrote them before (a test fixture, not an audited edit).
    for rule in rule_set.rules.filter(violation_kind="complaint"):
        PenaltyRule.objects.filter(pk=rule.pk).update(
            counts=OffenceCount.ALL, description=descriptions[rule.offence_from], **old
        )


def test_municipal_tiers_loaded_before_become_complaint_tiers(people):
    rule_set = services.load_penalty_preset(people.organisation, "municipal")
    _as_shipped_before(
        rule_set,
        {n: text for text, (n, _to) in migration.MUNICIPAL.items()},
        violation_kind="",
    )
    edited = rule_set.rules.get(offence_from=2)
    PenaltyRule.objects.filter(pk=edited.pk).update(description="第二次（本单位修订）")

    migration.correct(apps, None)

    rules = {r.offence_from: r for r in rule_set.rules.all()}
    assert (rules[1].violation_kind, rules[1].counts) == ("complaint", OffenceCount.KIND)
    assert (rules[3].violation_kind, rules[3].counts) == ("complaint", OffenceCount.KIND)
    assert (rules[2].violation_kind, rules[2].counts) == ("", OffenceCount.ALL)  # edited


def test_the_property_repeated_complaint_rule_starts_at_the_second_about_the_case(people):
    rule_set = services.load_penalty_preset(people.organisation, "property")
    _as_shipped_before(rule_set, {2: migration.PROPERTY}, offence_from=1, same_case=False)

    migration.correct(apps, None)

    rule = rule_set.rules.get(violation_kind="complaint")
    assert (rule.offence_from, rule.counts, rule.same_case) == (2, OffenceCount.KIND, True)
