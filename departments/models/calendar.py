from django.db import models
from django.utils.translation import gettext_lazy as _

from firstask.history import AuditHistory

from .organisation import OrganisationOwned


class CalendarOverride(OrganisationOwned):
    """A day whose working status differs from the statutory calendar for this organisation."""

    date = models.DateField(_("date"))
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = AuditHistory()

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["organisation", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "date"], name="one_calendar_override_per_day"
            ),
        ]

    def __str__(self):
        status = _("working day") if self.is_working_day else _("day off")
        return f"{self.date:%Y-%m-%d} {status}"
