"""The managers' summary tables: every count the metrics need, per organisation, department
and staff member and day, so that a period's numbers are a sum over its days.

A day's rows are what ``metrics.compute`` counts for that day alone, grouped the same way
(``penalties.metrics.daily``). ``CountedDay`` says when a day was last counted and whether
an event touched it since; a day counted before it ended, or touched since, is counted
live until the summaries' sweep counts it again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from departments.models import OrganisationOwned

# The counts of ``Numbers`` (penalties.numbers), with their labels (a test keeps the two
# lists the same).
COUNT_LABELS = {
    "registered": _("cases registered"),
    "transferred": _("transfers sent"),
    "resolved": _("cases resolved"),
    "called_back": _("resolved and called back"),
    "to_resolve": _("cases to resolve"),
    "done": _("cases to resolve, done"),
    "received": _("transfers received"),
    "returned": _("transfers returned"),
    "reopened": _("reopened after a bad rating"),
    "forward_due": _("forwarding stages counted"),
    "forward_on_time": _("forwarding stages on time"),
    "sign_for_due": _("sign-for stages counted"),
    "sign_for_on_time": _("sign-for stages on time"),
    "resolve_due": _("resolution stages counted"),
    "resolve_on_time": _("resolution stages on time"),
    "callback_due": _("callback stages counted"),
    "callback_on_time": _("callback stages on time"),
    "very_satisfied": _("rated very satisfied"),
    "satisfied": _("rated satisfied"),
    "basically_satisfied": _("rated basically satisfied"),
    "dissatisfied": _("rated dissatisfied"),
    "very_dissatisfied": _("rated very dissatisfied"),
    "violations": _("substantiated violations"),
    "penalties": _("penalties"),
    "commendations": _("commendations"),
    "merged": _("merged duplicates registered"),
    "open_registered": _("open cases, registered"),
    "open_transferred": _("open cases, transferred"),
    "open_resolved": _("open cases, resolved"),
    "forward_open": _("forwarding stages open past their deadline"),
    "sign_for_open": _("sign-for stages open past their deadline"),
    "resolve_open": _("resolution stages open past their deadline"),
    "callback_open": _("callback stages open past their deadline"),
}
COUNT_NAMES = tuple(COUNT_LABELS)
OPEN_STAGE_NAMES = ("forward_open", "sign_for_open", "resolve_open", "callback_open")


def any_counted(names) -> models.Q:
    """The rows where any of ``names`` is not 0 (the only rows that add to their sums)."""
    condition = models.Q()
    for name in names:
        condition |= models.Q(**{f"{name}__gt": 0})
    return condition


class Level(models.TextChoices):
    ORGANISATION = "organisation", _("organisation")
    DEPARTMENT = "department", _("department")
    STAFF = "staff", _("staff member")


class CountedDay(OrganisationOwned):
    day = models.DateField(_("day"))
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    touched = models.BooleanField(
        _("touched since"),
        default=True,
        help_text=_("An event changed the day's counts after they were counted."),
    )

    class Meta:
        verbose_name = _("counted day")
        verbose_name_plural = _("counted days")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "day"], name="one_counted_day"),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "day"],
                condition=models.Q(touched=True),
                name="counted_day_touched",
            )
        ]

    def __str__(self):
        return f"{self.organisation_id} {self.day}"


class DailyCount(OrganisationOwned):
    """One subject's counts on one day (subject 0: the organisation as a whole)."""

    day = models.DateField(_("day"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    subject = models.PositiveIntegerField(
        _("subject"), help_text=_("The department's or staff member's id; 0 for the organisation.")
    )

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "level", "day", "subject"], name="one_daily_count"
            ),
        ]
        indexes = [
            # The dashboard's overdue work sums the open stages past their deadline over
            # every day since the first case: the few days that still hold one.
            models.Index(
                fields=["organisation", "level", "day", "subject"],
                include=list(OPEN_STAGE_NAMES),
                condition=any_counted(OPEN_STAGE_NAMES),
                name="daily_count_open_stages",
            )
        ]

    def __str__(self):
        return f"{self.day} {self.level} {self.subject}"


# One column per count (the metrics sum them in SQL over a period's days).
for _name, _label in COUNT_LABELS.items():
    models.PositiveIntegerField(_label, default=0).contribute_to_class(DailyCount, _name)
