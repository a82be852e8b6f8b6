"""List filters of the case admin that need more than a field lookup."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models.clock import ClockStatus


class DeadlineFilter(admin.SimpleListFilter):
    """Overdue, in the warning window, on time or waiting for materials, by the running
    stage's deadline at the moment of the request."""

    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            (status, ClockStatus(status).label)
            for status in ("overdue", "warning", "on_time", "paused")
        ]

    def queryset(self, request, queryset):
        if self.value() in dict(self.lookup_choices):
            return queryset.by_deadline(self.value(), timezone.now())
        return queryset
