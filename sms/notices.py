"""SMS notices, written with the step that causes them (in its transaction).

Each notice is an ``SmsMessage`` row and an outbox row naming the task that sends it
(``sms.tasks.send_sms``): a step's SMS go out after its commit, from a worker, retried with
backoff while the provider is down, and never without the step. A notice needs the
organisation's active template of its kind and a mobile number; an opted-out number and
one over its hourly limit get a row that says so, and nothing is sent.

A confidential case's person gets only the organisation's neutral template, which may
name nothing of the case (see ``ALLOWED_PARAMETERS``).
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cases.models import Case
from cases.phones import phone_key
from cases.timelimits.clocks import promised_resolution
from departments.models import Organisation, Staff
from firstask.queue import enqueue_for_organisation, notices_are_held

from .models import COUNTED, NoticeKind, OptOutSource, SmsMessage, SmsOptOut, SmsStatus, SmsTemplate

# Enqueued by name through the outbox (the task imports this side, never the reverse).
SEND_SMS = "sms.tasks.send_sms"
# Alibaba Cloud takes at most 35 characters per variable.
VALUE_LENGTH = 35
MOBILE_DIGITS = 11


def mobile_number(phone: str | None) -> str:
    """The number an SMS can go to (a mainland mobile number, 11 digits), or ''."""
    key = phone_key(phone)
    return key if len(key) == MOBILE_DIGITS and key.startswith("1") else ""


def is_opted_out(organisation_id: int, number: str) -> bool:
    return SmsOptOut.objects.filter(organisation_id=organisation_id, number=number).exists()


def sent_last_hour(number: str, now) -> int:
    return SmsMessage.objects.filter(
        to=number, created_at__gt=now - timedelta(hours=1), status__in=COUNTED
    ).count()


def _local(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "-"


def _queue(
    organisation: Organisation,
    kind: str,
    number: str,
    values: dict[str, Callable[[], object]],
    *,
    case: Case | None = None,
    staff: Staff | None = None,
) -> SmsMessage | None:
    if not number or notices_are_held():
        return None
    template = SmsTemplate.objects.filter(
        organisation=organisation, kind=kind, is_active=True
    ).first()
    if template is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        params = {
            name: Truncator(str(values[name]() if name in values else "")).chars(VALUE_LENGTH)
            for name in template.parameter_names
        }
    now = timezone.now()
    message = SmsMessage(
        organisation=organisation,
        kind=kind,
        to=number,
        case=case,
        staff=staff,
        template_code=template.template_code,
        signature=template.signature,
        params=params,
        created_at=now,
        updated_at=now,
    )
    if is_opted_out(organisation.pk, number):
        message.status = SmsStatus.OPTED_OUT
    elif sent_last_hour(number, now) >= settings.SMS_PER_NUMBER_PER_HOUR:
        message.status = SmsStatus.RATE_LIMITED
    message.save()
    if message.status == SmsStatus.QUEUED:
        enqueue_for_organisation(organisation.pk, SEND_SMS, message.pk)
    return message


def _case_values(case: Case) -> dict[str, Callable[[], object]]:
    organisation = case.organisation
    return {
        "organisation": lambda: organisation.name,
        "number": lambda: case.number,
        "code": lambda: case.query_code,
        # The date on the receipt (stored at registration), computed only for a case
        # registered before it was stored.
        "due": lambda: _local(case.promised_by or promised_resolution(case)),
        "matter": lambda: case.matter.name if case.matter_id else case.matter_text,
        "name": lambda: case.person_name or _("citizen"),
        "department": lambda: case.current_department.name,
        "phone": lambda: case.current_department.public_phone or "-",
        "outcome": lambda: case.get_outcome_display() or "-",
        "reason": lambda: case.promise_reason or "-",
    }


def notify_person(case: Case, kind: str) -> SmsMessage | None:
    """The SMS of ``kind`` (receipt, result, callback invitation, moved promise) to the
    case's person;
    for a confidential case the neutral notice instead."""
    if case.is_anonymous:
        return None
    number = mobile_number(case.person_phone)
    if not number:
        return None
    values = _case_values(case)
    if case.is_confidential:
        kind = NoticeKind.NEUTRAL
        values = {"organisation": values["organisation"], "phone": values["phone"]}
    return _queue(case.organisation, kind, number, values, case=case)


def notify_staff_deadlines(staff: Staff, *, overdue: int, near: int) -> SmsMessage | None:
    """A deadline warning to a staff member's mobile (Staff.phone): counts only."""
    number = mobile_number(staff.phone)
    values = {
        "organisation": lambda: staff.organisation.name,
        "name": lambda: staff.name,
        "overdue": lambda: overdue,
        "near": lambda: near,
    }
    return _queue(staff.organisation, NoticeKind.DEADLINE_WARNING, number, values, staff=staff)


@transaction.atomic
def opt_out(organisation: Organisation, number: str, source: str, note: str = "") -> bool:
    """No more SMS from the organisation to ``number``; False if it had opted out already."""
    number = mobile_number(number)
    if not number or source not in OptOutSource.values:
        return False
    _row, created = SmsOptOut.objects.get_or_create(
        organisation=organisation,
        number=number,
        defaults={"source": source, "created_at": timezone.now(), "note": note[:200]},
    )
    return created
