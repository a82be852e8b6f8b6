"""Choosing a staff member by search (intake's first-inquiry person and suggested handler).

A select listing every active staff member is 2 × 2,001 options on the intake page of a
large organisation; the picker sends the chosen person's id in a hidden input and finds
people through ``cases:staff_search`` as the clerk types (cases/static/cases/intake.js).
"""

from django import forms

from departments.models import Staff


def staff_text(member):
    """How a staff member is shown in the picker and in its search results."""
    return f"{member.name}（{member.badge_number}）· {member.department.name}"


class StaffPicker(forms.HiddenInput):
    """The chosen staff member's id, hidden, beside a search box showing who it is."""

    template_name = "cases/widgets/staff_picker.html"

    def __init__(self, attrs=None, *, placeholder="", department_from=""):
        super().__init__(attrs)
        self.placeholder = placeholder
        # The id of a department select whose value narrows the search (the handler).
        self.department_from = department_from
        # Whom the chosen id may name (the form sets the organisation's active staff).
        self.queryset = Staff.objects.none()

    def id_for_label(self, id_):
        return f"{id_}-search" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = None
        if value not in (None, "") and str(value).isdigit():
            chosen = self.queryset.select_related("department").filter(pk=value).first()
        context["widget"].update(
            chosen=staff_text(chosen) if chosen is not None else "",
            placeholder=self.placeholder,
            department_from=self.department_from,
        )
        return context
