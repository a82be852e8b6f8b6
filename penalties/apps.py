from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenaltiesConfig(AppConfig):
    name = "penalties"
    verbose_name = _("Accountability")

    def ready(self):
        from cases.sweep import stage_alerts_recorded

        from .hooks import record_sweep_overdue

        # Overdue alerts become suspected violations in the sweep's own transaction.
        stage_alerts_recorded.connect(record_sweep_overdue, dispatch_uid="penalties-overdue")
