"""Roles are Django groups; their permissions are defined here and nowhere else."""

import logging

from django.apps import apps as global_apps
from django.contrib.auth.models import Permission
from django.db import models
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class Role(models.TextChoices):
    CLERK = "clerk", _("Clerk (first-inquiry staff)")
    HANDLER = "handler", _("Handler")
    HEAD = "department_head", _("Department head")
    SUPERVISOR = "supervisor", _("Supervisor")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


ORGANISATION_MODELS = (
    "departments.organisation",
    "departments.department",
    "departments.staff",
    "departments.matter",
    "departments.externalagency",
    "departments.dutyroster",
    "departments.calendaroverride",
)


def _perms(models_, *actions):
    return [
        f"{model.split('.')[0]}.{action}_{model.split('.')[1]}"
        for model in models_
        for action in actions
    ]


def _readable_everything(apps):
    """Every view permission of firstask's own apps (the auditor's whole world)."""
    Permission = apps.get_model("auth", "Permission")
    return [
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.filter(
            content_type__app_label__in=("departments", "cases", "penalties"),
            codename__startswith="view_",
        ).select_related("content_type")
    ]


DIRECTORY_MODELS = (
    "departments.matter",
    "departments.externalagency",
    "departments.department",
    "departments.staff",
    "departments.dutyroster",
)
CASE_MODELS = (
    "cases.case",
    "cases.transfer",
    "cases.callback",
    "cases.caseevent",
    "cases.urgingnotice",
)

TIME_LIMIT_RECORDS = (
    "cases.stageclock",
    "cases.stagealert",
    "cases.clockpause",
    "cases.extension",
)
TIME_LIMIT_POLICY = ("cases.timelimitpolicy",)
# Integrating systems of the Open311 API, their keys, and the cases they filed.
INTEGRATION_MODELS = ("cases.integration", "cases.webhookendpoint")
INTEGRATION_RECORDS = ("cases.apikey", "cases.apisubmission", "cases.webhookdelivery")
LEDGER_MODELS = (
    "penalties.violation",
    "penalties.penalty",
    "penalties.commendation",
    "penalties.annualrating",
    "penalties.assessmentperiod",
    "penalties.assessment",
)
ASSESSMENT_SETTINGS = ("penalties.assessmentsettings", "penalties.noticesettings")
# Published notices (通报): supervisors publish them from the notice page; the admin lists them.
NOTICE_MODELS = ("penalties.notice",)
# The beat schedule ("Periodic tasks" in the admin) is installation-wide and the platform
# operator's alone (cases/admin/schedule.py): no role gets a permission on its models. An
# organisation switches its part in each sweep on its organisation page.
PENALTY_RULE_MODELS = (
    "penalties.penaltyruleset",
    "penalties.penaltyrule",
    "penalties.sanction",
    "penalties.escalationrule",
)

# What a role may do is decided per case by cases/permissions.py and per violation by
# penalties/permissions.py; these permissions only open the admin pages a role works in.
# Supervisors and heads act through the action buttons, so "view" is enough for them.
ROLE_PERMISSIONS = {
    Role.CLERK: _perms(DIRECTORY_MODELS, "view") + _perms(("cases.case",), "view"),
    Role.HANDLER: _perms(DIRECTORY_MODELS, "view") + _perms(("cases.case",), "view"),
    Role.HEAD: _perms(ORGANISATION_MODELS + CASE_MODELS, "view")
    + _perms(("departments.dutyroster",), "add", "change")
    + _perms((*TIME_LIMIT_POLICY, "cases.extension", "cases.stageclock"), "view")
    + _perms(LEDGER_MODELS, "view"),
    Role.SUPERVISOR: _perms(ORGANISATION_MODELS + CASE_MODELS, "view")
    + _perms(("departments.dutyroster", "departments.matter"), "add", "change")
    + _perms(TIME_LIMIT_POLICY + TIME_LIMIT_RECORDS, "view")
    + _perms(LEDGER_MODELS + PENALTY_RULE_MODELS + ASSESSMENT_SETTINGS + NOTICE_MODELS, "view"),
    Role.AUDITOR: [],  # filled with every view permission at sync time
    Role.ADMINISTRATOR: _perms(ORGANISATION_MODELS, "view", "add", "change", "delete")
    + _perms(CASE_MODELS + TIME_LIMIT_RECORDS, "view")
    + _perms(TIME_LIMIT_POLICY, "view", "add", "change")
    + _perms(LEDGER_MODELS + NOTICE_MODELS, "view")
    + _perms(PENALTY_RULE_MODELS + ASSESSMENT_SETTINGS, "view", "add", "change")
    + _perms(INTEGRATION_MODELS, "view", "add", "change")
    + _perms(INTEGRATION_RECORDS, "view")
    # The outbox's backlog and dead letters of their organisation; "change" retries them.
    + _perms(("firstask.outboxmessage",), "view", "change")
    # Lockouts and two-factor events of their organisation (auditors see every view).
    + _perms(("departments.securityevent",), "view"),
}

# Roles that work in the Django admin (clerks and handlers use the intake pages).
ADMIN_ROLES = {Role.HEAD, Role.SUPERVISOR, Role.AUDITOR, Role.ADMINISTRATOR}


def role_permission_names(apps=None):
    apps = apps or global_apps
    names = {role: list(perms) for role, perms in ROLE_PERMISSIONS.items()}
    names[Role.AUDITOR] = _readable_everything(apps)
    return names


def sync_role_groups(sender=None, apps=None, using="default", **kwargs):
    """Create the role groups and give each exactly its permissions (idempotent)."""
    apps = apps or global_apps
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.using(using).select_related("content_type")
    }
    for role, names in role_permission_names(apps).items():
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        wanted = [by_name[name] for name in names if name in by_name]
        group.permissions.set(wanted)


def missing_permissions():
    """Permission names the role table refers to that do not exist (a typo or a stale entry)."""
    existing = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.select_related("content_type")
    }
    return sorted(
        name for names in role_permission_names().values() for name in names if name not in existing
    )
