from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenaltiesConfig(AppConfig):
    name = "penalties"
    verbose_name = _("Accountability")

    def ready(self):
        from cases import signals
        from cases.timelimits.sweep import stage_alerts_recorded

        from . import hooks

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
