from django.db import models
from django.utils.translation import gettext_lazy as _

from departments.scoping import OrganisationQuerySet
from firstask.history import AuditHistory

from ..choices import TransferRole


class Transfer(models.Model):
    """One hand-over of a case to a department; a return or sign-for completes it."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="transfers", verbose_name=_("case")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    role = models.CharField(
        _("role"), max_length=10, choices=TransferRole.choices, default=TransferRole.LEAD
    )
    lead_transfer = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assisting_transfers",
        verbose_name=_("lead transfer"),
    )
    from_department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="transfers_sent",
        verbose_name=_("from department"),
    )
    from_staff = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        related_name="transfers_sent",
        verbose_name=_("sent by"),
    )
    to_department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="transfers_received",
        verbose_name=_("to department"),
    )
    note = models.TextField(_("note"), blank=True)
    is_forced = models.BooleanField(
        _("forced assignment"),
        default=False,
        help_text=_("Assigned by the supervising office; cannot be returned."),
    )
    sent_at = models.DateTimeField(_("sent at"))

    accepted_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_accepted",
        verbose_name=_("signed for by"),
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_returned",
        verbose_name=_("returned by"),
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    # A return names the duty-list item that makes the case someone else's; empty on a
    # return stating that no item of the duty list covers it.
    return_duty_item = models.ForeignKey(
        "departments.Matter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("duty-list item it belongs to"),
    )
    proposed_department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed department"),
        help_text=_("Where the returning department says the case belongs."),
    )
    return_rejected = models.BooleanField(
        _("return rejected"),
        default=False,
        help_text=_("The supervising office found the return unjustified (a refused transfer)."),
    )
    opinion = models.TextField(_("assisting opinion"), blank=True)
    opinion_at = models.DateTimeField(_("opinion given at"), null=True, blank=True)
    opinion_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assist_opinions",
        verbose_name=_("opinion given by"),
    )

    objects = OrganisationQuerySet.as_manager()
    history = AuditHistory()
    organisation_lookup = "case__organisation"

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["sent_at", "pk"]
        # Metrics count a period's transfers (penalties.metrics).
        indexes = [models.Index(fields=["sent_at"], name="transfer_sent_at")]
        constraints = [
            models.CheckConstraint(
                condition=~(
                    models.Q(accepted_at__isnull=False) & models.Q(returned_at__isnull=False)
                ),
                name="transfer_signed_for_or_returned_not_both",
            ),
        ]

    def __str__(self):
        return f"{self.case} → {self.to_department}"

    @property
    def is_outstanding(self):
        return self.accepted_at is None and self.returned_at is None
