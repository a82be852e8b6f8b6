"""SMS in the admin: the organisation's templates, its messages (read-only) and opt-outs.

Numbers are shown masked (138****0001) and a person's name never: the message list is
no way round the masking of confidential cases or the personal data access log.
"""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from departments.admin.scoping import OrganisationScopedAdmin
from firstask.admin_base import ReadOnlyMixin

from .models import (
    ALLOWED_PARAMETERS,
    PARAMETERS,
    OptOutSource,
    SmsMessage,
    SmsOptOut,
    SmsTemplate,
    masked_number,
)
from .notices import mobile_number, opt_out

HIDDEN_PARAMETERS = {"name"}


@admin.register(SmsTemplate)
class SmsTemplateAdmin(OrganisationScopedAdmin):
    list_display = ("kind", "template_code", "signature", "parameters", "is_active")
    list_filter = ("kind", "is_active")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        lines = [
            f"{kind.label}: {', '.join(sorted(names))}"
            for kind, names in ALLOWED_PARAMETERS.items()
        ]
        described = "; ".join(f"{name} = {text}" for name, text in PARAMETERS.items())
        if "parameters" in form.base_fields:
            form.base_fields["parameters"].help_text = (
                gettext("The template's variables, comma-separated, e.g. number,code,due.")
                + " "
                + " | ".join(lines)
                + ". "
                + described
            )
        return form


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    list_display = (
        "created_at",
        "kind",
        "number",
        "case",
        "status",
        "attempts",
        "sent_at",
        "reported_at",
        "short_error",
    )
    list_filter = ("status", "kind")
    list_select_related = ("case",)
    search_fields = ("=case__number", "=provider_message_id")
    date_hierarchy = "created_at"
    fields = (
        "kind",
        "number",
        "case",
        "staff",
        "template_code",
        "signature",
        "variables",
        "status",
        "provider",
        "provider_message_id",
        "attempts",
        "sending_since",
        "error",
        "created_at",
        "sent_at",
        "reported_at",
        "updated_at",
    )
    readonly_fields = fields
    actions = ("record_opt_out",)

    @admin.display(description=_("to"))
    def number(self, sms):
        return masked_number(sms.to)

    @admin.display(description=_("variables"))
    def variables(self, sms):
        shown = [
            (name, "…" if name in HIDDEN_PARAMETERS else value)
            for name, value in (sms.params or {}).items()
        ]
        return format_html_join(", ", "{}={}", shown) or "—"

    @admin.display(description=_("error"))
    def short_error(self, sms):
        return Truncator(sms.error).chars(60)

    def has_record_opt_out_permission(self, request):
        return request.user.has_perm("sms.add_smsoptout")

    @admin.action(
        description=_("Opt the selected messages' numbers out (reply TD)"),
        permissions=["record_opt_out"],
    )
    def record_opt_out(self, request, queryset):
        count = 0
        for sms in queryset.select_related("organisation"):
            count += opt_out(sms.organisation, sms.to, OptOutSource.REPLY, note=gettext("admin"))
        self.message_user(
            request,
            ngettext(
                "%(count)d number opted out: it gets no more SMS.",
                "%(count)d numbers opted out: they get no more SMS.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class OptOutForm(forms.ModelForm):
    class Meta:
        model = SmsOptOut
        fields = ("number", "note")

    def clean_number(self):
        number = mobile_number(self.cleaned_data["number"])
        if not number:
            raise forms.ValidationError(_("Enter a mobile number (11 digits)."))
        return number


@admin.register(SmsOptOut)
class SmsOptOutAdmin(OrganisationScopedAdmin):
    list_display = ("masked", "source", "created_at", "note")
    list_filter = ("source",)
    search_fields = ("=number",)
    form = OptOutForm

    @admin.display(description=_("number"))
    def masked(self, row):
        return masked_number(row.number)

    def has_change_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        return ("number", "note") if obj is None else ("masked", "source", "created_at", "note")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("masked", "source", "created_at", "note")

    def save_model(self, request, obj, form, change):
        obj.source = OptOutSource.ADMIN
        obj.created_at = timezone.now()
        super().save_model(request, obj, form, change)
