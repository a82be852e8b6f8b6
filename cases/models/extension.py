from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.access import has_role, sees_all_organisations, staff_of
from departments.scoping import OrganisationQuerySet
from firstask.history import AuditHistory

from ..choices import ExtensionStatus
from .queryset import ORGANISATION_WIDE_ROLES


class ExtensionQuerySet(OrganisationQuerySet):
    def for_user(self, user):
        """Organisation-wide for supervisors, auditors and administrators; otherwise the
        requests of one's own and those of the departments one heads."""
        scoped = super().for_user(user)
        if sees_all_organisations(user) or has_role(user, *ORGANISATION_WIDE_ROLES):
            return scoped
        staff = staff_of(user)
        if staff is None:
            return scoped.none()
        return scoped.filter(
            Q(requested_by=staff) | Q(clock__department__in=staff.headed_departments.all())
        )

    def pending(self):
        return self.filter(status=ExtensionStatus.PENDING)


class Extension(models.Model):
    """延期: a later deadline for one stage, requested with a reason and decided by a head."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="extensions", verbose_name=_("case")
    )
    clock = models.ForeignKey(
        "cases.StageClock",
        on_delete=models.PROTECT,
        related_name="extensions",
        verbose_name=_("stage clock"),
    )
    requested_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"))
    reason = models.TextField(_("reason"))
    previous_due = models.DateTimeField(_("deadline before"))
    requested_due = models.DateTimeField(_("new deadline"))
    status = models.CharField(
        _("decision"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    objects = ExtensionQuerySet.as_manager()
    history = AuditHistory()
    organisation_lookup = "case__organisation"

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["-requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["clock"],
                condition=Q(status=ExtensionStatus.PENDING),
                name="one_pending_extension_per_clock",
            ),
            models.CheckConstraint(
                condition=Q(requested_due__gt=models.F("previous_due")),
                name="extension_moves_the_deadline_later",
            ),
        ]

    def __str__(self):
        return f"{self.case} → {self.requested_due:%Y-%m-%d %H:%M}"
