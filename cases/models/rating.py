from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.scoping import OrganisationQuerySet
from firstask.history import AuditHistory

from ..choices import ReviewStatus, Satisfaction


class Rating(models.Model):
    """The person's own rating of a round's handling (好差评), given once on the public pages
    with the query code or the signed link; a bad one opens a review for the supervising
    office (see services/rating.py)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="ratings", verbose_name=_("case")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    at = models.DateTimeField(_("rated at"))
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices)
    comment = models.TextField(_("comment"), blank=True)
    review_status = models.CharField(
        _("review"), max_length=10, choices=ReviewStatus.choices, blank=True, default=""
    )
    reviewed_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    objects = OrganisationQuerySet.as_manager()
    history = AuditHistory()
    organisation_lookup = "case__organisation"

    class Meta:
        verbose_name = _("person's rating")
        verbose_name_plural = _("persons' ratings")
        ordering = ["-at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "round"], name="one_rating_per_case_round"),
        ]
        indexes = [
            # Metrics count a period's ratings (penalties.metrics).
            models.Index(fields=["at"], name="rating_at"),
            models.Index(
                fields=["case"], condition=Q(review_status=ReviewStatus.OPEN), name="rating_open"
            ),
        ]

    def __str__(self):
        return f"{self.case} {self.get_satisfaction_display()}"
