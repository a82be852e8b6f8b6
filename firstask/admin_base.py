"""What read-only admin pages share: records written by the services only."""

from typing import Any

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
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


class _SinceFormSet(BaseInlineFormSet):
    """The inline's rows from the record's ``since`` moment on (its timeline's ``at``)."""

    since = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The admin passes the record and the inline's queryset by name.
        start = getattr(kwargs.get("instance"), self.since, None) if self.since else None
        if start is not None and kwargs.get("queryset") is not None:
            kwargs["queryset"] = kwargs["queryset"].filter(at__gte=start)
        super().__init__(*args, **kwargs)


class TimelineInline(ReadOnlyInline):
    """A record's timeline lines. ``since`` names the record's moment no line precedes (a
    case's registration): on PostgreSQL the timeline is partitioned by month of ``at``
    and the bound reads only the months from then on."""

    since = ""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs.setdefault(
            "formset", type("TimelineFormSet", (_SinceFormSet,), {"since": self.since})
        )
        return super().get_formset(request, obj, **kwargs)
