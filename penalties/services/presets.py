"""The four penalty presets from the seed regulations, shipped as JSON in penalties/presets/.

Loading is idempotent: a preset already loaded into the organisation (same rule set name)
is returned as it is, with any edits an administrator made since; it is only activated.
"""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from departments.models import Organisation

from ..errors import InvalidInput
from ..models import EscalationRule, OffenceCount, PenaltyRule, PenaltyRuleSet, Sanction

PRESET_DIR = Path(__file__).resolve().parent.parent / "presets"
PRESETS = tuple(Organisation.PenaltyPreset.values)


def read_preset(preset: str) -> dict[str, Any]:
    if preset not in PRESETS:
        raise InvalidInput(_("Unknown penalty preset: %(preset)s") % {"preset": preset})
    return json.loads((PRESET_DIR / f"{preset}.json").read_text(encoding="utf-8"))


def _amount(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _build(organisation: Organisation, preset: str, data: dict[str, Any]) -> PenaltyRuleSet:
    rule_set = PenaltyRuleSet(
        organisation=organisation,
        name=data["name"],
        preset=preset,
        source=data.get("source", ""),
        counting_window=data.get("counting_window", "calendar_year"),
        self_check_notice_days=data.get("self_check_notice_days", 2),
        self_check_answer_days=data.get("self_check_answer_days", 5),
        bottom_units_excluded=data.get("bottom_units_excluded", 0),
    )
    rule_set.full_clean()
    rule_set.save()
    order = 0
    for entry in data["rules"]:
        for kind in entry["kinds"]:
            order += 10
            rule = PenaltyRule(
                rule_set=rule_set,
                violation_kind=kind,
                offence_from=entry["from"],
                offence_to=entry.get("to"),
                counts=entry.get("counts", OffenceCount.ALL),
                same_case=entry.get("same_case", False),
                description=entry.get("description", "")[:300],
                sort_order=order,
            )
            rule.full_clean()
            rule.save()
            for item in entry["sanctions"]:
                sanction = Sanction(
                    rule=rule,
                    liability=item["for"],
                    kind=item["kind"],
                    amount_min=_amount(item.get("amount")),
                    amount_max=_amount(item.get("up_to")),
                    rating_cap=item.get("rating", ""),
                )
                sanction.full_clean()
                sanction.save()
    for item in data.get("escalations", ()):
        escalation = EscalationRule(
            rule_set=rule_set,
            sanction_kind=item["sanction"],
            threshold=item["threshold"],
            rating_cap=item["rating"],
            description=item.get("description", "")[:300],
        )
        escalation.full_clean()
        escalation.save()
    return rule_set


@transaction.atomic
def load_penalty_preset(
    organisation: Organisation, preset: str, *, activate: bool = True
) -> PenaltyRuleSet:
    """The organisation's rule set for ``preset``, created from the data file if missing."""
    data = read_preset(preset)
    rule_set = PenaltyRuleSet.objects.filter(organisation=organisation, name=data["name"]).first()
    if rule_set is None:
        rule_set = _build(organisation, preset, data)
    if activate:
        rule_set_activate(rule_set=rule_set)
    return rule_set


@transaction.atomic
def rule_set_activate(*, rule_set: PenaltyRuleSet) -> PenaltyRuleSet:
    """Make ``rule_set`` the organisation's active one. Violations already substantiated keep
    the rule set they were decided under."""
    # The organisation row serialises activations: one active rule set, however many clicks.
    organisation = Organisation.objects.select_for_update(no_key=True).get(
        pk=rule_set.organisation_id
    )
    rule_set.refresh_from_db()
    if not rule_set.is_active:
        for other in PenaltyRuleSet.objects.filter(organisation=organisation, is_active=True):
            other.is_active = False
            other.save(update_fields=["is_active"])
        rule_set.is_active = True
        rule_set.save(update_fields=["is_active"])
    if rule_set.preset and organisation.penalty_preset != rule_set.preset:
        organisation.penalty_preset = rule_set.preset
        organisation.save(update_fields=["penalty_preset"])
    return rule_set
