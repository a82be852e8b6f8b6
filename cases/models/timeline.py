from django.db import models
from django.utils.translation import gettext_lazy as _

from departments.scoping import OrganisationQuerySet
from firstask.timeline import TimelineEvent

from ..choices import EventAction, State
from ..signals import case_events_recorded


class CaseEventQuerySet(OrganisationQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        case_events_recorded.send(sender=CaseEvent, events=created)
        return created


class CaseEvent(TimelineEvent):
    """One line of the readable case timeline: who did what, from which state to which."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("case"),
        db_index=False,  # the (case, at) index serves it: one index fewer per line written
        # No database constraint: each line checked at commit locks its case's row, one
        # random page of the largest table (after a downtime the sweep writes 100,000s of
        # lines at once). Lines are written from the case in hand, cases are never deleted
        # (PROTECT), and check_consistency reports a line without its case.
        db_constraint=False,
    )
    action = models.CharField(_("action"), max_length=20, choices=EventAction.choices)
    from_state = models.CharField(_("from state"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=20, choices=State.choices, blank=True)
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department concerned"),
    )

    objects = CaseEventQuerySet.as_manager()
    organisation_lookup = "case__organisation"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("case event")
        verbose_name_plural = _("case timeline")
        indexes = [
            models.Index(fields=["case", "at"]),
            # Metrics count a period's reopenings (penalties.metrics).
            models.Index(fields=["action", "at"], name="caseevent_action_at"),
        ]

    def __str__(self):
        return f"{self.case} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            case_events_recorded.send(sender=CaseEvent, events=[self])


class UrgingNotice(models.Model):
    """催办: the supervising office presses for an open case to be finished."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="urgings", verbose_name=_("case")
    )
    at = models.DateTimeField(_("sent at"))
    by = models.ForeignKey(
        "departments.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    to_department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="urgings_received",
        verbose_name=_("to department"),
    )
    note = models.TextField(_("note"))

    objects = OrganisationQuerySet.as_manager()
    organisation_lookup = "case__organisation"

    class Meta:
        verbose_name = _("urging notice")
        verbose_name_plural = _("urging notices")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case} {self.at:%Y-%m-%d}"
