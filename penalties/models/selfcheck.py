from django.db import models
from django.utils.translation import gettext_lazy as _

from departments.scoping import OrganisationQuerySet
from firstask.history import AuditHistory


class SelfCheck(models.Model):
    """The department's self-check (自查) of a suspected violation: notice, deadline, answer."""

    violation = models.OneToOneField(
        "penalties.Violation",
        on_delete=models.PROTECT,
        related_name="self_check",
        verbose_name=_("violation"),
    )
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    notice_due = models.DateTimeField(
        _("notice due by"), help_text=_("When the department should have been notified.")
    )
    sent_at = models.DateTimeField(_("requested at"))
    sent_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    request = models.TextField(_("what to check"), blank=True)
    due = models.DateTimeField(_("answer due by"), db_index=True)
    answer = models.TextField(_("answer and evidence"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    objects = OrganisationQuerySet.as_manager()
    history = AuditHistory()
    organisation_lookup = "violation__organisation"

    class Meta:
        verbose_name = _("self-check")
        verbose_name_plural = _("self-checks")

    def __str__(self):
        return str(self.violation)

    @property
    def notice_was_late(self):
        return self.sent_at > self.notice_due
