from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DepartmentsConfig(AppConfig):
    name = "departments"
    verbose_name = _("Organisation")

    def ready(self):
        from .roles import sync_role_groups

        # Runs after every app's migrations so permissions of apps that migrate later are
        # attached too; each run is idempotent.
        post_migrate.connect(sync_role_groups, dispatch_uid="firstask-sync-role-groups")

        from .two_factor import connect_signals

        connect_signals()
