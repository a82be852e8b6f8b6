"""The notices themselves: recipients, subject and text per kind of violation step."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from departments.models import Staff
from departments.roles import Role
from firstask.mail import send_notice

from .models import Violation


def _supervisors(violation):
    return list(
        Staff.objects.filter(
            organisation=violation.organisation_id,
            is_active=True,
            user__groups__name=Role.SUPERVISOR.value,
        )
    )


def _self_check(violation):
    department = violation.department
    due = timezone.localtime(violation.self_check.due)
    subject = _("Self-check requested: %(kind)s by %(name)s, answer by %(due)s") % {
        "kind": violation.get_kind_display(),
        "name": violation.staff.name,
        "due": f"{due:%Y-%m-%d %H:%M}",
    }
    recipients = [department.head, department.leader_in_charge]
    return recipients, subject, violation.self_check.request


def _self_check_answered(violation):
    subject = _("Self-check answered: %(kind)s by %(name)s") % {
        "kind": violation.get_kind_display(),
        "name": violation.staff.name,
    }
    return _supervisors(violation), subject, violation.self_check.answer


def _substantiated(violation):
    subject = _("Violation substantiated: %(kind)s by %(name)s") % {
        "kind": violation.get_kind_display(),
        "name": violation.staff.name,
    }
    lines = "\n".join(str(line) for line in violation.penalties.live().select_related("staff"))
    return [violation.staff, violation.liable_head, violation.liable_leader], subject, lines


NOTICES = {
    "self_check": _self_check,
    "self_check_answered": _self_check_answered,
    "substantiated": _substantiated,
}


def send_violation_notice(kind, violation_id):
    """Mail one notice; returns the addresses it went to."""
    with translation.override(settings.LANGUAGE_CODE):
        violation = Violation.objects.select_related(
            "staff", "department__head", "department__leader_in_charge"
        ).get(pk=violation_id)
        staff, subject, body = NOTICES[kind](violation)
        addresses = sorted({s.user.email for s in staff if s is not None and s.user.email})
        if not addresses:
            return []
        text = f"{subject}\n\n{violation.evidence}\n\n{body}".strip()
        send_notice(subject, text, addresses)
    return addresses
