from django.db import models
from django.utils.translation import gettext_lazy as _

from departments.scoping import OrganisationQuerySet
from firstask.history import AuditHistory

from ..choices import ContactResult, Satisfaction


class Callback(models.Model):
    """One attempt to call the person back; a reached attempt records their rating."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="callbacks", verbose_name=_("case")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    at = models.DateTimeField(_("called at"))
    by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        related_name="callbacks",
        verbose_name=_("called by"),
    )
    contact_result = models.CharField(
        _("contact result"), max_length=20, choices=ContactResult.choices
    )
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    praise = models.BooleanField(
        _("praise for staff"), default=False, help_text=_("The person praised the staff.")
    )
    note = models.TextField(_("note"), blank=True)

    objects = OrganisationQuerySet.as_manager()
    history = AuditHistory()
    organisation_lookup = "case__organisation"

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        ordering = ["at", "pk"]
        # Metrics count a period's ratings (penalties.metrics).
        indexes = [models.Index(fields=["at"], name="callback_at")]

    def __str__(self):
        return f"{self.case} {self.at:%Y-%m-%d %H:%M}"
