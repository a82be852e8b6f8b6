from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from . import admin_records, admin_schedule, admin_timelimits  # noqa: F401 (admin pages)
        from .open311 import admin as open311_admin  # noqa: F401 (integrating systems)
        from .schedule import install_periodic_tasks

        post_migrate.connect(
            install_periodic_tasks, sender=self, dispatch_uid="firstask-periodic-tasks"
        )
