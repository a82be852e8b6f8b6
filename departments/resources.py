"""Import and export of an organisation's departments, staff, duty list, external agencies,
duty roster and calendar overrides (see departments.spreadsheets.imports for the rules every
file obeys)."""

from __future__ import annotations

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from import_export import widgets

from firstask.resources import ColumnField

from .accounts import account_of, account_problems, roles_text, save_account
from .models import CalendarOverride, Department, DutyRoster, ExternalAgency, Matter, Staff
from .roles import Role
from .spreadsheets.imports import ChoiceWidget, TenantResource, TextWidget, text_of


def _meta(model_, fields, id_fields, **extra):
    return type(
        "Meta",
        (TenantResource.Meta,),
        {
            "model": model_,
            "fields": fields,
            "export_order": fields,
            "import_id_fields": id_fields,
            **extra,
        },
    )


class DepartmentResource(TenantResource):
    lookups = {"parent": "name", "head": "badge_number", "leader_in_charge": "badge_number"}
    Meta = _meta(
        Department,
        (
            "name",
            "parent",
            "head",
            "leader_in_charge",
            "location",
            "public_phone",
            "is_reception_window",
            "is_supervising_office",
            "sort_order",
            "is_active",
        ),
        ("name",),
    )


class MatterResource(TenantResource):
    Meta = _meta(
        Matter,
        (
            "department",
            "name",
            "keywords",
            "description",
            "materials",
            "legal_basis",
            "is_public",
            "is_active",
        ),
        ("department", "name"),
    )


class ExternalAgencyResource(TenantResource):
    Meta = _meta(ExternalAgency, ("name", "address", "phone", "handles", "is_active"), ("name",))


class DutyRosterResource(TenantResource):
    lookups = {"staff": "badge_number", "department": "name"}
    Meta = _meta(
        DutyRoster, ("date", "shift", "staff", "department", "role"), ("staff", "date", "shift")
    )


class CalendarOverrideResource(TenantResource):
    Meta = _meta(CalendarOverride, ("date", "is_working_day", "note"), ("date",))


class RolesWidget(widgets.Widget):
    """Roles by their names, separated by 、 , ; or a line break."""

    def clean(self, value, row=None, **kwargs):
        text = text_of(value)
        for separator in (",", "，", ";", "；", "\n"):
            text = text.replace(separator, "、")
        choice = ChoiceWidget(Role.choices)
        names = [part.strip() for part in text.split("、") if part.strip()]
        return frozenset(choice.clean(name) for name in names)

    def render(self, value, obj=None, **kwargs):
        return roles_text(value or ())


class AccountColumn(ColumnField):
    """A column of the staff member's login, not of the staff record. Its value is the
    login as the row would leave it once imported, and as saved before, so the library's
    change detection and preview see a change in it like in any other column."""

    def __init__(self, part, header, widget):
        super().__init__(column_name=part, header=header, widget=widget)
        self.part = part  # of departments.accounts.Account

    def get_value(self, staff):
        account = getattr(staff, "imported_account", None) or account_of(staff)
        return getattr(account, self.part)


class StaffResource(TenantResource):
    """Staff rows and their logins: a new login has no password (an administrator sets it);
    the login, e-mail and roles columns change the login, revoking roles a row no longer
    lists. A column the file does not have leaves that part of the login as it is."""

    login = AccountColumn("login", gettext_lazy("login"), TextWidget())
    email = AccountColumn("email", gettext_lazy("email"), TextWidget())
    roles = AccountColumn("roles", gettext_lazy("roles"), RolesWidget())

    Meta = _meta(
        Staff,
        (
            "badge_number",
            "name",
            "login",
            "email",
            "department",
            "position",
            "rank",
            "phone",
            "roles",
            "is_active",
        ),
        ("badge_number",),
    )

    def export_queryset(self, queryset, fields=None):
        return (
            super()
            .export_queryset(queryset, fields)
            .select_related("user")
            .prefetch_related("user__groups")
        )

    def dehydrate_login(self, staff):
        return staff.user.username

    def dehydrate_email(self, staff):
        return staff.user.email

    def dehydrate_roles(self, staff):
        return roles_text(account_of(staff).roles)

    def required_columns(self):
        return ["badge_number", "name", "login", "department"]

    def error_labels(self):
        return {"user": str(self.fields["login"].column_name)}

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        changes = {}
        for name in ("login", "email", "roles"):
            field = self.fields[name]
            if field.column_name in row:
                try:
                    changes[name] = field.clean(row)
                except ValueError as error:
                    errors.setdefault(name, []).append(str(error))
        # Saved with the staff member (before_save_instance); read by AccountColumn.
        instance.imported_account = replace(account_of(instance), **changes)
        problems = account_problems(instance, instance.imported_account, by=self.user)
        for name, messages in problems.items():
            if name not in errors:
                errors[name] = messages
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The model's required login is saved with the row, after this check; the account's
        # own problems were found by import_instance, under its columns.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, "user"], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        save_account(instance, instance.imported_account)
