"""The periodic tasks and their schedules in the admin: the platform operator's alone.

The tasks are installation-wide (one deadline sweep for every organisation), so a tenant's
administrator must not see or change them, whatever permissions their group holds: an
organisation switches its own part in each sweep on its organisation page instead
(departments/schedules.py). Every column and filter is in the active language
(django-celery-beat names two of them with untranslated words).
"""

from cron_descriptor import (
    FormatException,
    MissingFieldException,
    Options,
    WrongArgumentException,
    get_description,
)
from django.conf import settings
from django.contrib import admin
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, ngettext
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

from ..timelimits.schedule import PERIODIC_TASKS

# What each task is, in the active language, whatever name its row was installed under;
# Celery's beat adds one of its own (results of tasks past their expiry).
TASK_TITLES = {
    "celery.backend_cleanup": _("Clean-up of expired task results"),
    **{task: _(name) for name, (task, _every, _period) in PERIODIC_TASKS.items()},
}
TASK_DESCRIPTIONS = {
    "cases.tasks.sweep_deadlines": _(
        "Records the stages that reached their warning point or deadline and mails the "
        "people responsible."
    ),
    "penalties.tasks.sweep_penalties": _(
        "Substantiates self-checks left unanswered past their deadline; commendations and "
        "annual ratings after each period."
    ),
    "penalties.tasks.sweep_assessments": _(
        "Assesses every month, quarter and year that has closed, and refreshes the running "
        "month's provisional ranking."
    ),
    "firstask.tasks.drain_outbox": _("Sends the notices and mail waiting in the outbox."),
    "cases.tasks.deliver_webhooks": _("Delivers the webhooks of the Open311 integrations."),
    "celery.backend_cleanup": _(
        "Added by Celery itself; firstask keeps no task results, so it has nothing to do."
    ),
}

EVERY_ONE = {
    "days": _("every day"),
    "hours": _("every hour"),
    "minutes": _("every minute"),
    "seconds": _("every second"),
    "microseconds": _("every microsecond"),
}
EVERY_N = {
    "days": lambda n: ngettext("every %(n)d day", "every %(n)d days", n),
    "hours": lambda n: ngettext("every %(n)d hour", "every %(n)d hours", n),
    "minutes": lambda n: ngettext("every %(n)d minute", "every %(n)d minutes", n),
    "seconds": lambda n: ngettext("every %(n)d second", "every %(n)d seconds", n),
    "microseconds": lambda n: ngettext("every %(n)d microsecond", "every %(n)d microseconds", n),
}


def readable_schedule(schedule):
    """A schedule as a sentence in the active language ("每 5 分钟", "在 04:00"), not the
    library's "every {}" and "0 4 * * * (m/h/dM/MY/d)"."""
    if isinstance(schedule, IntervalSchedule):
        if schedule.every == 1:
            return str(EVERY_ONE[schedule.period])
        return EVERY_N[schedule.period](schedule.every) % {"n": schedule.every}
    if isinstance(schedule, CrontabSchedule):
        return _readable_crontab(schedule)
    if isinstance(schedule, ClockedSchedule):
        return gettext("once, at %(moment)s") % {
            "moment": formats.localize(timezone.template_localtime(schedule.clocked_time))
        }
    return "—" if schedule is None else str(schedule)


def _readable_crontab(crontab):
    fields = (
        crontab.minute,
        crontab.hour,
        crontab.day_of_month,
        crontab.month_of_year,
        crontab.day_of_week,
    )
    expression = " ".join(fields)
    options = Options()
    options.locale_code = "zh_CN" if (get_language() or "").startswith("zh") else "en_US"
    options.use_24hour_time_format = True
    try:
        text = get_description(expression, options)
    except (FormatException, MissingFieldException, WrongArgumentException):
        text = expression
    zone = str(crontab.timezone)
    if zone != settings.TIME_ZONE:
        text = f"{text} ({zone})"
    return text


class TaskFilter(admin.AllValuesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("task")

    def choices(self, changelist):
        # Each task by what it is, not by its Python path.
        for choice in super().choices(changelist):
            display = choice["display"]
            yield {**choice, "display": TASK_TITLES.get(display, display)}


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
    list_display = ("title", "what", "enabled", "schedule", "start_time", "last_run_at", "one_off")
    list_filter = ["enabled", "one_off", ("task", TaskFilter), "start_time", "last_run_at"]

    @admin.display(description=_("name"), ordering="name")
    def title(self, task):
        return TASK_TITLES.get(task.task, task.name)

    @admin.display(description=_("what it does"))
    def what(self, task):
        return TASK_DESCRIPTIONS.get(task.task) or task.description or "—"

    @admin.display(description=_("Schedule"))
    def schedule(self, task):
        return readable_schedule(task.scheduler)

    @admin.display(description=_("Schedule"))
    def crontab_translation(self, task):
        return readable_schedule(task.crontab) if task.crontab_id else "—"

    def render_change_form(self, request, context, *args, **kwargs):
        # The crontab choices' reading (periodic_task.js shows it) in the user's language.
        if "readable_crontabs" in context:
            context["readable_crontabs"] = {
                crontab.pk: readable_schedule(crontab) for crontab in CrontabSchedule.objects.all()
            }
        return super().render_change_form(request, context, *args, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "task" in form.base_fields:
            form.base_fields["task"].label = _("Task (custom)")
        for name in ("interval", "crontab", "clocked"):
            if name in form.base_fields:
                form.base_fields[name].label_from_instance = readable_schedule
        return form


class ReadableSchedule:
    list_display = ("readable",)

    @admin.display(description=_("Schedule"))
    def readable(self, schedule):
        return readable_schedule(schedule)


class ClockedScheduleAdmin(ReadableSchedule, PlatformOperatorOnly, beat_admin.ClockedScheduleAdmin):
    pass


class CrontabScheduleAdmin(ReadableSchedule, PlatformOperatorOnly, beat_admin.CrontabScheduleAdmin):
    readonly_fields = ("readable",)
    fields = (
        "readable",
        "minute",
        "hour",
        "day_of_month",
        "month_of_year",
        "day_of_week",
        "timezone",
    )


class SolarScheduleAdmin(PlatformOperatorOnly, beat_admin.SolarScheduleAdmin):
    pass


class IntervalScheduleAdmin(
    ReadableSchedule, PlatformOperatorOnly, beat_admin.IntervalScheduleAdmin
):
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
