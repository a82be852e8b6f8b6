"""Read-only lists of every transfer and callback, for supervisors to filter and export."""

from django.contrib import admin

from departments.admin.exports import SpreadsheetExportMixin
from departments.admin.scoping import OrganisationScopedAdmin
from firstask.admin_base import ReadOnlyMixin

from ..models import Callback, Transfer
from ..resources import CallbackResource, TransferResource


@admin.register(Transfer)
class TransferAdmin(SpreadsheetExportMixin, ReadOnlyMixin, OrganisationScopedAdmin):
    resource_classes = [TransferResource]
    list_display = (
        "case",
        "role",
        "from_department",
        "to_department",
        "sent_at",
        "accepted_at",
        "returned_at",
        "return_rejected",
    )
    list_filter = ("role", "to_department", "from_department", "return_rejected", "is_forced")
    list_select_related = ("case", "from_department", "to_department")
    search_fields = ("case__number",)
    date_hierarchy = None
    ordering = ("-sent_at",)
    raw_id_fields = ("case",)


@admin.register(Callback)
class CallbackAdmin(SpreadsheetExportMixin, ReadOnlyMixin, OrganisationScopedAdmin):
    resource_classes = [CallbackResource]
    list_display = ("case", "round", "at", "by", "contact_result", "satisfaction", "praise")
    list_filter = ("contact_result", "satisfaction", "praise")
    list_select_related = ("case", "by")
    search_fields = ("case__number",)
    ordering = ("-at",)
