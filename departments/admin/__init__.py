from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..access import organisation_of, sees_all_organisations
from ..models import (
    CalendarOverride,
    Department,
    DutyRoster,
    ExternalAgency,
    Matter,
    Organisation,
    Staff,
)
from ..resources import (
    CalendarOverrideResource,
    DepartmentResource,
    DutyRosterResource,
    ExternalAgencyResource,
    MatterResource,
    StaffResource,
)
from . import outbox as admin_outbox  # noqa: F401 (registers the outbox's admin)
from .imports import SpreadsheetImportExportMixin
from .scoping import OrganisationScopedAdmin
from .security import reset_two_factor


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin):
    list_display = ("name", "code", "kind", "penalty_preset", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "code",
                    "kind",
                    "calendar_region",
                    ("opening_time", "closing_time"),
                    "penalty_preset",
                    "time_limit_preset",
                    "callback_attempts",
                    "is_active",
                )
            },
        ),
        (
            _("Periodic tasks"),
            {
                "fields": ("runs_deadline_sweep", "runs_accountability_sweep", "runs_assessments"),
                "description": _(
                    "The periodic tasks run for every organisation of the installation; "
                    "switch off the ones this organisation does not use. Their intervals "
                    "are set by the platform operator."
                ),
            },
        ),
    )

    def has_add_permission(self, request):
        # New tenants are created by the platform operator only.
        return request.user.is_superuser and super().has_add_permission(request)


@admin.register(Department)
class DepartmentAdmin(SpreadsheetImportExportMixin, OrganisationScopedAdmin):
    resource_classes = [DepartmentResource]
    list_display = (
        "name",
        "parent",
        "head",
        "leader_in_charge",
        "public_phone",
        "is_reception_window",
        "is_supervising_office",
        "is_active",
        "organisation",
    )
    list_filter = (
        "is_active",
        "is_reception_window",
        "is_supervising_office",
        "parent",
        "organisation",
    )
    list_select_related = ("parent", "head", "leader_in_charge", "organisation")
    search_fields = ("name", "location", "public_phone")
    autocomplete_fields = ("parent", "head", "leader_in_charge")


@admin.register(Staff)
class StaffAdmin(SpreadsheetImportExportMixin, OrganisationScopedAdmin):
    resource_classes = [StaffResource]
    list_display = (
        "name",
        "badge_number",
        "department",
        "position",
        "rank",
        "phone",
        "is_active",
        "organisation",
    )
    list_filter = ("is_active", "department", "organisation")
    list_select_related = ("department", "organisation", "user")
    search_fields = ("name", "badge_number", "phone", "user__username")
    autocomplete_fields = ("department",)
    raw_id_fields = ("user",)
    # The apps built on departments add their sections of the staff page to this
    # (penalties: the annual ratings); departments knows none of them.
    inlines = ()
    actions = (reset_two_factor,)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = manageable_logins(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def manageable_logins(user):
    """Logins a user may attach to a staff record.

    A tenant administrator gets their organisation's logins and unattached ordinary ones,
    never a superuser: attaching the platform operator would confine it to one tenant.
    The form field's queryset is also what a hand-made POST is validated against.
    """
    users = get_user_model().objects.all()
    if sees_all_organisations(user):
        return users
    organisation = organisation_of(user)
    if organisation is None:
        return users.none()
    return users.filter(is_superuser=False).filter(
        Q(staff__isnull=True) | Q(staff__organisation=organisation)
    )


@admin.register(Matter)
class MatterAdmin(SpreadsheetImportExportMixin, OrganisationScopedAdmin):
    resource_classes = [MatterResource]
    list_display = ("name", "department", "is_public", "is_active", "organisation")
    list_filter = ("is_public", "is_active", "department", "organisation")
    list_select_related = ("department", "organisation")
    search_fields = ("name", "keywords", "description", "department__name")
    autocomplete_fields = ("department",)


@admin.register(ExternalAgency)
class ExternalAgencyAdmin(SpreadsheetImportExportMixin, OrganisationScopedAdmin):
    resource_classes = [ExternalAgencyResource]
    list_display = ("name", "phone", "address", "is_active", "organisation")
    list_filter = ("is_active", "organisation")
    search_fields = ("name", "handles", "address")


@admin.register(DutyRoster)
class DutyRosterAdmin(SpreadsheetImportExportMixin, OrganisationScopedAdmin):
    resource_classes = [DutyRosterResource]
    list_display = ("date", "shift", "role", "department", "staff", "organisation")
    list_filter = (
        "shift",
        "role",
        "department",
        "organisation",
        ("date", admin.DateFieldListFilter),
    )
    list_select_related = ("department", "staff", "organisation")
    search_fields = ("staff__name", "staff__badge_number", "department__name")
    autocomplete_fields = ("staff", "department")
    date_hierarchy = "date"


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(SpreadsheetImportExportMixin, OrganisationScopedAdmin):
    resource_classes = [CalendarOverrideResource]
    list_display = ("date", "is_working_day", "note", "organisation")
    list_filter = ("is_working_day", "organisation")
    search_fields = ("note",)
    date_hierarchy = "date"
