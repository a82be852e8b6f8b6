from django.db import models
from django.utils.translation import gettext_lazy as _

from departments.scoping import OrganisationQuerySet
from firstask.timeline import TimelineEvent

from .choices import ViolationAction, ViolationState


class ViolationEvent(TimelineEvent):
    """One line of the violation's timeline: who did what, from which state to which."""

    violation = models.ForeignKey(
        "penalties.Violation",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("violation"),
    )
    action = models.CharField(_("action"), max_length=30, choices=ViolationAction.choices)
    from_state = models.CharField(
        _("from state"), max_length=20, choices=ViolationState.choices, blank=True
    )
    to_state = models.CharField(
        _("to state"), max_length=20, choices=ViolationState.choices, blank=True
    )

    objects = OrganisationQuerySet.as_manager()
    organisation_lookup = "violation__organisation"

    class Meta(TimelineEvent.Meta):
        verbose_name = _("violation event")
        verbose_name_plural = _("violation timeline")

    def __str__(self):
        return f"{self.violation_id} {self.get_action_display()}"
