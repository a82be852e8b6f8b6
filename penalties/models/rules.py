from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.models import Organisation, OrganisationOwned
from departments.scoping import OrganisationQuerySet
from firstask.history import AuditHistory

from .choices import (
    AMOUNT_SANCTIONS,
    DEPARTMENT_SANCTIONS,
    CountingWindow,
    Liability,
    OffenceCount,
    RatingCap,
    SanctionKind,
    ViolationKind,
)

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
OF_THIS_KIND = _("counted among offences of this kind")
ABOUT_THE_SAME_CASE = _("about the same case")


class PenaltyRuleSet(OrganisationOwned):
    """An organisation's tiered penalty rules (责任追究办法); exactly one is active."""

    name = models.CharField(_("name"), max_length=200)
    preset = models.CharField(
        _("loaded from preset"),
        max_length=20,
        choices=Organisation.PenaltyPreset.choices,
        blank=True,
        editable=False,
    )
    is_active = models.BooleanField(_("active"), default=False)
    source = models.TextField(_("source regulation"), blank=True)
    counting_window = models.CharField(
        _("counting window"),
        max_length=20,
        choices=CountingWindow.choices,
        default=CountingWindow.CALENDAR_YEAR,
        help_text=_("Offences are numbered within this window (1st, 2nd, 3rd …)."),
    )
    rolling_days = models.PositiveSmallIntegerField(
        _("rolling window in days"), default=365, validators=[MinValueValidator(1)]
    )
    self_check_notice_days = models.PositiveSmallIntegerField(
        _("self-check notice within (working days)"), default=2
    )
    self_check_answer_days = models.PositiveSmallIntegerField(
        _("self-check answer within (working days)"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("No answer by then substantiates the violation."),
    )
    bottom_units_excluded = models.PositiveSmallIntegerField(
        _("bottom departments excluded from awards"),
        default=0,
        help_text=_(
            "The departments with the lowest resolution rate of the year that are not eligible "
            "for the excellent-unit award (0: none)."
        ),
    )
    commend_quarterly = models.BooleanField(_("commend good quarters"), default=True)
    commend_min_cases = models.PositiveSmallIntegerField(
        _("minimum cases in the quarter"), default=5
    )
    commend_min_satisfaction = models.DecimalField(
        _("minimum satisfaction rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(90),
        validators=PERCENT,
    )
    commend_min_on_time = models.DecimalField(
        _("minimum on-time rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(95),
        validators=PERCENT,
    )

    history = AuditHistory()

    class Meta:
        verbose_name = _("penalty rule set")
        verbose_name_plural = _("penalty rule sets")
        ordering = ["organisation", "-is_active", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_active=True),
                name="one_active_penalty_rule_set",
            ),
            models.UniqueConstraint(
                fields=["organisation", "name"], name="penalty_rule_set_name_unique"
            ),
        ]

    def __str__(self):
        return self.name


class PenaltyRule(models.Model):
    """Which sanctions follow the nth substantiated violation (of one kind, or of any).

    The number counts the person's earlier offences in the window: all of them, or only
    those of the same kind (the 2nd substantiated complaint), and optionally only those about
    the same case or repeating the same complaint (重复投诉).
    """

    rule_set = models.ForeignKey(
        PenaltyRuleSet,
        on_delete=models.PROTECT,
        related_name="rules",
        verbose_name=_("rule set"),
    )
    violation_kind = models.CharField(
        _("violation kind"),
        max_length=30,
        choices=ViolationKind.choices,
        blank=True,
        help_text=_("Empty: any kind."),
    )
    offence_from = models.PositiveSmallIntegerField(
        _("from offence"), default=1, validators=[MinValueValidator(1)]
    )
    offence_to = models.PositiveSmallIntegerField(
        _("to offence"), null=True, blank=True, help_text=_("Empty: this one and every later one.")
    )
    counts = models.CharField(
        _("counting"),
        max_length=10,
        choices=OffenceCount.choices,
        default=OffenceCount.ALL,
        help_text=_(
            "Which earlier offences of the person give the number: every violation, or only "
            "those of the same kind (e.g. from the 2nd substantiated complaint)."
        ),
    )
    same_case = models.BooleanField(
        _("about the same case"),
        default=False,
        help_text=_(
            "Count only offences about the same case (repeated complaints about one ticket) "
            "or repeating the same complaint (the same complainant about the same staff "
            "member, or linked by staff as a repeat); any other violation is its first."
        ),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    objects = OrganisationQuerySet.as_manager()
    history = AuditHistory()
    organisation_lookup = "rule_set__organisation"

    class Meta:
        verbose_name = _("penalty rule")
        verbose_name_plural = _("penalty rules")
        ordering = ["rule_set", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(offence_to__isnull=True) | Q(offence_to__gte=models.F("offence_from")),
                name="penalty_rule_offence_range",
            ),
        ]

    def __str__(self):
        kind = self.get_violation_kind_display() if self.violation_kind else _("any violation")
        parts = [str(kind), str(self.offence_range)]
        if self.counts == OffenceCount.KIND:
            parts.append(str(OF_THIS_KIND))
        if self.same_case:
            parts.append(str(ABOUT_THE_SAME_CASE))
        return " · ".join(parts)

    @property
    def offence_range(self):
        if self.offence_to == self.offence_from:
            return _("offence %(n)s") % {"n": self.offence_from}
        if self.offence_to is None:
            return _("offence %(n)s and later") % {"n": self.offence_from}
        return _("offences %(a)s–%(b)s") % {"a": self.offence_from, "b": self.offence_to}

    def applies_to(self, kind: str, offence_number: int) -> bool:
        """Whether the rule covers a violation of ``kind`` numbered ``offence_number`` as this
        rule counts (see ``counts`` and ``same_case``)."""
        return (not self.violation_kind or self.violation_kind == kind) and (
            self.offence_from <= offence_number
            and (self.offence_to is None or offence_number <= self.offence_to)
        )


class Sanction(models.Model):
    """One sanction of a rule, for the person or for someone jointly liable (连带责任)."""

    rule = models.ForeignKey(
        PenaltyRule, on_delete=models.PROTECT, related_name="sanctions", verbose_name=_("rule")
    )
    liability = models.CharField(
        _("for"), max_length=20, choices=Liability.choices, default=Liability.PERSON
    )
    kind = models.CharField(_("sanction"), max_length=30, choices=SanctionKind.choices)
    amount_min = models.DecimalField(
        _("amount"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    amount_max = models.DecimalField(
        _("up to"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a range such as 30–50 yuan; empty for a fixed amount."),
    )
    rating_cap = models.CharField(
        _("rating cap"), max_length=20, choices=RatingCap.choices, blank=True
    )

    objects = OrganisationQuerySet.as_manager()
    history = AuditHistory()
    organisation_lookup = "rule__rule_set__organisation"

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ["rule", "liability", "pk"]

    def __str__(self):
        text = describe(self.kind, self.amount_min, self.amount_max, self.rating_cap)
        return f"{self.get_liability_display()}: {text}"

    def clean(self):
        errors = {}
        if self.kind in AMOUNT_SANCTIONS and self.amount_min is None:
            errors["amount_min"] = _("This sanction needs an amount.")
        low, high = self.amount_min, self.amount_max
        if low is not None and high is not None and high < low:
            errors["amount_max"] = _("The upper end cannot be below the amount.")
        if self.kind == SanctionKind.RATING_CAP and not self.rating_cap:
            errors["rating_cap"] = _("Choose the rating cap.")
        if self.liability == Liability.DEPARTMENT and self.kind not in DEPARTMENT_SANCTIONS:
            errors["kind"] = _("A department can only be named in a notice or lose its award.")
        if errors:
            raise ValidationError(errors)


class EscalationRule(models.Model):
    """A rating that follows from the number of sanctions of one kind in a year
    (e.g. two efficiency warnings → rated incompetent)."""

    rule_set = models.ForeignKey(
        PenaltyRuleSet,
        on_delete=models.PROTECT,
        related_name="escalations",
        verbose_name=_("rule set"),
    )
    sanction_kind = models.CharField(_("sanction"), max_length=30, choices=SanctionKind.choices)
    threshold = models.PositiveSmallIntegerField(
        _("number in a year"), default=2, validators=[MinValueValidator(1)]
    )
    rating_cap = models.CharField(_("rating"), max_length=20, choices=RatingCap.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)

    objects = OrganisationQuerySet.as_manager()
    history = AuditHistory()
    organisation_lookup = "rule_set__organisation"

    class Meta:
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")
        ordering = ["rule_set", "pk"]

    def __str__(self):
        return _("%(n)s × %(sanction)s → %(rating)s") % {
            "n": self.threshold,
            "sanction": self.get_sanction_kind_display(),
            "rating": self.get_rating_cap_display(),
        }


def sanction_parts(kind, low=None, high=None, rating_cap=""):
    """A sanction as (name, amount, upper end), the amounts as numbers or None:
    ("Fine (yuan)", 30, 50), ("Annual bonus deduction (%)", 5, None), ("Rated incompetent",
    None, None)."""
    kind = SanctionKind(kind)
    if kind == SanctionKind.RATING_CAP:
        return str(RatingCap(rating_cap).label), None, None
    if kind not in AMOUNT_SANCTIONS or low is None:
        return str(kind.label), None, None
    up_to = _plain_number(high) if high is not None and high != low else None
    return str(kind.label), _plain_number(low), up_to


def _plain_number(amount: Decimal) -> int | Decimal:
    """5 for 5.00, 2.5 for 2.50: printed as a person writes it."""
    return int(amount) if amount == amount.to_integral_value() else amount.normalize()


def describe(kind, low=None, high=None, rating_cap=""):
    """A sanction in words: "Fine (yuan) 30–50", "Rated incompetent"."""
    name, amount, up_to = sanction_parts(kind, low, high, rating_cap)
    if amount is None:
        return name
    return f"{name} {amount}" + (f"–{up_to}" if up_to is not None else "")
