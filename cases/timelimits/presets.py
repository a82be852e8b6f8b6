"""Time-limit presets from the regulations (SPEC "Time limits"), loadable per organisation.

Each preset is a list of policies; empty criteria match every case. Limits that the
regulations leave open (mostly the callback) carry a firstask default and say so.
"""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..choices import Channel, Kind
from ..choices import LimitUnit as U
from ..models import TimeLimitPolicy

WD, CD, H, MIN = U.WORKING_DAYS, U.CALENDAR_DAYS, U.HOURS, U.MINUTES

MUNICIPAL = [
    {
        "name": _("All cases (municipal rules)"),
        "forward": (2, WD),  # 001 §6: hand over within two working days
        "own_duty": (2, WD),  # 004 §7 (一): the person's own duties, at most 2 working days
        "night_duty": (10, MIN),  # 004 (hospital): the overall night duty on site in 10 min
        "sign_for": (1, WD),  # 002: designate a handler, reply within one working day
        "resolve": (3, WD),  # 004 §7 (二): the department's business, 3 days
        "joint_resolve": (7, WD),  # 004 §7 (三): several departments, 7 days
        "approval_resolve": (10, WD),  # 004 §7 (四): leadership or superior approval, 10 days
        "callback": (2, WD),  # not set by the regulations: firstask default
        "max_extension": (10, WD),  # not set by the regulations: firstask default
        "basis": _(
            "Seed 001 §6; seed 004 §7 (own duty 2, department 3, several departments 7, "
            "leadership approval 10 working days); seed 004: night duty on site within 10 "
            "minutes; callback and extension: firstask defaults"
        ),
    },
    {
        "name": _("Complaints"),
        "kind": Kind.COMPLAINT,
        "forward": (2, WD),
        "sign_for": (1, WD),
        "resolve": (3, WD),  # 000: general complaints answered within 3 working days
        # 004: several departments, one week; 000: an initial conclusion within 5 working days
        "joint_resolve": (5, WD),
        "approval_resolve": (10, WD),  # 004 §7 (四)
        "callback": (2, WD),
        "max_extension": (10, WD),
        "basis": _(
            "Seed 000 (3 working days; several departments: initial conclusion within 5 "
            "working days); seed 004 (several departments: one week; approval: 10 working days)"
        ),
    },
    {
        "name": _("Web inquiries and complaints"),
        "channel": Channel.WEB,
        "forward": (2, WD),
        "sign_for": (1, WD),
        "resolve": (2, WD),  # 004: answered within 2 working days
        "callback": (2, WD),
        "max_extension": (10, WD),
        "basis": _("Seed 004 §5 (five): web inquiries within 2 working days"),
    },
    {
        "name": _("Letters (letters and visits)"),
        "channel": Channel.LETTER,
        "forward": (2, WD),
        "sign_for": (1, WD),
        "resolve": (30, CD),  # 004 §5 (six): 30 days from acceptance
        "callback": (2, WD),
        "max_extension": (60, WD),  # extension with approval, at most 60 working days
        "basis": _("Seed 004 §5 (six): 30 days, extension up to 60 working days"),
    },
    {
        "name": _("Referred by a superior body"),
        "channel": Channel.SUPERIOR,
        "forward": (2, WD),
        "sign_for": (1, WD),
        "resolve": (10, WD),  # 004 §5: matters urged by a superior body, 10 working days
        "callback": (2, WD),
        "max_extension": (10, WD),
        "basis": _("Seed 004 §5 (one): 10 working days"),
    },
]

PROPERTY = [
    {
        "name": _("All requests (property management)"),
        "forward": (1, H),  # 002 §3: passed to the department within 1 hour
        "sign_for": (30, MIN),  # 002 §4: a handler is designated immediately
        "resolve": (1, WD),  # 002 §4: the result answered within 1 working day
        "callback": (24, H),  # 000: reply no later than 24 hours
        "max_extension": (2, WD),  # not set by the regulations: firstask default
        "basis": _(
            "Seed 002 §3, §4; seed 000 (reply within 24 hours); extension: firstask default"
        ),
    },
    {
        "name": _("Consultations (reply when unsure)"),
        "kind": Kind.CONSULTATION,
        "forward": (1, H),
        "sign_for": (30, MIN),
        "resolve": (24, H),  # 000: a question one cannot answer is replied to within 24 hours
        "callback": (24, H),
        "max_extension": (2, WD),
        "basis": _("Seed 000: reply within 24 hours"),
    },
]

TELECOM = [
    {
        "name": _("All cases (telecom operator)"),
        "forward": (30, MIN),  # 004: the complaint interface hands over within 30 minutes
        "night_duty": (10, MIN),  # 004: the overall night duty on site within 10 minutes
        "sign_for": (1, WD),
        "resolve": (3, WD),  # 004: general complaints within 3 working days
        "joint_resolve": (5, WD),  # 004: several departments, one week
        "callback": (1, WD),  # not set by the regulations: firstask default
        "max_extension": (5, WD),  # not set by the regulations: firstask default
        "basis": _(
            "Seed 004 (30 minutes; night duty on site within 10 minutes; 3 working days; one "
            "week); callback and extension: firstask defaults"
        ),
    },
    {
        "name": _("Web inquiries and complaints"),
        "channel": Channel.WEB,
        "forward": (30, MIN),
        "sign_for": (1, WD),
        "resolve": (2, WD),  # 004 §5 (五): web inquiries and complaints within 2 working days
        "callback": (1, WD),
        "max_extension": (5, WD),
        "basis": _("Seed 004 §5 (five): web inquiries within 2 working days"),
    },
]

PRESETS = {
    "municipal": MUNICIPAL,
    "bureau": MUNICIPAL,  # the bureau efficiency rules (003) set no limits of their own
    "property": PROPERTY,
    "telecom": TELECOM,
}
STAGE_FIELDS = (
    "forward",
    "own_duty",
    "night_duty",
    "sign_for",
    "resolve",
    "joint_resolve",
    "approval_resolve",
    "callback",
)


def _defaults(entry):
    defaults = {"name": str(entry["name"]), "basis": str(entry["basis"]), "is_active": True}
    for stage in STAGE_FIELDS:
        amount, unit = entry.get(stage, (None, WD))
        defaults[f"{stage}_limit"], defaults[f"{stage}_unit"] = amount, unit
    defaults["max_extension"], defaults["max_extension_unit"] = entry.get(
        "max_extension", (None, WD)
    )
    return defaults


@transaction.atomic
def load_time_limit_preset(organisation, preset):
    """Create or update the preset's policies for ``organisation``; returns them.

    Safe to repeat. Policies the administrator added for other kinds, channels or matters
    are left alone; the preset's own ones are reset to the regulations' values.
    """
    if preset not in PRESETS:
        raise ValueError(f"unknown time-limit preset {preset!r}; choose from {sorted(PRESETS)}")
    policies = []
    with translation.override(settings.LANGUAGE_CODE):  # names are stored, in the UI language
        for entry in PRESETS[preset]:
            policy, _created = TimeLimitPolicy.objects.update_or_create(
                organisation=organisation,
                kind=entry.get("kind", ""),
                channel=entry.get("channel", ""),
                matter=None,
                defaults=_defaults(entry),
            )
            policies.append(policy)
    if organisation.time_limit_preset != preset:
        organisation.time_limit_preset = preset
        organisation.save(update_fields=["time_limit_preset"])
    return policies
