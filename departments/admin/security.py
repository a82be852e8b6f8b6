"""The security log in the admin: read-only, each organisation its own rows; and the
administrators' action that resets a staff member's two-factor devices."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from firstask.admin_base import ReadOnlyMixin

from .. import two_factor
from ..access import has_role, sees_all_organisations
from ..models import SecurityEvent
from ..roles import Role
from .scoping import OrganisationScopedAdmin


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    list_display = ("at", "kind", "username", "client_address", "detail", "organisation")
    list_filter = ("kind", ("at", admin.DateFieldListFilter), "organisation")
    search_fields = ("username", "client_address")
    date_hierarchy = None
    list_select_related = ("organisation",)
    fields = ("at", "kind", "username", "user", "client_address", "detail", "organisation")
    readonly_fields = fields
    show_full_result_count = False


@admin.action(
    description=_("Reset two-factor login (the staff member enrols again)"), permissions=("change",)
)
def reset_two_factor(modeladmin, request, queryset):
    user = request.user
    if not (sees_all_organisations(user) or has_role(user, Role.ADMINISTRATOR)):
        modeladmin.message_user(
            request, _("Only administrators reset two-factor login."), messages.ERROR
        )
        return
    members = list(queryset.select_related("user"))
    for member in members:
        two_factor.reset_devices(member.user, by=user, request=request)
    modeladmin.message_user(
        request,
        ngettext(
            "Two-factor login of %(count)d staff member reset.",
            "Two-factor login of %(count)d staff members reset.",
            len(members),
        )
        % {"count": len(members)},
        messages.SUCCESS,
    )


# django-otp's own admin pages would show every authenticator's secret to the platform
# operator: devices are managed through enrolment and the reset action only.
def _unregister_device_admins():

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_device_admins()
