from django.contrib import admin
from django.contrib.admin.views.main import PAGE_VAR, SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from departments.admin.exports import SpreadsheetExportMixin, list_query
from departments.admin.scoping import OrganisationScopedAdmin
from firstask.admin_base import ReadOnlyInline, ReadOnlyMixin
from firstask.admin_base import TimelineInline as BaseTimelineInline
from firstask.dispatch import ActionButtonsMixin, admin_form_page, perform_form

from .. import access_log, masking, permissions
from ..choices import Urgency
from ..forms.actions import available_actions, offered_action
from ..models import (
    AccessPlace,
    Callback,
    Case,
    CaseAttachment,
    CaseEvent,
    Rating,
    Transfer,
    UrgingNotice,
)
from ..resources import CaseResource
from ..timelimits.deadline_display import DEADLINE_RELATED, deadline_column
from .clocks import ExtensionInline, StageClockInline
from .filters import DeadlineFilter
from .paging import CappedCountPaginator, PagedChangeList
from .search import search_cases

# The labels of the list's choice columns by value, built once: ``get_FOO_display()``
# hashes every (lazy) label of the field's choices on each call, which for three columns
# of a hundred rows was a good part of drawing the list.
CHOICE_LABELS = {
    name: dict(Case._meta.get_field(name).flatchoices)
    for name in ("kind", "channel", "state", "urgency")
}


def choice_label(case, name):
    """``case.get_<name>_display()``, in the active language."""
    value = getattr(case, name)
    return str(CHOICE_LABELS[name].get(value, value))


class TimelineInline(BaseTimelineInline):
    model = CaseEvent
    since = "registered_at"  # nothing about a case precedes its registration
    fields = readonly_fields = (
        "at",
        "action",
        "actor",
        "from_state",
        "to_state",
        "department",
        "note",
    )
    verbose_name_plural = _("Timeline")


class AttachmentInline(ReadOnlyInline):
    """The case's files, each a link to the download view (which checks the permissions
    again); a confidential case's files only for those who may see its person."""

    model = CaseAttachment
    fields = readonly_fields = (
        "file",
        "content_type",
        "size",
        "uploaded_at",
        "source",
        "uploaded_by",
        "sha256",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
    )
    verbose_name_plural = _("Attachments")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("case", "uploaded_by", "withdrawn_by")

    @admin.display(description=_("file name"))
    def file(self, obj):
        if not permissions.may_see_attachments(obj.case, self.request_user):
            return masking.MASK
        if obj.is_withdrawn and not permissions.may_open_withdrawn(obj.case, self.request_user):
            return format_html("<del>{}</del>", obj.original_name)
        url = obj.get_absolute_url()
        return format_html('<a href="{}" download>{}</a>', url, obj.original_name)

    def get_formset(self, request, obj=None, **kwargs):
        self.request_user = request.user
        return super().get_formset(request, obj, **kwargs)


class TransferInline(ReadOnlyInline):
    model = Transfer
    fk_name = "case"
    fields = readonly_fields = (
        "round",
        "role",
        "from_department",
        "to_department",
        "sent_at",
        "is_forced",
        "accepted_at",
        "accepted_by",
        "returned_at",
        "return_reason",
        "return_rejected",
        "opinion",
    )


class CallbackInline(ReadOnlyInline):
    model = Callback
    fields = readonly_fields = (
        "round",
        "at",
        "by",
        "contact_result",
        "satisfaction",
        "praise",
        "note",
    )


class RatingInline(ReadOnlyInline):
    model = Rating
    fields = readonly_fields = (
        "round",
        "at",
        "satisfaction",
        "comment",
        "review_status",
        "reviewed_by",
        "reviewed_at",
        "review_note",
    )


class UrgingInline(ReadOnlyInline):
    model = UrgingNotice
    fields = readonly_fields = ("at", "by", "to_department", "note")


