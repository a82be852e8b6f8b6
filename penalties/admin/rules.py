from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from departments.access import sees_all_organisations
from departments.admin.imports import SpreadsheetImportExportMixin
from departments.admin.scoping import OrganisationScopedAdmin

from ..forms import LoadPresetForm
from ..models import EscalationRule, PenaltyRule, PenaltyRuleSet, Sanction
from ..resources import RuleSetSanctionResource
from ..services import rule_set_activate
from .base import form_page, user_organisation


class NoDeleteMixin:
    """Rule sets are deactivated, never deleted; a rule or sanction already in the ledger
    is protected by the database, an unused one may go."""

    def has_delete_permission(self, request, obj=None):
        return False


class PenaltyRuleInline(admin.TabularInline):
    model = PenaltyRule
    extra = 0
    fields = (
        "sort_order",
        "violation_kind",
        "offence_from",
        "offence_to",
        "counts",
        "same_case",
        "description",
        "summary",
    )
    readonly_fields = ("summary",)
    show_change_link = True

    @admin.display(description=_("sanctions"))
    def summary(self, obj):
        return "；".join(str(s) for s in obj.sanctions.all()) if obj.pk else ""


class EscalationInline(admin.TabularInline):
    model = EscalationRule
    extra = 0
    fields = ("sanction_kind", "threshold", "rating_cap", "description")


@admin.register(PenaltyRuleSet)
class PenaltyRuleSetAdmin(SpreadsheetImportExportMixin, NoDeleteMixin, OrganisationScopedAdmin):
    resource_classes = [RuleSetSanctionResource]
    change_form_template = "admin/penalties/penaltyruleset/change_form.html"
    # See TimeLimitPolicyAdmin: the list template extends import-export's own.
    import_export_change_list_template = "admin/penalties/penaltyruleset/change_list.html"
    list_display = ("name", "preset", "is_active", "counting_window", "organisation")
    list_filter = ("is_active", "preset", "organisation")
    search_fields = ("name",)
    readonly_fields = ("preset", "is_active")
    inlines = (PenaltyRuleInline, EscalationInline)
    fieldsets = (
        (None, {"fields": ("organisation", "name", "preset", "is_active", "source")}),
        (_("Counting offences"), {"fields": ("counting_window", "rolling_days")}),
        (_("Self-check"), {"fields": ("self_check_notice_days", "self_check_answer_days")}),
        (
            _("Awards and commendations"),
            {
                "fields": (
                    "bottom_units_excluded",
                    "commend_quarterly",
                    "commend_min_cases",
                    "commend_min_satisfaction",
                    "commend_min_on_time",
                )
            },
        ),
    )
    actions = None

    def get_urls(self):
        return [
            path(
                "load-preset/",
                self.admin_site.admin_view(self.load_preset_view),
                name="penalties_penaltyruleset_load_preset",
            ),
            path(
                "<path:object_id>/activate/",
                self.admin_site.admin_view(self.activate_view),
                name="penalties_penaltyruleset_activate",
            ),
            *super().get_urls(),
        ]

    def load_preset_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        organisation = None if sees_all_organisations(request.user) else user_organisation(request)
        form = LoadPresetForm(request.POST or None, organisation=organisation)
        back = reverse("admin:penalties_penaltyruleset_changelist")
        return form_page(self, request, form, title=str(form.label), back_url=back)

    def activate_view(self, request, object_id):
        rule_set = self.get_object(request, object_id)
        if rule_set is None:
            raise Http404
        if request.method != "POST" or not self.has_change_permission(request, rule_set):
            raise PermissionDenied
        rule_set_activate(rule_set=rule_set)
        messages.success(request, _("%(name)s is now the active rule set.") % {"name": rule_set})
        return HttpResponseRedirect(
            reverse("admin:penalties_penaltyruleset_change", args=[rule_set.pk])
        )


class SanctionInline(admin.TabularInline):
    model = Sanction
    extra = 0
    fields = ("liability", "kind", "amount_min", "amount_max", "rating_cap")


@admin.register(PenaltyRule)
class PenaltyRuleAdmin(NoDeleteMixin, OrganisationScopedAdmin):
    """Reached from its rule set's page; holds the rule's sanctions."""

    list_display = ("__str__", "rule_set", "description")
    list_select_related = ("rule_set",)
    fields = (
        "rule_set",
        "violation_kind",
        ("offence_from", "offence_to"),
        ("counts", "same_case"),
        "description",
        "sort_order",
    )
    inlines = (SanctionInline,)
    actions = None

    def get_model_perms(self, request):
        return {}  # not listed on the admin index: edited from the rule set
