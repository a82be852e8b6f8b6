"""The base of every case action form: it knows the case and the acting user, refuses a
form filled in on an older version of the case, and hands its input to one service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from departments.models import Department, Staff


class CaseActionForm(forms.Form):
    """Base: knows the case and the acting user; ``perform`` calls one service."""

    label = ""
    # The version the user saw: a form filled in on an older version is refused.
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, user, **kwargs):
        self.case = case
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = case.version

    def clean_version(self):
        if self.cleaned_data["version"] != self.case.version:
            raise forms.ValidationError(
                _(
                    "Someone else changed this case while you were filling in the form. "
                    "Check the case and try again."
                )
            )
        return self.cleaned_data["version"]

    @property
    def inputs(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    def departments(self):
        return Department.objects.for_organisation(self.case.organisation_id).filter(is_active=True)

    def staff_of_current_department(self):
        return Staff.objects.filter(department=self.case.current_department_id, is_active=True)

    def perform(self):  # pragma: no cover - every subclass defines it
        raise NotImplementedError
