from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    name = "sms"
    verbose_name = _("SMS notices")

    def ready(self):
        from . import receivers  # noqa: F401 (the case steps' SMS)
