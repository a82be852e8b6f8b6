"""The time-limit mails: one digest per person per sweep, and extension notices."""

from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from departments.models import Staff
from departments.offices import supervising_office
from firstask.mail import send_notice

from ..choices import AlertKind
from ..models import Extension, StageAlert

# A staff member's digest of a sweep is being sent: sent with ``staff`` and the numbers of
# ``overdue`` and ``near`` (near their deadline) stages, inside the digest's transaction.
deadline_digest_sent = Signal()


def _local(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _send(subject, lines, staff_members):
    addresses = sorted({s.user.email for s in staff_members if s is not None and s.user.email})
    if addresses:
        send_notice(subject, "\n".join(lines), addresses)
    return addresses


def _alerts(sweep_run, staff_id, recorded_at=None):
    """The overdue and the near-deadline alerts this sweep found in one person's charge
    (``recorded_at``, the sweep's time as ISO text, reads the alerts' one partition; digests
    queued before it was passed read them all)."""
    run = Q(sweep_run=sweep_run)
    if recorded_at is not None:
        run &= Q(recorded_at=datetime.fromisoformat(recorded_at))
    alerts = (
        StageAlert.objects.filter(run)
        .filter(Q(clock__responsible=staff_id) | Q(clock__department__head=staff_id))
        .select_related("case", "clock")
        .order_by("case__number", "kind")
    )
    by_clock = {}
    for alert in alerts:
        # After a downtime one sweep may find both: the overdue one says it all.
        if alert.kind == AlertKind.OVERDUE or alert.clock_id not in by_clock:
            by_clock[alert.clock_id] = alert
    overdue = [a for a in by_clock.values() if a.kind == AlertKind.OVERDUE]
    near = [a for a in by_clock.values() if a.kind == AlertKind.WARNING]
    return overdue, near


def alert_digest(sweep_run, staff_id, alerts=None):
    """Subject and lines for one person: the stages this sweep found in their charge."""
    overdue, near = alerts or _alerts(sweep_run, staff_id)
    subject = _("Time limits: %(overdue)s overdue, %(near)s near their deadline") % {
        "overdue": len(overdue),
        "near": len(near),
    }
    lines = []
    for title, group in ((_("Overdue"), overdue), (_("Near the deadline"), near)):
        if group:
            lines.append(f"{title}:")
        for alert in group:
            clock = alert.clock
            lines.append(
                f"  {alert.case.number}  {clock.get_stage_display()}  "
                + _("due %(due)s") % {"due": _local(clock.due_at)}
                + f"  {Truncator(alert.case.matter_text).chars(60)}"
            )
    return subject, lines


def send_alert_digest(sweep_run, staff_id, recorded_at=None):
    with translation.override(settings.LANGUAGE_CODE):
        staff = Staff.objects.select_related("user", "organisation").get(pk=staff_id)
        overdue, near = _alerts(sweep_run, staff_id, recorded_at)
        subject, lines = alert_digest(sweep_run, staff_id, (overdue, near))
        if not lines:
            return []
        # Receivers (the SMS, sms/receivers.py) write in this digest's transaction: their
        # rows commit with its "sent", once, whatever the retries.
        deadline_digest_sent.send(sender=Staff, staff=staff, overdue=len(overdue), near=len(near))
        return _send(subject, lines, [staff])


def _extension_requested(extension):
    clock = extension.clock
    head = clock.department.head
    if head is None or head.pk == extension.requested_by_id:
        office = supervising_office(extension.case.organisation_id)
        head = office.head if office is not None else None
    subject = _("Case %(number)s: extension requested until %(due)s") % {
        "number": extension.case.number,
        "due": _local(extension.requested_due),
    }
    return subject, [extension.requested_by.name, extension.reason], [head]


def _extension_decided(extension):
    subject = _("Case %(number)s: extension %(decision)s") % {
        "number": extension.case.number,
        "decision": extension.get_status_display(),
    }
    lines = [_local(extension.requested_due), extension.decision_note]
    return subject, lines, [extension.requested_by]


EXTENSION_NOTICES = {
    "extension_requested": _extension_requested,
    "extension_decided": _extension_decided,
}


def send_time_limit_notice(kind, object_id):
    with translation.override(settings.LANGUAGE_CODE):
        extension = Extension.objects.select_related(
            "case__organisation", "clock__department__head__user", "requested_by__user"
        ).get(pk=object_id)
        subject, lines, recipients = EXTENSION_NOTICES[kind](extension)
        lines = [extension.case.number, extension.case.matter_text, "", *lines]
        return _send(subject, lines, recipients)
