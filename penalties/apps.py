from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenaltiesConfig(AppConfig):
    name = "penalties"
    verbose_name = _("Accountability")

    def ready(self):
        from django.db.models.signals import post_save

        from cases import signals
        from cases.timelimits.sweep import stage_alerts_recorded

        from . import hooks
        from .models import Commendation, Penalty, Violation

        # Each writes in the case service's own transaction.
        stage_alerts_recorded.connect(hooks.record_sweep_overdue, dispatch_uid="penalties-overdue")
        signals.complaint_registered.connect(
            hooks.record_complaint, dispatch_uid="penalties-complaint"
        )
        signals.return_rejected.connect(
            hooks.record_rejected_return, dispatch_uid="penalties-rejected-return"
        )
        signals.callback_recorded.connect(hooks.record_praise, dispatch_uid="penalties-praise")
        signals.case_merged.connect(
            hooks.link_merged_complaints, dispatch_uid="penalties-merged-complaints"
        )
        # The daily summary tables: the days an event changed are counted again.
        signals.case_events_recorded.connect(
            hooks.touch_case_days, dispatch_uid="penalties-daily-cases"
        )
        for model in (Violation, Penalty, Commendation):
            post_save.connect(
                hooks.touch_ledger_day,
                sender=model,
                dispatch_uid=f"penalties-daily-{model.__name__}",
            )
