"""The demo organisation's time limits and penalty rules, from the presets it names."""

from cases.models import TimeLimitPolicy
from cases.timelimits.presets import load_time_limit_preset
from penalties.models import PenaltyRuleSet
from penalties.services.presets import load_penalty_preset


def ensure_time_limits(organisation, recorder):
    # Policies an administrator edited stay as edited: the preset loads only into none.
    if TimeLimitPolicy.objects.filter(organisation=organisation).exists():
        return
    policies = load_time_limit_preset(organisation, organisation.time_limit_preset or "municipal")
    recorder.created[TimeLimitPolicy] += len(policies)


def ensure_penalty_rules(organisation, recorder):
    if PenaltyRuleSet.objects.filter(organisation=organisation).exists():
        return
    load_penalty_preset(organisation, organisation.penalty_preset or "municipal")
    recorder.created[PenaltyRuleSet] += 1
