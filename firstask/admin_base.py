"""What read-only admin pages share: records written by the services only."""

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyMixin:
    """Rows written by the services only: no add, change or delete in the admin."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    """A record's related rows, shown and never edited (timelines, transfers, clocks...)."""

    extra = 0
    can_delete = False
    show_change_link = False
