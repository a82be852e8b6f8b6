"""Admin pages of what the time limits record: stage clocks, pauses and alerts, read-only;
and the inlines the case page shows (stages and deadlines, extensions)."""

from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from departments.admin.scoping import OrganisationScopedAdmin
from firstask.admin_base import ReadOnlyInline, ReadOnlyMixin

from ..models import ClockPause, Extension, StageAlert, StageClock
from ..timelimits.deadline_display import clock_badge


class ReadOnlyAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    # These models keep no field history of their own; the Django admin log is enough.
    object_history_template = "admin/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        return ModelAdmin.history_view(self, request, object_id, extra_context)


class LinkedInline(ReadOnlyInline):
    # Clocks and extensions have admin pages of their own (the alerts, the decision).
    show_change_link = True


class StageClockInline(LinkedInline):
    """For the case page (CaseAdmin.inlines): every stage with its deadline and end."""

    model = StageClock
    fk_name = "case"
    fields = readonly_fields = (
        "round",
        "stage",
        "tier",
        "department",
        "responsible",
        "started_at",
        "due_at",
        "met_at",
        "paused_total",
        "went_overdue",
    )
    verbose_name_plural = _("Stages and deadlines")

    def get_queryset(self, request):
        return super().get_queryset(request).with_alert_times()

    @admin.display(description=_("marked overdue at"))
    def went_overdue(self, obj):
        return obj.overdue_at


class ExtensionInline(LinkedInline):
    """For the case page (CaseAdmin.inlines)."""

    model = Extension
    fields = readonly_fields = (
        "requested_at",
        "requested_by",
        "previous_due",
        "requested_due",
        "reason",
        "status",
        "decided_by",
        "decision_note",
    )


class PauseInline(ReadOnlyInline):
    model = ClockPause
    fields = readonly_fields = ("started_at", "started_by", "materials", "ended_at", "shift")


@admin.register(StageClock)
class StageClockAdmin(ReadOnlyAdmin):
    list_display = (
        "case",
        "round",
        "stage",
        "tier",
        "department",
        "responsible",
        "started_at",
        "due_at",
        "badge",
        "met_at",
        "warned",
        "went_overdue",
    )
    list_filter = ("stage", ("met_at", admin.EmptyFieldListFilter), "department")
    list_select_related = ("case", "department", "responsible")
    search_fields = ("case__number",)
    date_hierarchy = "started_at"
    inlines = (PauseInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).with_alert_times()

    @admin.display(description=_("Time left"))
    def badge(self, obj):
        badge = clock_badge(obj, timezone.now())
        return badge.label if badge else "—"

    @admin.display(description=_("warned at"), ordering="warned_at")
    def warned(self, obj):
        return obj.warned_at

    @admin.display(description=_("marked overdue at"), ordering="overdue_at")
    def went_overdue(self, obj):
        return obj.overdue_at


@admin.register(StageAlert)
class StageAlertAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "stage", "crossed_at", "recorded_at")
    list_filter = ("kind", "clock__stage")
    list_select_related = ("case", "clock")
    search_fields = ("case__number",)
    date_hierarchy = "recorded_at"

    @admin.display(description=_("stage"), ordering="clock__stage")
    def stage(self, obj):
        return obj.clock.get_stage_display()
