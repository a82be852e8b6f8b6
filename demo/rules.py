"""The demo organisation's time limits and penalty rules, from the presets it names."""

from cases.models import TimeLimitPolicy
from cases.timelimits.presets import load_time_limit_preset
from departments.models import Matter
from penalties.models import PenaltyRuleSet
from penalties.services.presets import load_penalty_preset

from .data_time_limits import MATTER_LIMITS


def ensure_time_limits(organisation, recorder):
    # Policies an administrator edited stay as edited: the preset loads only into none.
    if TimeLimitPolicy.objects.filter(organisation=organisation).exists():
        return
    policies = load_time_limit_preset(organisation, organisation.time_limit_preset or "municipal")
    recorder.created[TimeLimitPolicy] += len(policies)


def ensure_matter_time_limits(organisation, recorder):
    """The matters whose own regulations set another limit than the preset's get a policy
    of their own (the public guide and every case of the matter follow it). A matter that
    already has one keeps it as the administrator left it."""
    matters = dict(
        Matter.objects.for_organisation(organisation)
        .filter(name__in=[row.matter for row in MATTER_LIMITS])
        .values_list("name", "pk")
    )
    governed = set(
        TimeLimitPolicy.objects.filter(organisation=organisation, matter__isnull=False).values_list(
            "matter", flat=True
        )
    )
    general = TimeLimitPolicy.objects.filter(
        organisation=organisation, matter__isnull=True, kind="", channel=""
    ).first()
    for row in MATTER_LIMITS:
        matter = matters.get(row.matter)
        if matter is None or matter in governed:
            continue
        stages = {}
        if general is not None:  # the other stages as the organisation's general policy
            for stage in ("forward", "own_duty", "night_duty", "sign_for", "callback"):
                stages[f"{stage}_limit"] = getattr(general, f"{stage}_limit")
                stages[f"{stage}_unit"] = getattr(general, f"{stage}_unit")
        recorder.create(
            TimeLimitPolicy,
            organisation=organisation,
            matter_id=matter,
            name=row.matter,
            resolve_limit=row.resolve[0],
            resolve_unit=row.resolve[1],
            max_extension=row.max_extension[0],
            max_extension_unit=row.max_extension[1],
            basis=row.basis[:200],
            **stages,
        )


def ensure_penalty_rules(organisation, recorder):
    if PenaltyRuleSet.objects.filter(organisation=organisation).exists():
        return
    load_penalty_preset(organisation, organisation.penalty_preset or "municipal")
    recorder.created[PenaltyRuleSet] += 1
