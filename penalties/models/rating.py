from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.models import OrganisationOwned

from .choices import RatingOutcome
from .queryset import LedgerQuerySet


class AnnualRating(OrganisationOwned):
    """What the ledger means for one staff member's (or department's) year.

    Derived: ``penalties.ratings`` rebuilds it from the live ledger whenever a line is
    written, so it can be listed, filtered and exported like any row. It is never edited
    by hand and carries no history of its own; the ledger is the history.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    staff = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annual_ratings",
        verbose_name=_("staff member"),
        help_text=_("Empty for the rating of the department itself."),
    )
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="annual_ratings",
        verbose_name=_("department"),
    )
    outcome = models.CharField(
        _("annual rating"),
        max_length=20,
        choices=RatingOutcome.choices,
        default=RatingOutcome.ELIGIBLE,
    )
    removed_from_post = models.BooleanField(_("removed from post"), default=False)
    suspended_for_training = models.BooleanField(_("suspended for training"), default=False)
    bonus_deduction_percent = models.DecimalField(
        _("annual bonus deduction (%)"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    fines_min = models.DecimalField(
        _("fines (yuan)"), max_digits=9, decimal_places=2, default=Decimal(0)
    )
    fines_max = models.DecimalField(
        _("fines up to (yuan)"), max_digits=9, decimal_places=2, default=Decimal(0)
    )
    bonus_months_min = models.DecimalField(
        _("performance bonus withheld (months)"), max_digits=5, decimal_places=1, default=0
    )
    bonus_months_max = models.DecimalField(
        _("withheld up to (months)"), max_digits=5, decimal_places=1, default=0
    )
    violations = models.PositiveSmallIntegerField(_("substantiated violations"), default=0)
    penalties = models.PositiveSmallIntegerField(_("penalties in force"), default=0)
    commendations = models.PositiveSmallIntegerField(_("commendations"), default=0)
    reasons = models.TextField(_("reasons"), blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual rating effect")
        verbose_name_plural = _("annual rating effects")
        ordering = ["-year", "department", "staff"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "year"],
                condition=Q(staff__isnull=False),
                name="one_rating_per_staff_and_year",
            ),
            models.UniqueConstraint(
                fields=["department", "year"],
                condition=Q(staff__isnull=True),
                name="one_rating_per_department_and_year",
            ),
        ]

    def __str__(self):
        subject = self.staff.name if self.staff_id else str(self.department)
        return f"{self.year} {subject}: {self.get_outcome_display()}"
