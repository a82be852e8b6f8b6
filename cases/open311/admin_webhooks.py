"""Admin of webhooks: endpoints per integrating system, and the delivery log (status,
attempts and last error from the outbox; redeliver)."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from departments.admin_scoping import OrganisationScopedAdmin

from ..admin_clocks import ReadOnlyAdmin
from ..models.webhook import WebhookDelivery, WebhookEndpoint, WebhookEvent
from .webhooks import redeliver


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(WebhookEvent.values),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("integration", "url", "events", "scope", "is_active")


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(OrganisationScopedAdmin):
    form = WebhookEndpointForm
    list_display = ("url", "integration", "scope", "is_active")
    list_filter = ("is_active", "scope")
    list_select_related = ("integration",)
    readonly_fields = ("secret",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "occurred_at",
        "case",
        "event",
        "endpoint",
        "status",
        "attempts",
        "last_error",
        "delivered_at",
    )
    list_filter = ("event", "message__state", "endpoint")
    list_select_related = ("case", "endpoint", "message")
    search_fields = ("case__number",)
    actions = ("redeliver_selected",)
    fields = readonly_fields = (
        "case",
        "event",
        "endpoint",
        "occurred_at",
        "status",
        "attempts",
        "last_error",
        "delivered_at",
        "response_status",
        "payload",
    )

    @admin.display(description=_("status"))
    def status(self, delivery):
        if delivery.message is None:
            return "—"
        return delivery.message.get_state_display()

    @admin.display(description=_("attempts"))
    def attempts(self, delivery):
        return delivery.message.attempts if delivery.message else 0

    @admin.display(description=_("last error"))
    def last_error(self, delivery):
        return delivery.message.last_error if delivery.message else ""

    def has_redeliver_permission(self, request):
        return request.user.has_perm("cases.change_webhookendpoint")

    @admin.action(description=_("Deliver the selected events again"), permissions=["redeliver"])
    def redeliver_selected(self, request, queryset):
        count = redeliver(queryset)
        messages.success(
            request, gettext("%(count)d events queued for delivery again.") % {"count": count}
        )
