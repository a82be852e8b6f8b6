from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DepartmentsConfig(AppConfig):
    name = "departments"
    verbose_name = _("Organisation")

    def ready(self):
        from .roles import sync_role_groups

        # Once per migrate (and per flush), on the signal of the last app: migrate and flush
        # signal every app in turn, and by the last one every app's permissions exist. (It
        # ran on every app's signal, sixteen times per migrate and per test flush.)
        last_app = [app for app in apps.get_app_configs() if app.models_module is not None][-1]
        post_migrate.connect(
            sync_role_groups, sender=last_app, dispatch_uid="firstask-sync-role-groups"
        )

        from .two_factor import connect_signals

        connect_signals()
