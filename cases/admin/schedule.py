"""The periodic tasks and their schedules in the admin: the platform operator's alone.

The tasks are installation-wide (one deadline sweep for every organisation), so a tenant's
administrator must not see or change them, whatever permissions their group holds: an
organisation switches its own part in each sweep on its organisation page instead
(departments/schedules.py). Every column and filter is in the active language
(django-celery-beat names two of them with untranslated words).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from departments.access import sees_all_organisations


class TaskFilter(admin.AllValuesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("task")


def is_platform_operator(user) -> bool:
    """A superuser without a staff record (one attached to a tenant is not the operator)."""
    return bool(user.is_active and sees_all_organisations(user))


class PlatformOperatorOnly:
    """Only the platform operator (a superuser) sees, adds, changes or deletes."""

    def has_module_permission(self, request):
        return is_platform_operator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_platform_operator(request.user)

    def has_add_permission(self, request, *args):
        return is_platform_operator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_platform_operator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_platform_operator(request.user)


class PeriodicTaskAdmin(PlatformOperatorOnly, beat_admin.PeriodicTaskAdmin):
    list_display = ("name", "enabled", "schedule", "start_time", "last_run_at", "one_off")
    list_filter = ["enabled", "one_off", ("task", TaskFilter), "start_time", "last_run_at"]

    @admin.display(description=_("Schedule"))
    def schedule(self, task):
        return task.scheduler

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "task" in form.base_fields:
            form.base_fields["task"].label = _("Task (custom)")
        return form


class ClockedScheduleAdmin(PlatformOperatorOnly, beat_admin.ClockedScheduleAdmin):
    pass


class CrontabScheduleAdmin(PlatformOperatorOnly, beat_admin.CrontabScheduleAdmin):
    pass


class SolarScheduleAdmin(PlatformOperatorOnly, beat_admin.SolarScheduleAdmin):
    pass


class IntervalScheduleAdmin(PlatformOperatorOnly, beat_admin.IntervalScheduleAdmin):
    pass


for model, model_admin in (
    (PeriodicTask, PeriodicTaskAdmin),
    (ClockedSchedule, ClockedScheduleAdmin),
    (CrontabSchedule, CrontabScheduleAdmin),
    (SolarSchedule, SolarScheduleAdmin),
    (IntervalSchedule, IntervalScheduleAdmin),
):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
