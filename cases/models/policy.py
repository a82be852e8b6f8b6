from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.models import OrganisationOwned
from firstask.history import AuditHistory

from ..choices import TIER_FIELDS, Channel, Kind, LimitTier, LimitUnit, Stage

NO_LIMIT_HELP = _("Empty: no time limit for this stage.")
PRECEDENCE_HELP = _(
    "When several active policies fit a case, the most specific one applies: a catalogue "
    "matter first, then the channel, then the case kind; a policy with all criteria empty "
    "applies to every other case. The channel ranks before the kind because the regulations "
    "set limits per channel whatever the request is about: a complaint sent by letter follows "
    "the letters-and-visits limit (30 days), not the complaint limit."
)


def _limit_fields(verbose_name, help_text=NO_LIMIT_HELP):
    amount = models.PositiveIntegerField(verbose_name, null=True, blank=True, help_text=help_text)
    unit = models.CharField(
        _("unit"), max_length=20, choices=LimitUnit.choices, default=LimitUnit.WORKING_DAYS
    )
    return amount, unit


class TimeLimitPolicy(OrganisationOwned):
    """The time limits (限时办结) of an organisation's cases of one kind, channel or matter.

    Empty criteria match everything; the most specific policy wins: matter, then channel,
    then kind (see ``cases.timelimits.deadlines.matching_policy`` and ``PRECEDENCE_HELP``).
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("case kind"),
        max_length=20,
        choices=Kind.choices,
        blank=True,
        help_text=_("Empty: any. A policy for the channel wins over one for the kind."),
    )
    channel = models.CharField(
        _("channel"),
        max_length=20,
        choices=Channel.choices,
        blank=True,
        help_text=_("Empty: any. A policy for the channel wins over one for the kind."),
    )
    matter = models.ForeignKey(
        "departments.Matter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_limit_policies",
        verbose_name=_("catalogue matter"),
        help_text=_("Empty: any."),
    )

    forward_limit, forward_unit = _limit_fields(_("accept / hand-over limit"))
    sign_for_limit, sign_for_unit = _limit_fields(_("sign-for limit"))
    resolve_limit, resolve_unit = _limit_fields(_("resolve limit"))
    joint_resolve_limit, joint_resolve_unit = _limit_fields(
        _("multi-department resolve limit"),
        _("When assisting departments take part. Empty: the resolve limit."),
    )
    own_duty_limit, own_duty_unit = _limit_fields(
        _("own-duty limit"),
        _(
            "For a case the first-inquiry person keeps because the matter is on their own "
            "department's duty list: the time to settle it, instead of the hand-over limit. "
            "Empty: the hand-over limit."
        ),
    )
    approval_resolve_limit, approval_resolve_unit = _limit_fields(
        _("leadership-approval resolve limit"),
        _(
            "When the receiving department states at sign-for that the matter needs the "
            "leadership's or a superior body's approval. Empty: the resolve limit."
        ),
    )
    night_duty_limit, night_duty_unit = _limit_fields(
        _("night-duty on-site limit"),
        _(
            "For a case registered by the staff member on overall duty (总值班) at night or on "
            "a holiday: the time to be on site, instead of the hand-over limit. Empty: the "
            "hand-over limit."
        ),
    )
    callback_limit, callback_unit = _limit_fields(_("callback limit"))
    max_extension, max_extension_unit = _limit_fields(
        _("longest extension"),
        _("How far an approved extension may move a deadline. Empty: no maximum; 0: none."),
    )
    warning_share = models.PositiveSmallIntegerField(
        _("warning at (%)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("Share of the limit after which the stage turns yellow."),
    )
    basis = models.CharField(_("source"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = AuditHistory()
    same_organisation_fields = ("matter",)

    class Meta:
        verbose_name = _("time-limit policy")
        verbose_name_plural = _("time-limit policies")
        ordering = ["organisation", "matter", "kind", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "channel"],
                condition=Q(matter__isnull=True),
                name="one_time_limit_policy_per_kind_and_channel",
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind", "channel", "matter"],
                condition=Q(matter__isnull=False),
                name="one_time_limit_policy_per_matter",
            ),
            models.CheckConstraint(
                condition=Q(warning_share__gte=1, warning_share__lte=99),
                name="time_limit_warning_share_between_1_and_99",
            ),
        ]

    def __str__(self):
        return self.name

    def limit_for(self, stage, *, joint=False, tier=LimitTier.STANDARD):
        """(amount, unit) of a stage, or None when the stage has no limit.

        ``tier`` (chosen by the case, see ``cases.timelimits.clocks``) picks a tier's own
        limit where the policy sets one; otherwise the stage's limit applies.
        """
        key = str(stage)
        if joint:
            tier = LimitTier.JOINT
        tier_field = TIER_FIELDS.get((Stage(stage), LimitTier(tier)))
        if tier_field is not None and getattr(self, f"{tier_field}_limit") is not None:
            key = tier_field
        amount = getattr(self, f"{key}_limit")
        return None if amount is None else (amount, getattr(self, f"{key}_unit"))

    @property
    def max_extension_limit(self):
        if self.max_extension is None:
            return None
        return self.max_extension, self.max_extension_unit
