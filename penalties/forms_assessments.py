"""Admin forms of the assessments: compute a period, lock it. They validate and call a service."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .periods import MONTH, current_period, parse_period


class AssessForm(forms.Form):
    label = _("Compute assessment")
    period = forms.CharField(
        label=_("period"),
        max_length=10,
        help_text=_("A month (2026-05), a quarter (2026Q2) or a year (2026)."),
    )

    def __init__(self, *args, organisation, user, **kwargs):
        self.organisation, self.user = organisation, user
        super().__init__(*args, **kwargs)
        now = timezone.now()
        self.fields["period"].initial = (
            current_period(MONTH, now, timezone.get_default_timezone()).previous().label
        )

    def clean_period(self):
        period = parse_period(self.cleaned_data["period"].strip())
        if period is None:
            raise forms.ValidationError(
                _("Write a month as 2026-05, a quarter as 2026Q2 or a year as 2026.")
            )
        return period

    def perform(self):
        return services.assessment_request(
            by=self.user, organisation=self.organisation, period=self.cleaned_data["period"]
        )

    def done_message(self, period):
        return _(
            "The assessment of %(period)s is being computed in the background; it appears in"
            " this list when it is done."
        ) % {"period": period.label}


class LockForm(forms.Form):
    label = _("Lock the published ranking")

    def __init__(self, *args, run, user, **kwargs):
        self.run, self.user = run, user
        super().__init__(*args, **kwargs)

    def perform(self):
        return services.assessment_lock(by=self.user, run=self.run)