@admin.register(Case)
class CaseAdmin(ActionButtonsMixin, SpreadsheetExportMixin, OrganisationScopedAdmin):
    """Cases are read here and changed only through the action buttons (the services)."""

    resource_classes = [CaseResource]
    history_since = "registered_at"  # its history starts with its registration

    change_form_template = "admin/cases/case/change_form.html"
    list_display = (
        "number",
        "registered_at",
        # Kind and channel, state and urgency, department and handler share a column each:
        # eleven columns did not fit a laptop's 1366 px beside the two side bars.
        "kind_channel",
        "person",
        "short_matter",
        "state_urgency",
        "department_handler",
        deadline_column,
    )
    list_filter = (
        "state",
        DeadlineFilter,
        # Fixed periods, not date_hierarchy: its drill-down reads the distinct days and the
        # first and last date of every case on each page view.
        ("registered_at", admin.DateFieldListFilter),
        "kind",
        "channel",
        "urgency",
        "current_department",
        "first_department",
        "is_confidential",
    )
    list_select_related = ("current_department", "handler", "organisation", *DEADLINE_RELATED)
    search_fields = ("number",)  # shows the search box; search_cases does the searching
    search_help_text = _("A case number, a phone number, a name, or words of the matter")
    ordering = ("-registered_at",)
    # Counting a million cases twice per page view was most of its time.
    paginator = CappedCountPaginator
    show_full_result_count = False
    inlines = (
        TimelineInline,
        AttachmentInline,
        StageClockInline,
        ExtensionInline,
        TransferInline,
        CallbackInline,
        RatingInline,
        UrgingInline,
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "number",
                    "query_code",
                    "state",
                    "channel",
                    "kind",
                    "urgency",
                    "registered_at",
                    "registered_by",
                )
            },
        ),
        (
            _("Person"),
            {
                "fields": (
                    "person",
                    "person_unit_display",
                    "person_address_display",
                    "person_email_display",
                    "is_anonymous",
                    "is_confidential",
                )
            },
        ),
        (_("Matter"), {"fields": ("matter_text", "matter", "subject_staff")}),
        (
            _("Responsibility"),
            {
                "fields": (
                    "first_staff",
                    "first_department",
                    "current_department",
                    "handler",
                    "needs_arbitration",
                    "round",
                )
            },
        ),
        (
            _("Result"),
            {
                "fields": (
                    "outcome",
                    "result",
                    "notification_text",
                    "referred_to",
                    "satisfaction",
                    "resolved_at",
                    "called_back_at",
                )
            },
        ),
        (_("Links"), {"fields": ("merged_into",)}),
    )
    readonly_fields = tuple(name for _label, options in fieldsets for name in options["fields"])
    actions = None

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    # --- read-only record ----------------------------------------------------------
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # --- masked person ---------------------------------------------------------------
    @admin.display(description=_("Person"))
    def person(self, obj):
        return masking.person_summary(obj)

    @admin.display(description=_("work unit"))
    def person_unit_display(self, obj):
        return masking.person_value(obj, "person_unit")

    @admin.display(description=_("address"))
    def person_address_display(self, obj):
        return masking.person_value(obj, "person_address")

    @admin.display(description=_("email"))
    def person_email_display(self, obj):
        return masking.person_value(obj, "person_email")

    @admin.display(description=_("matter"))
    def short_matter(self, obj):
        # One line, cut by the style sheet to the column's width; all of it on hover.
        first_line = obj.matter_text.strip().split("\n", 1)[0]
        return format_html(
            '<span class="case-summary" title="{}">{}</span>', obj.matter_text, first_line[:200]
        )

    @admin.display(description=_("kind · channel"), ordering="kind")
    def kind_channel(self, obj):
        return format_html(
            "<span>{}</span> <span>{}</span>",
            choice_label(obj, "kind"),
            choice_label(obj, "channel"),
        )

    @admin.display(description=_("state"), ordering="state")
    def state_urgency(self, obj):
        state = choice_label(obj, "state")
        if obj.urgency == Urgency.NORMAL:
            return state
        return format_html(
            '{} <span class="case-urgency">{}</span>', state, choice_label(obj, "urgency")
        )

    @admin.display(description=_("department · handler"), ordering="current_department__name")
    def department_handler(self, obj):
        department = str(obj.current_department) if obj.current_department_id else "—"
        if obj.handler_id is None:
            return department
        return format_html("<span>{}</span> <span>{}</span>", department, obj.handler)

    class Media:
        css = {"all": ["cases/admin_cases.css"]}

    def get_queryset(self, request):
        return masking.with_identity_visibility(super().get_queryset(request), request.user)

    def get_changelist(self, request, **kwargs):
        return PagedChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        searched = bool(request.GET.get(SEARCH_VAR, "").strip())
        return paginator.for_page(request.GET.get(PAGE_VAR), searched=searched)

    def get_search_results(self, request, queryset, search_term):
        return search_cases(queryset, search_term, request.user), False

    # --- history: person fields stay masked -------------------------------------------
    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        previous = None
        for current in historical_records:
            if previous is not None:
                hidden = (
                    ()
                    if permissions.may_see_identity(previous, request.user)
                    else masking.PERSON_FIELDS
                )
                delta = previous.diff_against(
                    current, excluded_fields=hidden, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        case = self.get_object(request, object_id)
        if case is None or not permissions.may_see_identity(case, request.user):
            raise PermissionDenied
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if response.status_code == 200:
            access_log.record_case_view(request.user, case, AccessPlace.ADMIN_HISTORY)
        return response

    # --- the read-access log of personal data ------------------------------------------
    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if response.status_code == 200 and changelist is not None:
            access_log.record_case_views(
                request.user, changelist.result_list, AccessPlace.ADMIN_LIST, summary_only=True
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        case = (getattr(response, "context_data", None) or {}).get("original")
        if response.status_code == 200 and case is not None:
            access_log.record_case_view(request.user, case, AccessPlace.ADMIN_CASE)
        return response

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        response = super()._do_file_export(file_format, request, queryset, export_form)
        fields = self.get_export_resource_fields_from_form(export_form)
        if not fields or set(fields) & set(masking.PERSON_FIELDS):
            access_log.record_export(request.user, queryset, list_query(request))
        return response

    # --- actions (the transitions and the other case steps) ----------------------------
    action_url_name = "cases_case_action"
    actions_context = "case_actions"
    available_actions = staticmethod(available_actions)

    def action_view(self, request, object_id, action):
        case = self.get_object(request, object_id)
        if case is None:
            raise Http404
        change_url = reverse("admin:cases_case_change", args=[case.pk])
        form_class = offered_action(request, case, action)
        if form_class is None:
            return HttpResponseRedirect(change_url)
        form = form_class(request.POST or None, case=case, user=request.user)
        if perform_form(request, form).done:
            return HttpResponseRedirect(change_url)
        return admin_form_page(
            self,
            request,
            form,
            template="admin/cases/case/action_form.html",
            title=f"{form.label} · {case.number}",
            original=case,
        )


@admin.register(Rating)
class RatingAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    """The persons' own ratings (好差评); a bad one awaits the supervising office's review,
    decided on the case's page (redo, or close the review with a note)."""

    list_display = ("case_link", "round", "at", "satisfaction", "review_status", "reviewed_by")
    list_filter = ("review_status", "satisfaction")
    list_select_related = ("case", "reviewed_by")
    search_fields = ("case__number", "comment")
    ordering = ("-at",)
    fields = readonly_fields = (
        "case",
        "round",
        "at",
        "satisfaction",
        "comment",
        "review_status",
        "reviewed_by",
        "reviewed_at",
        "review_note",
    )

    @admin.display(description=_("case"), ordering="case__number")
    def case_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:cases_case_change", args=[obj.case_id]), obj.case
        )


# The other admin pages of cases register themselves on import.
from . import data_access, records, schedule, timelimits  # noqa: E402, F401
