import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstask.history import AuditHistory

from ..scoping import OrganisationQuerySet
from .organisation import OrganisationOwned


class Shift(models.TextChoices):
    DAY = "day", _("Day shift")
    NIGHT = "night", _("Night shift")
    HOLIDAY = "holiday", _("Holiday duty")


class DutyRole(models.TextChoices):
    RECEPTION = "reception", _("Reception window")
    DEPARTMENT = "department", _("Department duty")
    OVERALL = "overall", _("Overall duty")


def shift_window(date, shift, opening_time, closing_time, tz):
    """The moments a shift dated ``date`` covers, as aware datetimes [start, end).

    Day: office hours. Night: closing time to the next day's opening time. Holiday: the
    whole calendar day.
    """

    def at(day, time):
        return dt.datetime.combine(day, time, tzinfo=tz)

    next_day = date + dt.timedelta(days=1)
    if shift == Shift.DAY:
        return at(date, opening_time), at(date, closing_time)
    if shift == Shift.NIGHT:
        return at(date, closing_time), at(next_day, opening_time)
    return at(date, dt.time.min), at(next_day, dt.time.min)


class DutyRosterQuerySet(OrganisationQuerySet):
    def on_duty(self, organisation, at=None, *, department=None, role=None):
        """Roster entries of staff on duty at the moment ``at`` (now by default).

        A night shift dated yesterday still covers the small hours of today, so both
        dates are read and the windows are checked exactly.
        """
        at = at or timezone.now()
        tz = timezone.get_current_timezone()
        local = timezone.localtime(at, tz)
        candidates = self.for_organisation(organisation).filter(
            date__in=[local.date(), local.date() - dt.timedelta(days=1)],
            staff__is_active=True,
        )
        if department is not None:
            candidates = candidates.filter(department=department)
        if role is not None:
            candidates = candidates.filter(role=role)
        candidates = candidates.select_related("staff", "department", "organisation")
        return [entry for entry in candidates if entry.window(tz)[0] <= local < entry.window(tz)[1]]


class DutyRoster(OrganisationOwned):
    staff = models.ForeignKey(
        "departments.Staff",
        on_delete=models.PROTECT,
        related_name="duties",
        verbose_name=_("staff member"),
    )
    department = models.ForeignKey(
        "departments.Department",
        on_delete=models.PROTECT,
        related_name="duties",
        verbose_name=_("department"),
    )
    date = models.DateField(_("date"))
    shift = models.CharField(_("shift"), max_length=10, choices=Shift.choices, default=Shift.DAY)
    role = models.CharField(
        _("duty role"), max_length=12, choices=DutyRole.choices, default=DutyRole.DEPARTMENT
    )

    objects = DutyRosterQuerySet.as_manager()
    history = AuditHistory()
    same_organisation_fields = ("staff", "department")

    class Meta:
        verbose_name = _("duty roster entry")
        verbose_name_plural = _("duty roster")
        ordering = ["organisation", "-date", "shift", "department"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "date", "shift"], name="one_shift_per_staff_and_day"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_shift_display()} {self.staff}"

    def window(self, tz):
        organisation = self.organisation
        return shift_window(
            self.date, self.shift, organisation.opening_time, organisation.closing_time, tz
        )
