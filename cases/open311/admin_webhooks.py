"""Admin of webhooks: endpoints per integrating system, and the delivery log (status,
attempts and last error from the outbox; redeliver)."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from departments.admin.scoping import OrganisationScopedAdmin

from ..admin.clocks import ReadOnlyAdmin
from ..models.webhook import WebhookDelivery, WebhookEndpoint, WebhookEvent
from .shown_once import shown_once_page
from .webhooks import redeliver, rotate_secret


def _show_secrets(model_admin, request, issued, continue_url=None):
    """New signing secrets, in this response only (never in the messages cookie)."""
    return shown_once_page(
        model_admin,
        request,
        title=gettext("New signing secret"),
        shown=issued,
        warning=gettext("Copy the secret now: it is shown this once and cannot be read back."),
        note=gettext(
            "Give it to the receiver, which checks the X-Firstask-Signature header with it. "
            "After a rotation the previous secret is still signed with for a while: the "
            "header then carries two signatures, the new one first."
        ),
        continue_url=continue_url,
    )


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
    list_display = ("url", "integration", "scope", "is_active", "delivery_state")
    list_filter = ("is_active", "scope")
    list_select_related = ("integration", "circuit")
    readonly_fields = ("secret_issued_at", "previous_secret_valid_until", "delivery_state")
    actions = ("rotate_secrets",)

    @admin.display(description=_("deliveries"))
    def delivery_state(self, endpoint):
        circuit = getattr(endpoint, "circuit", None)
        if circuit is None or circuit.failures == 0:
            return gettext("normal")
        if circuit.paused_until is not None and circuit.paused_until > timezone.now():
            return gettext("paused until %(until)s after %(failures)d failures in a row") % {
                "until": localize(timezone.localtime(circuit.paused_until)),
                "failures": circuit.failures,
            }
        return gettext("%(failures)d failures in a row") % {"failures": circuit.failures}

    def response_add(self, request, obj, post_url_continue=None):
        change = reverse("admin:cases_webhookendpoint_change", args=[obj.pk])
        return _show_secrets(self, request, [(obj, obj.issued_secret)], continue_url=change)

    @admin.action(description=_("Rotate the signing secret"), permissions=["change"])
    def rotate_secrets(self, request, queryset):
        issued = [(endpoint, rotate_secret(endpoint)) for endpoint in queryset]
        return _show_secrets(self, request, issued)


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
