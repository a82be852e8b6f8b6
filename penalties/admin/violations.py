from django.contrib import admin
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cases.choices import Stage
from departments.admin.exports import SpreadsheetExportMixin
from departments.admin.scoping import OrganisationScopedAdmin
from firstask.admin_base import ReadOnlyInline, ReadOnlyMixin
from firstask.admin_base import TimelineInline as BaseTimelineInline
from firstask.dispatch import ActionButtonsMixin, offered_form

from .. import permissions
from ..forms import TRANSITION_FORMS, ReportViolationForm, available_actions
from ..models import Penalty, SelfCheck, Violation, ViolationEvent
from ..resources import ViolationResource
from .base import PeriodFilter, form_page, user_organisation


class OccurredFilter(PeriodFilter):
    title = _("occurred")
    parameter_name = "occurred"
    date_field = "occurred_at"


class SubstantiatedFilter(PeriodFilter):
    title = _("substantiated")
    parameter_name = "substantiated"
    date_field = "substantiated_at"


class TimelineInline(BaseTimelineInline):
    model = ViolationEvent
    since = "reported_at"  # the first line is the report
    fields = readonly_fields = ("at", "action", "actor", "from_state", "to_state", "note")
    verbose_name_plural = _("Timeline")


class SelfCheckInline(ReadOnlyInline):
    model = SelfCheck
    fields = readonly_fields = (
        "sent_at",
        "sent_by",
        "notice_due",
        "request",
        "due",
        "answered_at",
        "answered_by",
        "answer",
    )


class PenaltyInline(ReadOnlyInline):
    model = Penalty
    fk_name = "violation"
    fields = readonly_fields = (
        "at",
        "entry",
        "liability",
        "staff",
        "offence_number",
        "sanction_kind",
        "amount_min",
        "amount_max",
        "rating_cap",
        "revokes",
        "reason",
    )
    ordering = ("at", "pk")


@admin.register(Violation)
class ViolationAdmin(
    ActionButtonsMixin, SpreadsheetExportMixin, ReadOnlyMixin, OrganisationScopedAdmin
):
    """Violations are read here and changed only through the action buttons (the services)."""

    resource_classes = [ViolationResource]
    history_since = "reported_at"  # its history starts with the report
    change_form_template = "admin/penalties/violation/change_form.html"
    change_list_template = "admin/penalties/violation/change_list.html"
    list_display = (
        "occurred_at",
        "staff",
        "department",
        "kind",
        "source",
        "state",
        "substantiated_at",
        "case",
    )
    list_filter = (
        "state",
        "kind",
        "source",
        "department",
        OccurredFilter,
        SubstantiatedFilter,
        "auto_substantiated",
    )
    list_select_related = ("staff", "department", "case", "organisation")
    search_fields = ("staff__name", "staff__badge_number", "evidence", "case__number")
    date_hierarchy = "occurred_at"
    ordering = ("-occurred_at", "-pk")
    inlines = (SelfCheckInline, PenaltyInline, TimelineInline)
    view_on_site = False
    fields = readonly_fields = (
        "staff",
        "department",
        "kind",
        "source",
        "state",
        "case",
        "repeat_of",
        "stage_label",
        "occurred_at",
        "reported_at",
        "reported_by",
        "evidence",
        "substantiated_at",
        "auto_substantiated",
        "decision_reason",
        "rule_set",
        "liable_head",
        "liable_leader",
    )
    actions = None

    @admin.display(description=_("case stage"))
    def stage_label(self, obj):
        # Stored as the stage's value (from the sweep's bulk insert): show its name.
        if not obj.stage:
            return "—"
        return dict(Stage.choices).get(obj.stage, obj.stage)

    action_url_name = "penalties_violation_action"
    actions_context = "violation_actions"
    available_actions = staticmethod(available_actions)

    def get_urls(self):
        return [
            path(
                "report/",
                self.admin_site.admin_view(self.report_view),
                name="penalties_violation_report",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_report": permissions.may_report(request.user),
        }
        return super().changelist_view(request, extra_context)

    def action_view(self, request, object_id, action):
        violation = self.get_object(request, object_id)
        if violation is None:
            raise Http404
        change_url = reverse("admin:penalties_violation_change", args=[violation.pk])
        form_class = offered_form(
            request,
            action,
            form_of=TRANSITION_FORMS.get,
            available=available_actions(violation, request.user),
            refused=_("This action is not available to you on this violation now."),
        )
        if form_class is None:
            return HttpResponseRedirect(change_url)
        form = form_class(request.POST or None, violation=violation, user=request.user)
        title = f"{form.label} · {violation}"
        return form_page(self, request, form, title=title, back_url=change_url, original=violation)

    def report_view(self, request):
        organisation = user_organisation(request)
        if organisation is None or not permissions.may_report(request.user):
            raise Http404
        form = ReportViolationForm(
            request.POST or None, organisation=organisation, user=request.user
        )
        back = reverse("admin:penalties_violation_changelist")
        return form_page(self, request, form, title=str(form.label), back_url=back)
