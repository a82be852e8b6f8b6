"""The periodic tasks (deadlines, accountability, assessments), installed into
django-celery-beat's tables.

This is the one place the schedule is written. It is installed after ``migrate`` only when
missing, so that what the platform operator changes under "Periodic tasks" in the admin
(the interval, switching it off) stays changed; beat's ``beat_schedule`` setting would
write its values back at every start of beat. The tasks are installation-wide and the
operator's alone (cases/admin/schedule.py); an organisation switches its part in each
sweep on its organisation page (departments/schedules.py). Each task gets a start time:
beat runs a task that has one and has never run as soon as beat starts, not one interval
later.
"""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from django_celery_beat.models import IntervalSchedule, PeriodicTask

PERIODIC_TASKS = {
    # name (installed in the site's language): (task, every, period)
    gettext_noop("Deadline sweep (time limits)"): ("cases.tasks.sweep_deadlines", 1, "minutes"),
    gettext_noop("Accountability sweep (self-checks, commendations)"): (
        "penalties.tasks.sweep_penalties",
        5,
        "minutes",
    ),
    # Every few minutes (the sweep is a few queries when nothing is due), so a restart of
    # beat never leaves a closed period unassessed for long.
    gettext_noop("Assessments (after each month, quarter and year)"): (
        "penalties.tasks.sweep_assessments",
        5,
        "minutes",
    ),
    # The outbox is also nudged after each commit; this catches up after broker outages.
    gettext_noop("Outbox delivery (notices, digests)"): (
        "firstask.tasks.drain_outbox",
        10,
        "seconds",
    ),
    # The webhooks' own lane, on their own queue (WEBHOOK_QUEUE).
    gettext_noop("Webhook delivery"): ("cases.tasks.deliver_webhooks", 10, "seconds"),
    # The coming months' partitions of the growing tables (PostgreSQL; a no-op on SQLite).
    gettext_noop("Partitions of the coming months"): (
        "firstask.tasks.ensure_partitions",
        1,
        "days",
    ),
}


def install_periodic_tasks(sender=None, using="default", **kwargs):
    # The real models, not the migration state's: their signals tell a running beat.
    with translation.override(settings.LANGUAGE_CODE):
        for english, (task, every, period) in PERIODIC_TASKS.items():
            name = translation.gettext(english)
            existing = PeriodicTask.objects.using(using).filter(task=task).first()
            if existing is not None:
                if existing.name == english:
                    # Installed with its English name by an older version.
                    existing.name = name
                    existing.save(update_fields=["name"])
                continue
            interval, _created = IntervalSchedule.objects.using(using).get_or_create(
                every=every, period=period
            )
            PeriodicTask.objects.using(using).create(
                name=name, task=task, interval=interval, start_time=timezone.now()
            )
