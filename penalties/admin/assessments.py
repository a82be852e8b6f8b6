from django.contrib import admin
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from departments.access import has_role
from departments.admin.exports import SpreadsheetExportMixin
from departments.admin.scoping import OrganisationScopedAdmin
from departments.roles import Role
from firstask.admin_base import ReadOnlyInline, ReadOnlyMixin

from ..forms_assessments import AssessForm, LockForm
from ..models import Assessment, AssessmentPeriod, AssessmentSettings
from ..resources import AssessmentResource
from .base import form_page, user_organisation

RATES = (
    "on_time_resolution_rate",
    "resolution_rate",
    "satisfaction_rate",
    "callback_rate",
    "return_rate",
)


@admin.register(AssessmentSettings)
class AssessmentSettingsAdmin(OrganisationScopedAdmin):
    list_display = ("organisation", "satisfaction_formula", "minimum_volume", "bottom_count")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "organisation",
                    "satisfaction_formula",
                    "minimum_volume",
                    "bottom_count",
                )
            },
        ),
        (
            _("Weights of the score"),
            {
                "fields": (
                    "weight_on_time_forward",
                    "weight_on_time_sign_for",
                    "weight_on_time_resolution",
                    "weight_resolution",
                    "weight_callback",
                    "weight_satisfaction",
                    "weight_return",
                    "weight_redo",
                    "points_per_violation",
                    "points_per_commendation",
                )
            },
        ),
    )


class AssessmentInline(ReadOnlyInline):
    model = Assessment
    fields = readonly_fields = (
        "rank",
        "department",
        "staff",
        "score",
        "is_bottom",
        *RATES,
        "violations",
        "commendations",
    )
    ordering = ("staff", F("rank").asc(nulls_last=True), "pk")  # 不参评 after the ranked
    verbose_name_plural = _("ranking")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("department", "staff")


@admin.register(AssessmentPeriod)
class AssessmentPeriodAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    change_list_template = "admin/penalties/assessmentperiod/change_list.html"
    change_form_template = "admin/penalties/assessmentperiod/change_form.html"
    list_display = ("label", "kind", "start", "end", "computed_at", "provisional", "locked_at")
    list_filter = ("kind",)
    ordering = ("-start", "kind")
    readonly_fields = fields = (
        "label",
        "kind",
        "start",
        "end",
        "computed_at",
        "provisional",
        "computed_by",
        "locked_at",
        "locked_by",
    )
    inlines = [AssessmentInline]
    actions = None

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("assess/", view(self.assess_view), name="penalties_assessmentperiod_assess"),
            path("<int:pk>/lock/", view(self.lock_view), name="penalties_assessmentperiod_lock"),
            *super().get_urls(),
        ]

    def _may_run(self, request):
        return user_organisation(request) is not None and has_role(request.user, Role.SUPERVISOR)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_run": self._may_run(request)}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "may_run": self._may_run(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def assess_view(self, request):
        if not self._may_run(request):
            raise Http404
        form = AssessForm(
            request.POST or None, organisation=user_organisation(request), user=request.user
        )
        back = reverse("admin:penalties_assessmentperiod_changelist")
        return form_page(self, request, form, title=str(form.label), back_url=back)

    def lock_view(self, request, pk):
        if not self._may_run(request):
            raise Http404
        run = get_object_or_404(self.get_queryset(request), pk=pk)
        # Bound on any POST: the form has no fields, so an empty POST is still a submission.
        data = request.POST if request.method == "POST" else None
        form = LockForm(data, run=run, user=request.user)
        back = reverse("admin:penalties_assessmentperiod_change", args=[run.pk])
        return form_page(self, request, form, title=str(form.label), back_url=back, original=run)


@admin.register(Assessment)
class AssessmentAdmin(SpreadsheetExportMixin, ReadOnlyMixin, OrganisationScopedAdmin):
    resource_classes = [AssessmentResource]
    list_display = (
        "period",
        "rank",
        "department",
        "staff",
        "score",
        "is_bottom",
        *RATES,
        "violations",
        "penalties",
        "commendations",
    )
    list_filter = ("period__kind", "period", "is_bottom", "department")
    list_select_related = ("period", "department", "staff", "organisation")
    search_fields = ("staff__name", "department__name", "period__label")
    ordering = ("-period__start", "staff", "rank")
    readonly_fields = fields = (
        "period",
        "department",
        "staff",
        "score",
        "rank",
        "is_bottom",
        "registered",
        "transferred",
        "resolved",
        "on_time_forward_rate",
        "on_time_sign_for_rate",
        *RATES,
        "redo_rate",
        "violations",
        "penalties",
        "commendations",
        "counts",
    )
    actions = None

    def history_view(self, request, object_id, extra_context=None):
        raise Http404  # snapshots carry no history: a run replaces them, a lock freezes them
