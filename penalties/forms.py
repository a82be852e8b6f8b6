"""Small forms for the admin: one per violation action, plus reporting, commending and
loading a preset. Each only validates input and hands it to one service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from departments.models import Department, Organisation, Staff

from . import services
from .models import Source, ViolationKind
from .services.decisions import nothing_imposed_note


class ViolationActionForm(forms.Form):
    """Base: knows the violation and the acting user; ``perform`` calls one service."""

    label = ""
    # The version the user saw: a form filled in on an older version is refused.
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, violation, user, **kwargs):
        self.violation = violation
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = violation.version

    def clean_version(self):
        if self.cleaned_data["version"] != self.violation.version:
            raise forms.ValidationError(
                _(
                    "Someone else changed this violation while you were filling in the form. "
                    "Check it and try again."
                )
            )
        return self.cleaned_data["version"]

    @property
    def inputs(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    def perform(self):
        return self.service(violation=self.violation, by=self.user, **self.inputs)


def _text(label, required=True, help_text=""):
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=required,
        label=label,
        help_text=help_text,
    )


class SendSelfCheckForm(ViolationActionForm):
    label = _("Request self-check")
    request = _text(_("What the department has to check"), required=False)
    service = staticmethod(services.violation_send_self_check)


class AnswerSelfCheckForm(ViolationActionForm):
    label = _("Answer self-check")
    answer = _text(_("Answer and evidence"), help_text=_("Name who is responsible, if anyone."))
    service = staticmethod(services.violation_answer_self_check)


class SubstantiateForm(ViolationActionForm):
    label = _("Substantiate")
    note = _text(_("Findings"), required=False)
    service = staticmethod(services.violation_substantiate)

    def done_message(self, violation):
        # When the rules impose nothing the decider is told why, not just "done".
        done = _("%(action)s: done.") % {"action": self.label}
        reason = nothing_imposed_note(violation)
        return f"{done} {reason}" if reason else done


class DismissForm(ViolationActionForm):
    label = _("Dismiss")
    reason = _text(_("Evidence for dismissing it"))
    service = staticmethod(services.violation_dismiss)


class AppealForm(ViolationActionForm):
    label = _("Record appeal")
    reason = _text(_("Grounds of the appeal"))
    service = staticmethod(services.violation_appeal)


class UpholdForm(ViolationActionForm):
    label = _("Uphold")
    note = _text(_("Note"), required=False)
    service = staticmethod(services.violation_uphold)


class RevokeForm(ViolationActionForm):
    label = _("Revoke")
    reason = _text(_("Why it is revoked"))
    service = staticmethod(services.violation_revoke)


TRANSITION_FORMS = {
    "send_self_check": SendSelfCheckForm,
    "answer_self_check": AnswerSelfCheckForm,
    "substantiate": SubstantiateForm,
    "dismiss": DismissForm,
    "appeal": AppealForm,
    "uphold": UpholdForm,
    "revoke": RevokeForm,
}


def available_actions(violation, user):
    """(name, form class) for exactly the transitions ``user`` may take now."""
    names = {
        t.name
        for t in violation.get_available_user_state_transitions(user)
        if t.custom.get("admin", True)
    }
    return [(name, form) for name, form in TRANSITION_FORMS.items() if name in names]


class OrganisationForm(forms.Form):
    """A form working inside one organisation (the user's)."""

    def __init__(self, *args, organisation, user, **kwargs):
        self.organisation = organisation
        self.user = user
        super().__init__(*args, **kwargs)

    def staff(self):
        return Staff.objects.for_organisation(self.organisation).filter(is_active=True)

    def departments(self):
        return Department.objects.for_organisation(self.organisation).filter(is_active=True)


class ReportViolationForm(OrganisationForm):
    label = _("Record a violation")
    staff = forms.ModelChoiceField(queryset=Staff.objects.none(), label=_("Staff member"))
    kind = forms.ChoiceField(choices=ViolationKind.choices, label=_("Kind"))
    source = forms.ChoiceField(
        choices=[c for c in Source.choices if c[0] != Source.SWEEP], label=_("Source")
    )
    occurred_at = forms.DateTimeField(
        required=False, label=_("Occurred at"), help_text=_("Empty: now.")
    )
    evidence = _text(_("Evidence"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = self.staff()

    def perform(self):
        return services.violation_report(by=self.user, **self.cleaned_data)


class CommendForm(OrganisationForm):
    label = _("Commend")
    staff = forms.ModelChoiceField(
        queryset=Staff.objects.none(), required=False, label=_("Staff member")
    )
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=_("Department"),
        help_text=_("For a department as a whole; leave the staff member empty."),
    )
    reason = _text(_("What is commended"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = self.staff()
        self.fields["department"].queryset = self.departments()

    def perform(self):
        return services.commendation_record(by=self.user, **self.cleaned_data)


class LoadPresetForm(forms.Form):
    label = _("Load a preset")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True), label=_("Organisation")
    )
    preset = forms.ChoiceField(choices=Organisation.PenaltyPreset.choices, label=_("Preset"))
    activate = forms.BooleanField(required=False, initial=True, label=_("Make it the active one"))

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            # Tenant users load into their own organisation only.
            del self.fields["organisation"]
            self.organisation = organisation
            if not self.is_bound and organisation.penalty_preset:
                self.fields["preset"].initial = organisation.penalty_preset

    def perform(self):
        organisation = self.cleaned_data.get("organisation") or self.organisation
        return services.load_penalty_preset(
            organisation, self.cleaned_data["preset"], activate=self.cleaned_data["activate"]
        )
