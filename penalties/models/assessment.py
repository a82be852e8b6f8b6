from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from departments.models import OrganisationOwned
from firstask.history import AuditHistory

from ..numbers import Numbers
from .choices import SatisfactionFormula
from .queryset import LedgerQuerySet


def _weight(label, default):
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MaxValueValidator(100)]
    )


class AssessmentSettings(OrganisationOwned):
    """How an organisation scores its departments and staff (考核办法): one row each."""

    satisfaction_formula = models.CharField(
        _("satisfaction rate formula"),
        max_length=20,
        choices=SatisfactionFormula.choices,
        default=SatisfactionFormula.THREE_LEVELS,
    )
    weight_on_time_forward = _weight(_("weight: on-time forwarding rate"), 10)
    weight_on_time_sign_for = _weight(_("weight: on-time sign-for rate"), 10)
    weight_on_time_resolution = _weight(_("weight: on-time resolution rate"), 25)
    weight_resolution = _weight(_("weight: resolution rate"), 15)
    weight_callback = _weight(_("weight: callback rate"), 10)
    weight_satisfaction = _weight(_("weight: satisfaction rate"), 20)
    weight_return = _weight(_("weight: return rate (lower is better)"), 5)
    weight_redo = _weight(_("weight: redo rate (lower is better)"), 5)
    points_per_violation = models.DecimalField(
        _("points deducted per substantiated violation"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(5),
        validators=[MinValueValidator(Decimal(0))],
    )
    points_per_commendation = models.DecimalField(
        _("points added per commendation"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
    )
    minimum_volume = models.PositiveSmallIntegerField(
        _("minimum cases handled to be ranked"),
        default=5,
        help_text=_(
            "A department or staff member that handled fewer cases in the period is shown "
            "as not ranked (不参评): never a best or bottom place, never on the red list."
        ),
    )
    bottom_count = models.PositiveSmallIntegerField(
        _("bottom places flagged"),
        default=3,
        help_text=_("How many of the last places of a ranking are flagged (末位)."),
    )

    history = AuditHistory()

    class Meta:
        verbose_name = _("assessment settings")
        verbose_name_plural = _("assessment settings")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="one_assessment_settings")
        ]

    def __str__(self):
        return str(self.organisation)

    @classmethod
    def for_organisation(cls, organisation) -> "AssessmentSettings":
        """The organisation's settings, or the defaults (unsaved) when it has none."""
        organisation_id = getattr(organisation, "pk", organisation)
        found = cls.objects.filter(organisation_id=organisation_id).first()
        return found or cls(organisation_id=organisation_id)

    def weights(self) -> dict[str, int]:
        """{rate name: weight}, as the metrics module names the rates."""
        return {
            "on_time_forward_rate": self.weight_on_time_forward,
            "on_time_sign_for_rate": self.weight_on_time_sign_for,
            "on_time_resolution_rate": self.weight_on_time_resolution,
            "resolution_rate": self.weight_resolution,
            "callback_rate": self.weight_callback,
            "satisfaction_rate": self.weight_satisfaction,
            "return_rate": self.weight_return,
            "redo_rate": self.weight_redo,
        }


class AssessmentPeriod(OrganisationOwned):
    """One assessed month, quarter or year; its rows are replaced at each run until locked."""

    class Kind(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("period"), max_length=10)
    start = models.DateField(_("from"))
    end = models.DateField(_("to (exclusive)"))
    computed_at = models.DateTimeField(
        _("assessed at"), help_text=_("When the numbers, scores and ranks were last computed.")
    )
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_(
            "Computed before the period ended; the beat task computes it again until then."
        ),
    )
    computed_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("computed by"),
        help_text=_("Empty when the beat task computed it."),
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("locked by"),
    )

    history = AuditHistory()

    class Meta:
        verbose_name = _("assessment period")
        verbose_name_plural = _("assessment periods")
        ordering = ["-start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "label"], name="one_assessment_per_period"
            )
        ]

    def __str__(self):
        return self.label

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Assessment(OrganisationOwned):
    """A department's (staff empty) or staff member's numbers, score and rank in a period."""

    period = models.ForeignKey(
        AssessmentPeriod,
        on_delete=models.CASCADE,
        related_name="rows",
        verbose_name=_("period"),
    )
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    staff = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
        help_text=_("Empty for the department's own row."),
    )
    counts = models.JSONField(_("counts"), default=dict)
    registered = models.PositiveIntegerField(_("cases registered"), default=0)
    transferred = models.PositiveIntegerField(_("transfers sent"), default=0)
    resolved = models.PositiveIntegerField(_("cases resolved"), default=0)
    on_time_forward_rate = models.DecimalField(
        _("on-time forwarding rate (%)"), max_digits=5, decimal_places=2, null=True
    )
    on_time_sign_for_rate = models.DecimalField(
        _("on-time sign-for rate (%)"), max_digits=5, decimal_places=2, null=True
    )
    on_time_resolution_rate = models.DecimalField(
        _("on-time resolution rate (%)"), max_digits=5, decimal_places=2, null=True
    )
    resolution_rate = models.DecimalField(
        _("resolution rate (%)"), max_digits=5, decimal_places=2, null=True
    )
    callback_rate = models.DecimalField(
        _("callback rate (%)"), max_digits=5, decimal_places=2, null=True
    )
    satisfaction_rate = models.DecimalField(
        _("satisfaction rate (%)"), max_digits=5, decimal_places=2, null=True
    )
    return_rate = models.DecimalField(
        _("return rate (%)"), max_digits=5, decimal_places=2, null=True
    )
    redo_rate = models.DecimalField(_("redo rate (%)"), max_digits=5, decimal_places=2, null=True)
    violations = models.PositiveIntegerField(_("substantiated violations"), default=0)
    penalties = models.PositiveIntegerField(_("penalties"), default=0)
    commendations = models.PositiveIntegerField(_("commendations"), default=0)
    score = models.DecimalField(
        _("score"),
        max_digits=7,
        decimal_places=2,
        null=True,
        help_text=_("Empty when there was no rate to measure."),
    )
    rank = models.PositiveIntegerField(
        pgettext_lazy("assessment", "rank"),
        null=True,
        help_text=_("Empty when not ranked (不参评): too few cases handled in the period."),
    )
    is_bottom = models.BooleanField(_("bottom place"), default=False)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["period", "staff", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "department"],
                condition=Q(staff__isnull=True),
                name="one_assessment_per_department",
            ),
            models.UniqueConstraint(
                fields=["period", "staff"],
                condition=Q(staff__isnull=False),
                name="one_assessment_per_staff",
            ),
        ]

    def __str__(self):
        subject = self.staff.name if self.staff_id else str(self.department)
        return f"{self.period} {subject} #{self.rank or '-'}"

    @property
    def is_ranked(self) -> bool:
        return self.rank is not None

    @property
    def handled(self) -> int:
        """Cases handled in the period (see ``Numbers.handled``)."""
        return Numbers.from_counts(self.counts or {}, SatisfactionFormula.THREE_LEVELS).handled
