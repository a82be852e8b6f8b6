"""Admin of integrating systems: their API keys (shown once, revocable) and the cases they
filed. Scoped to the administrator's organisation like every admin page."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from departments.admin_scoping import OrganisationScopedAdmin
from firstask.admin_base import ReadOnlyInline, ReadOnlyMixin

from ..admin_clocks import ReadOnlyAdmin
from ..models import ApiKey, ApiSubmission, Integration
from .keys import api_key_issue, api_key_revoke


def _show_key(request, integration, key):
    messages.warning(
        request,
        gettext(
            "New API key of %(system)s: %(key)s — copy it now, it is not shown again "
            "(only its digest is kept)."
        )
        % {"system": integration, "key": key},
    )


class ApiKeyInline(ReadOnlyInline):
    model = ApiKey
    fields = readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    show_change_link = False


@admin.register(Integration)
class IntegrationAdmin(OrganisationScopedAdmin):
    list_display = ("name", "organisation", "channel", "registrar", "is_active")
    list_filter = ("is_active", "channel")
    list_select_related = ("organisation", "registrar")
    search_fields = ("name",)
    inlines = (ApiKeyInline,)
    actions = ("issue_key",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            _api_key, key = api_key_issue(integration=obj)
            _show_key(request, obj, key)

    @admin.action(description=_("Issue a new API key"), permissions=["change"])
    def issue_key(self, request, queryset):
        for integration in queryset:
            _api_key, key = api_key_issue(integration=integration)
            _show_key(request, integration, key)


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    list_display = ("prefix", "integration", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    list_select_related = ("integration",)
    actions = ("revoke",)

    def has_revoke_permission(self, request):
        return request.user.has_perm("cases.change_integration")

    @admin.action(description=_("Revoke the selected keys"), permissions=["revoke"])
    def revoke(self, request, queryset):
        for api_key in queryset:
            api_key_revoke(api_key=api_key)
        messages.success(request, gettext("Revoked: they are refused from now on."))


@admin.register(ApiSubmission)
class ApiSubmissionAdmin(ReadOnlyAdmin):
    list_display = ("case", "integration", "received_at")
    list_filter = ("integration",)
    list_select_related = ("case", "integration")
    search_fields = ("case__number", "token")
