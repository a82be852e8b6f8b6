from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FirstaskConfig(AppConfig):
    name = "firstask"
    verbose_name = _("Delivery")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import queue  # noqa: F401 (lets the outbox deliver enqueued Celery tasks)
