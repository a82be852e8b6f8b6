from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from .open311 import admin as open311_admin  # noqa: F401 (integrating systems)
        from .open311 import admin_webhooks, webhooks  # noqa: F401 (receivers, outbox handler)
        from .timelimits.schedule import install_periodic_tasks

        post_migrate.connect(
            install_periodic_tasks, sender=self, dispatch_uid="firstask-periodic-tasks"
        )
