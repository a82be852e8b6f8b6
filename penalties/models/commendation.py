from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from departments.models import OrganisationOwned
from firstask.history import AuditHistory

from .choices import CommendationSource
from .queryset import LedgerQuerySet


class Commendation(OrganisationOwned):
    """Praise or reward (表扬) for a staff member, or for a department when staff is empty."""

    staff = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name=_("staff member"),
        help_text=_("Empty when the department as a whole is commended."),
    )
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="commendations",
        verbose_name=_("department"),
    )
    source = models.CharField(_("source"), max_length=20, choices=CommendationSource.choices)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name=_("case"),
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    at = models.DateTimeField(_("at"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    reason = models.TextField(_("reason"))
    # e.g. "praise:<callback>" or "quarter:2026Q3:staff:<id>": created once however often
    # the callback is saved or the beat task runs.
    origin = models.CharField(_("origin"), max_length=100, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        help_text=_("Empty when the system recorded it."),
    )

    objects = LedgerQuerySet.as_manager()
    history = AuditHistory()
    same_organisation_fields = ("staff", "department", "case")

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "origin"],
                condition=~Q(origin=""),
                name="commendation_once_per_origin",
            ),
        ]
        # A period's commendations (the notice, the daily counts).
        indexes = [models.Index(fields=["organisation", "at"], name="commendation_organisation_at")]

    def __str__(self):
        subject = self.staff.name if self.staff_id else str(self.department)
        return f"{subject} · {self.get_source_display()} · {self.at:%Y-%m-%d}"


class PeriodRun(OrganisationOwned):
    """Marks a period-end job as done for an organisation, so the beat task does it once."""

    job = models.CharField(_("job"), max_length=40)
    period = models.CharField(_("period"), max_length=20)
    done_at = models.DateTimeField(_("done at"))

    class Meta:
        verbose_name = _("period-end run")
        verbose_name_plural = _("period-end runs")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "job", "period"], name="period_run_once"
            ),
        ]

    def __str__(self):
        return f"{self.job} {self.period}"
