"""The read-access log of personal data in the admin: auditors search who saw which case's
person and when; read-only, each organisation its own rows."""

from django.contrib import admin

from departments.admin.scoping import OrganisationScopedAdmin
from firstask.admin_base import ReadOnlyMixin

from ..models import PersonalDataAccess
from .paging import CappedCountPaginator


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    list_display = ("at", "viewer_name", "place", "case", "cases_count", "filters")
    list_filter = ("place", ("at", admin.DateFieldListFilter), "organisation")
    search_fields = ("case__number", "viewer_name")
    search_help_text = None
    list_select_related = ("case",)
    fields = (
        "at",
        "viewer_name",
        "viewer",
        "place",
        "case",
        "cases_count",
        "filters",
        "organisation",
    )
    readonly_fields = fields
    paginator = CappedCountPaginator
    show_full_result_count = False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        return paginator.for_page(request.GET.get("p"))
