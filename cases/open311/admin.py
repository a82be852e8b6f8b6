"""Admin of integrating systems: their API keys (shown once, revocable) and the cases they
filed. Scoped to the administrator's organisation like every admin page."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from departments.admin.scoping import OrganisationScopedAdmin
from firstask.admin_base import ReadOnlyInline, ReadOnlyMixin

from ..admin.clocks import ReadOnlyAdmin
from ..models import ApiKey, ApiSubmission, Integration
from .keys import api_key_issue, api_key_revoke
from .shown_once import shown_once_page


def _show_keys(model_admin, request, issued, continue_url=None):
    """The new keys, in this response only (never in the messages cookie)."""
    return shown_once_page(
        model_admin,
        request,
        title=gettext("New API key"),
        shown=[(integration, key) for integration, key in issued],
        warning=gettext("Copy the key now: it is shown this once and cannot be read back."),
        note=gettext(
            "Only its digest is kept. The integrating system sends it as the api_key "
            "parameter or the X-Api-Key header; a lost key is revoked and a new one issued."
        ),
        continue_url=continue_url,
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

    def response_add(self, request, obj, post_url_continue=None):
        # Still inside the add view's transaction: no system is left without its key.
        _api_key, key = api_key_issue(integration=obj)
        change = reverse("admin:cases_integration_change", args=[obj.pk])
        return _show_keys(self, request, [(obj, key)], continue_url=change)

    @admin.action(description=_("Issue a new API key"), permissions=["change"])
    def issue_key(self, request, queryset):
        issued = []
        for integration in queryset:
            _api_key, key = api_key_issue(integration=integration)
            issued.append((integration, key))
        return _show_keys(self, request, issued)


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
