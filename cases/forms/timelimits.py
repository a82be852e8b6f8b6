"""Forms of the time-limit steps on a case: pause for materials, resume, ask for more time,
and the head's decision. Like the other action forms they validate and call one service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from firstask.workflow import permitted

from .. import services
from ..choices import ExtensionStatus
from ..services.extensions import extendable_clock
from ..services.pauses import pausable_clock
from .base import CaseActionForm


class PauseClockForm(CaseActionForm):
    label = _("Wait for materials (pause the clock)")
    materials = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Materials owed"),
        help_text=_("Everything the person still has to bring, told in one go."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case.matter_id and not self.is_bound:
            self.fields["materials"].initial = self.case.matter.materials

    def perform(self):
        return services.case_pause_clock(
            case=self.case, by=self.user, materials=self.cleaned_data["materials"]
        )


class ResumeClockForm(CaseActionForm):
    label = _("Materials received (resume the clock)")
    note = forms.CharField(required=False, label=_("Note"))

    def perform(self):
        return services.case_resume_clock(
            case=self.case, by=self.user, note=self.cleaned_data["note"]
        )


class ExtensionRequestForm(CaseActionForm):
    label = _("Ask for an extension")
    requested_due = forms.DateTimeField(
        label=_("New deadline"), help_text=_("E.g. 2026-12-04 17:30")
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Reason"))

    def perform(self):
        return services.extension_request(
            case=self.case,
            by=self.user,
            reason=self.cleaned_data["reason"],
            requested_due=self.cleaned_data["requested_due"],
        )


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[c for c in ExtensionStatus.choices if c[0] != ExtensionStatus.PENDING],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Note"),
        help_text=_("Needed when rejecting."),
    )

    def perform(self, extension, user):
        data = self.cleaned_data
        if data["decision"] == ExtensionStatus.APPROVED:
            return services.extension_approve(extension=extension, by=user, note=data["note"])
        return services.extension_reject(extension=extension, by=user, note=data["note"])


# Part of OTHER_FORMS in cases/forms/actions.py: name → (form, may the user see it now).
TIME_LIMIT_FORMS = {
    "pause_clock": (PauseClockForm, lambda c, u: permitted(pausable_clock, c, u, paused=False)),
    "resume_clock": (ResumeClockForm, lambda c, u: permitted(pausable_clock, c, u, paused=True)),
    "request_extension": (ExtensionRequestForm, lambda c, u: permitted(extendable_clock, c, u)),
}
