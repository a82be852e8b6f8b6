from django.contrib import admin
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from departments.admin.exports import SpreadsheetExportMixin
from departments.admin.scoping import OrganisationScopedAdmin
from firstask.admin_base import ReadOnlyInline, ReadOnlyMixin

from .. import permissions
from ..forms import CommendForm
from ..models import AnnualRating, Commendation, Penalty
from ..resources import AnnualRatingResource, CommendationResource, PenaltyResource
from .base import PeriodFilter, form_page, user_organisation


@admin.register(Penalty)
class PenaltyAdmin(SpreadsheetExportMixin, ReadOnlyMixin, OrganisationScopedAdmin):
    """The append-only ledger: read, filter, export; never edited."""

    resource_classes = [PenaltyResource]
    list_display = (
        "at",
        "entry",
        "staff",
        "department",
        "liability",
        "sanction_text",
        "offence_number",
        "violation",
        "is_revoked",
    )
    list_filter = ("entry", "year", PeriodFilter, "liability", "sanction_kind", "department")
    list_select_related = ("staff", "department", "violation__staff", "organisation")
    search_fields = ("staff__name", "staff__badge_number", "reason")
    date_hierarchy = "at"
    ordering = ("-at", "-pk")
    readonly_fields = fields = (
        "entry",
        "violation",
        "rule",
        "liability",
        "staff",
        "department",
        "offence_number",
        "year",
        "sanction_text",
        "revokes",
        "at",
        "reason",
        "recorded_by",
    )
    actions = None

    @admin.display(description=_("sanction"))
    def sanction_text(self, obj):
        return obj.describe()

    @admin.display(description=_("revoked"), boolean=True)
    def is_revoked(self, obj):
        return obj.entry == "imposed" and hasattr(obj, "revocation")


@admin.register(Commendation)
class CommendationAdmin(SpreadsheetExportMixin, ReadOnlyMixin, OrganisationScopedAdmin):
    resource_classes = [CommendationResource]
    change_list_template = "admin/penalties/commendation/change_list.html"
    list_display = ("at", "staff", "department", "source", "short_reason", "case")
    list_filter = ("source", "year", PeriodFilter, "department")
    list_select_related = ("staff", "department", "case", "organisation")
    search_fields = ("staff__name", "reason")
    date_hierarchy = "at"
    ordering = ("-at", "-pk")
    readonly_fields = fields = (
        "staff",
        "department",
        "source",
        "case",
        "period_start",
        "period_end",
        "at",
        "reason",
        "recorded_by",
    )
    actions = None

    @admin.display(description=_("reason"))
    def short_reason(self, obj):
        return obj.reason if len(obj.reason) <= 40 else f"{obj.reason[:40]}…"

    def get_urls(self):
        return [
            path(
                "commend/",
                self.admin_site.admin_view(self.commend_view),
                name="penalties_commendation_commend",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_report": permissions.may_report(request.user),
        }
        return super().changelist_view(request, extra_context)

    def commend_view(self, request):
        organisation = user_organisation(request)
        if organisation is None or not permissions.may_report(request.user):
            raise Http404
        form = CommendForm(request.POST or None, organisation=organisation, user=request.user)
        back = reverse("admin:penalties_commendation_changelist")
        return form_page(self, request, form, title=str(form.label), back_url=back)


@admin.register(AnnualRating)
class AnnualRatingAdmin(SpreadsheetExportMixin, ReadOnlyMixin, OrganisationScopedAdmin):
    """Derived from the ledger; rebuilt by the services, never edited."""

    resource_classes = [AnnualRatingResource]
    list_display = (
        "year",
        "staff",
        "department",
        "outcome",
        "removed_from_post",
        "bonus_deduction_percent",
        "fines_min",
        "bonus_months_min",
        "violations",
        "penalties",
        "commendations",
    )
    list_filter = ("year", "outcome", "removed_from_post", "department")
    list_select_related = ("staff", "department", "organisation")
    search_fields = ("staff__name", "staff__badge_number", "department__name")
    ordering = ("-year", "department", "staff")
    readonly_fields = fields = (
        "year",
        "staff",
        "department",
        "outcome",
        "removed_from_post",
        "suspended_for_training",
        "bonus_deduction_percent",
        "fines_min",
        "fines_max",
        "bonus_months_min",
        "bonus_months_max",
        "violations",
        "penalties",
        "commendations",
        "reasons",
        "computed_at",
    )
    actions = None

    def history_view(self, request, object_id, extra_context=None):
        raise Http404  # derived rows carry no history of their own; the ledger is the record


class AnnualRatingInline(ReadOnlyInline):
    """For the staff page: penalties/admin/__init__.py adds it to departments' StaffAdmin."""

    model = AnnualRating
    fk_name = "staff"
    fields = readonly_fields = (
        "year",
        "outcome",
        "removed_from_post",
        "suspended_for_training",
        "bonus_deduction_percent",
        "fines_min",
        "bonus_months_min",
        "violations",
        "commendations",
        "reasons",
    )
    ordering = ("-year",)
