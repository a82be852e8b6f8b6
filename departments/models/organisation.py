import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from firstask.history import AuditHistory

from ..scoping import OrganisationQuerySet


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government agency")
        HOSPITAL = "hospital", _("Hospital")
        BANK = "bank", _("Bank")
        TELECOM = "telecom", _("Telecom operator")
        PROPERTY = "property", _("Property management")
        SCHOOL = "school", _("School")
        COMPANY = "company", _("Company")

    class PenaltyPreset(models.TextChoices):
        MUNICIPAL = "municipal", _("Municipal agency")
        PROPERTY = "property", _("Property management")
        BUREAU = "bureau", _("Bureau efficiency rules")
        TELECOM = "telecom", _("Telecom operator")

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("short code"),
        max_length=10,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z][A-Z0-9]{1,9}$", _("Use 2–10 capital letters or digits."))
        ],
        help_text=_("Used in case numbers, e.g. WW in WW-2026-000123."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GOVERNMENT)
    calendar_region = models.CharField(
        _("calendar region"),
        max_length=10,
        default="CN",
        help_text=_("Country code of the statutory holiday calendar."),
    )
    opening_time = models.TimeField(_("opening time"), default=dt.time(8, 30))
    closing_time = models.TimeField(
        _("closing time"),
        default=dt.time(17, 30),
        help_text=_("A limit in working days ends at this time on its last day."),
    )
    penalty_preset = models.CharField(
        _("penalty preset"), max_length=20, choices=PenaltyPreset.choices, blank=True
    )
    time_limit_preset = models.CharField(
        _("time-limit preset"), max_length=20, choices=PenaltyPreset.choices, blank=True
    )
    callback_attempts = models.PositiveSmallIntegerField(
        _("callback attempts"),
        default=3,
        help_text=_("After this many failed attempts a case is closed as unreachable."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The organisation's part in the installation-wide periodic tasks (departments/schedules.py):
    # the tasks belong to the platform operator, each organisation switches its part on or off.
    runs_deadline_sweep = models.BooleanField(
        _("deadline sweep"),
        default=True,
        help_text=_(
            "Every minute: warnings and overdue stages on the timeline, suspected violations "
            "and mail to the people concerned. Switched on again, it catches up at once."
        ),
    )
    runs_accountability_sweep = models.BooleanField(
        _("accountability sweep"),
        default=True,
        help_text=_(
            "Every five minutes: self-checks left unanswered past their deadline are "
            "substantiated; quarterly commendations and annual ratings after each period."
        ),
    )
    runs_assessments = models.BooleanField(
        _("assessments"),
        default=True,
        help_text=_(
            "Every hour: each month, quarter and year is assessed once it has closed. "
            "Supervisors can still have a period computed from the admin."
        ),
    )

    objects = OrganisationQuerySet.as_manager()
    history = AuditHistory()
    organisation_lookup = "pk"

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.opening_time and self.closing_time and self.opening_time >= self.closing_time:
            raise ValidationError({"closing_time": _("Closing time must be after opening time.")})


class OrganisationOwned(models.Model):
    """A row that belongs to one organisation; related rows must belong to the same one."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, verbose_name=_("organisation")
    )

    objects = OrganisationQuerySet.as_manager()
    organisation_lookup = "organisation"
    # Foreign keys whose target must sit in the same organisation.
    same_organisation_fields = ()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        for name in self.same_organisation_fields:
            related = getattr(self, name, None)
            if (
                related is not None
                and self.organisation_id
                and related.organisation_id != self.organisation_id
            ):
                errors[name] = _("Must belong to the same organisation.")
        if errors:
            raise ValidationError(errors)
