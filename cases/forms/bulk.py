"""Bulk assignment in a department queue: one handler for several cases."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from departments.models import Staff

from .. import services
from ..errors import CaseActionError


class CaseVersionsField(forms.MultipleChoiceField):
    """Ticked boxes of "pk:version": a case changed since the page was read is refused."""

    def to_python(self, value):
        values = super().to_python(value)
        if any(re.fullmatch(r"\d{1,12}:\d{1,9}", v) is None for v in values):
            raise forms.ValidationError(_("Choose cases from the list."), code="invalid_choice")
        return {int(pk): int(version) for pk, version in (v.split(":") for v in values)}

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class BulkAssignForm(forms.Form):
    cases = CaseVersionsField(
        label=gettext_lazy("Cases"),
        error_messages={"required": gettext_lazy("Tick the cases to assign.")},
    )
    handler = forms.ModelChoiceField(label=gettext_lazy("Handler"), queryset=Staff.objects.none())

    def __init__(self, *args, queue, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.queue = queue
        self.fields["handler"].queryset = (
            Staff.objects.filter(department__in=departments, is_active=True)
            .select_related("department")
            .order_by("department__name", "-rank", "name")
        )

    def assign(self, *, by):
        """Sign for or reassign each case; returns (done, problems) — each case is its own
        transaction, so one refused case does not undo the others."""
        wanted = self.cleaned_data["cases"]
        handler = self.cleaned_data["handler"]
        done, problems = [], []
        cases = self.queue.filter(pk__in=wanted).select_related("current_transfer")
        found = {case.pk: case for case in cases}
        for pk, version in wanted.items():
            case = found.get(pk)
            if case is None:
                problems.append(_("A selected case is no longer in this queue."))
                continue
            if case.version != version:
                problems.append(
                    _("%(number)s was changed by someone else; check it and try again.")
                    % {"number": case.number}
                )
                continue
            try:
                if case.awaiting_sign_for:
                    services.case_accept(case=case, by=by, handler=handler)
                else:
                    services.case_assign_handler(case=case, by=by, handler=handler)
            except CaseActionError as error:
                problems.append(f"{case.number}: {error}")
            else:
                done.append(case.number)
        return done, problems
