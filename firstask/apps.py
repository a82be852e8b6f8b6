from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FirstaskConfig(AppConfig):
    name = "firstask"
    verbose_name = _("Delivery")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import queue  # noqa: F401 (lets the outbox deliver enqueued Celery tasks)
        from .partitions import ensure_after_migrate

        post_migrate.connect(ensure_after_migrate, sender=self, dispatch_uid="firstask-partitions")
