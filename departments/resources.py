"""Import and export of an organisation's departments, staff, duty list, external agencies,
duty roster and calendar overrides (see departments.imports for the rules every file obeys)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firstask.resources import ColumnField

from .imports import ChoiceWidget, TenantResource, text_of
from .models import CalendarOverride, Department, DutyRoster, ExternalAgency, Matter, Staff
from .roles import ADMIN_ROLES, Role


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


class StaffResource(TenantResource):
    """Staff rows create their logins (without a password: an administrator sets it)."""

    login = ColumnField(column_name="login", header=gettext_lazy("login"))
    email = ColumnField(column_name="email", header=gettext_lazy("email"))
    roles = ColumnField(column_name="roles", header=gettext_lazy("roles"))

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
        codes = {group.name for group in staff.user.groups.all()}
        return "、".join(str(label) for code, label in Role.choices if code in codes)

    def required_columns(self):
        return ["badge_number", "name", "login", "department"]

    def error_labels(self):
        return {"user": str(self.fields["login"].column_name)}

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # The login is created here, before validation, because a staff member cannot exist
        # without one; the whole file runs in one transaction, so a failed row undoes it.
        username = text_of(row.get(str(self.fields["login"].column_name)))
        if not username:
            raise ValidationError({"user": _("Every staff member needs a login name.")})
        try:
            roles = self._roles(row)
        except ValueError as error:
            raise ValidationError({"user": str(error)}) from None
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
            user.set_unusable_password()
        elif instance.user_id != user.pk:
            raise ValidationError(
                {
                    "user": _("The login “%(login)s” is already taken; choose another.")
                    % {"login": username}
                }
            )
        user.email = text_of(row.get(str(self.fields["email"].column_name)))
        user.is_staff = bool(roles & set(ADMIN_ROLES))
        user.is_active = bool(instance.is_active)
        user.save()
        instance.user = user
        self._pending_roles = roles

    def after_save_instance(self, instance, row, **kwargs):
        groups = Group.objects.filter(name__in=self._pending_roles)
        instance.user.groups.set(groups)

    def _roles(self, row):
        text = text_of(row.get(str(self.fields["roles"].column_name)))
        widget = ChoiceWidget(Role.choices)
        codes = set()
        for part in text.replace(",", "、").replace("，", "、").replace(";", "、").split("、"):
            if part.strip():
                codes.add(widget.clean(part.strip()))
        return codes
