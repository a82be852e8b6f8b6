"""Admin pages of time limits: policies (with presets) and extensions (decided through the
services). The read-only records are in admin_clocks."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from departments.access import organisation_of, sees_all_organisations
from departments.admin.imports import SpreadsheetImportExportMixin
from departments.admin.scoping import OrganisationScopedAdmin
from departments.models import Organisation
from firstask.admin_base import ReadOnlyMixin

from ..errors import CaseActionError
from ..forms.timelimits import ExtensionDecisionForm
from ..models import Extension, TimeLimitPolicy
from ..models.policy import PRECEDENCE_HELP
from ..resources import TimeLimitPolicyResource
from ..timelimits.deadline_display import format_limit
from ..timelimits.presets import PRESETS, load_time_limit_preset


def _limit(policy, stage):
    key = "max_extension" if stage == "max_extension" else f"{stage}_limit"
    amount = getattr(policy, key)
    unit = getattr(policy, "max_extension_unit" if stage == "max_extension" else f"{stage}_unit")
    return "—" if amount is None else format_limit(amount, unit)


class PresetForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Preset"),
        # The organisation's preset choices (municipal, property, bureau, telecom).
        choices=[c for c in Organisation.PenaltyPreset.choices if c[0] in PRESETS],
        initial="municipal",
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), label=_("Organisation"), required=False
    )


@admin.register(TimeLimitPolicy)
class TimeLimitPolicyAdmin(SpreadsheetImportExportMixin, OrganisationScopedAdmin):
    resource_classes = [TimeLimitPolicyResource]
    # Extends import-export's list template: naming it change_list_template would make that
    # template extend itself (TemplateDoesNotExist, a 500 on the list).
    import_export_change_list_template = "admin/cases/timelimitpolicy/change_list.html"
    list_display = (
        "name",
        "kind",
        "channel",
        "matter",
        "forward",
        "sign_for",
        "resolve",
        "callback",
        "extension",
        "warning_share",
        "is_active",
    )
    list_filter = ("is_active", "kind", "channel")
    list_select_related = ("matter",)
    search_fields = ("name", "matter__name")
    fieldsets = (
        (
            None,
            {
                "fields": ("organisation", "name", "kind", "channel", "matter", "is_active"),
                "description": PRECEDENCE_HELP,
            },
        ),
        (
            _("Limits"),
            {
                "fields": (
                    ("forward_limit", "forward_unit"),
                    ("own_duty_limit", "own_duty_unit"),
                    ("night_duty_limit", "night_duty_unit"),
                    ("sign_for_limit", "sign_for_unit"),
                    ("resolve_limit", "resolve_unit"),
                    ("joint_resolve_limit", "joint_resolve_unit"),
                    ("approval_resolve_limit", "approval_resolve_unit"),
                    ("callback_limit", "callback_unit"),
                    ("max_extension", "max_extension_unit"),
                    "warning_share",
                    "basis",
                )
            },
        ),
    )

    @admin.display(description=_("accept / hand over"))
    def forward(self, obj):
        return _limit(obj, "forward")

    @admin.display(description=_("sign for"))
    def sign_for(self, obj):
        return _limit(obj, "sign_for")

    @admin.display(description=_("resolve"))
    def resolve(self, obj):
        joint = _limit(obj, "joint_resolve")
        return _limit(obj, "resolve") + ("" if joint == "—" else f" / {joint}")

    @admin.display(description=_("call back"))
    def callback(self, obj):
        return _limit(obj, "callback")

    @admin.display(description=_("longest extension"))
    def extension(self, obj):
        return _limit(obj, "max_extension")

    def get_urls(self):
        view = self.admin_site.admin_view(self.load_preset_view)
        return [
            path("load-preset/", view, name="cases_timelimitpolicy_load_preset"),
            *super().get_urls(),
        ]

    def load_preset_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PresetForm(request.POST or None)
        operator = sees_all_organisations(request.user)
        if not operator:
            del form.fields["organisation"]
        if request.method == "POST" and form.is_valid():
            organisation = form.cleaned_data.get("organisation") or organisation_of(request.user)
            if organisation is None:
                form.add_error("organisation", _("Choose the organisation."))
            else:
                policies = load_time_limit_preset(organisation, form.cleaned_data["preset"])
                messages.success(
                    request,
                    _("%(count)s time-limit policies loaded for %(organisation)s.")
                    % {"count": len(policies), "organisation": organisation},
                )
                return HttpResponseRedirect(reverse("admin:cases_timelimitpolicy_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Load a time-limit preset"),
        }
        return TemplateResponse(request, "admin/cases/timelimitpolicy/load_preset.html", context)


@admin.register(Extension)
class ExtensionAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    """Requests come from the case page; heads and supervisors decide here (the service
    checks who may). Heads see their departments' requests only (ExtensionQuerySet)."""

    change_form_template = "admin/cases/extension/change_form.html"
    list_display = (
        "case",
        "stage",
        "requested_by",
        "requested_at",
        "previous_due",
        "requested_due",
        "status",
        "decided_by",
    )
    list_filter = ("status",)
    list_select_related = ("case", "clock", "requested_by", "decided_by")
    search_fields = ("case__number", "reason")
    readonly_fields = (
        "case",
        "clock",
        "requested_by",
        "requested_at",
        "reason",
        "previous_due",
        "requested_due",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
    )
    fields = readonly_fields

    @admin.display(description=_("stage"), ordering="clock__stage")
    def stage(self, obj):
        return obj.clock.get_stage_display()

    def get_urls(self):
        view = self.admin_site.admin_view(self.decide_view)
        return [
            path("<path:object_id>/decide/", view, name="cases_extension_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request, object_id):
        extension = self.get_object(request, object_id)
        if extension is None:
            raise Http404
        change_url = reverse("admin:cases_extension_change", args=[extension.pk])
        form = ExtensionDecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                form.perform(extension, request.user)
            except CaseActionError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("The decision is recorded."))
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": extension,
            "form": form,
            "title": _("Decide on the extension of %(case)s") % {"case": extension.case},
        }
        return TemplateResponse(request, "admin/cases/extension/decide.html", context)
