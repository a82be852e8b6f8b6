"""Sending a queued SMS (the worker's side), and what the provider reports back.

``deliver`` runs in the outbox's drain under a lease (outside its transaction), so that a
failed attempt's count and error stay recorded while the outbox retries with backoff. The
message row is locked for the attempt and sent only while it is queued: a retry after a
success, or a second worker that took the row over, finds it sent and sends nothing.
"""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from departments.models import Organisation
from firstask import outbox

from . import backends
from .models import OptOutSource, SmsMessage, SmsStatus, SmsTemplate
from .notices import is_opted_out, mobile_number, opt_out

logger = logging.getLogger(__name__)
# Words a person replies with to stop the SMS (回复TD退订), compared in capitals.
OPT_OUT_WORDS = {"TD", "T", "N", "退订", "TD退订", "退订TD", "STOP", "UNSUBSCRIBE"}
PROVIDER_TIME_ZONE = ZoneInfo("Asia/Shanghai")
MAX_ID_DIGITS = 18  # a message id fits a bigint


def _last_attempt() -> bool:
    message = outbox.delivering()
    return message is not None and message.attempts >= outbox.max_attempts_of(message.topic)


def deliver(sms_id: int) -> str:
    """Send one queued SMS; raises ``backends.Unavailable`` for the outbox to retry.

    Two steps. First the attempt is recorded (``sending_since``) and committed; then the
    message is sent with its row locked, and the outcome recorded with it. A worker stopped
    between the provider taking the message and that commit leaves the attempt without an
    outcome: the next attempt asks the provider (``backend.find``, by our id) and records
    the message as sent if it has it, rather than sending it twice."""
    failure = None
    with transaction.atomic():
        sms = SmsMessage.objects.select_for_update().filter(pk=sms_id).first()
        if sms is None or sms.status != SmsStatus.QUEUED:
            return sms.status if sms is not None else "gone"
        now = timezone.now()
        sms.updated_at = now
        if is_opted_out(sms.organisation_id, sms.to):  # opted out after it was queued
            sms.status = SmsStatus.OPTED_OUT
            sms.sending_since = None
            sms.save(update_fields=["status", "sending_since", "updated_at"])
            return sms.status
        backend = backends.backend()
        sms.provider = backend.name
        sms.attempts += 1
        if sms.sending_since is not None:
            try:
                found = _ask_the_provider(backend, sms)
            except backends.Unavailable as exc:
                failure = exc
                sms.error = str(exc)
                if _last_attempt():
                    sms.status = SmsStatus.FAILED
                sms.save()
            else:
                if found is not None:
                    _record_found(sms, found, now)
                    return sms.status
        if failure is None:
            sms.sending_since = now
            sms.save()
    if failure is not None:
        raise failure
    claimed = sms.attempts
    # The attempt is recorded (committed): from here on, a stopped worker is recognised.
    with transaction.atomic():
        sms = SmsMessage.objects.select_for_update().filter(pk=sms_id).first()
        if sms is None or sms.status != SmsStatus.QUEUED or sms.attempts != claimed:
            return sms.status if sms is not None else "gone"  # another worker took over
        outgoing = _outgoing(sms)
        try:
            sms.provider_message_id = backend.send(outgoing)[:100]
        except backends.Refused as exc:
            sms.status, sms.error, sms.sending_since = SmsStatus.FAILED, str(exc), None
        except backends.Unavailable as exc:
            sms.error = str(exc)
            failure = exc
            if not isinstance(exc, backends.Unanswered):
                sms.sending_since = None  # the provider answered: it did not take it
            if _last_attempt():
                sms.status = SmsStatus.FAILED
        else:
            sms.status, sms.sent_at, sms.error = SmsStatus.SENT, now, ""
            sms.sending_since = None
        sms.updated_at = timezone.now()
        sms.save()
    if failure is not None:
        raise failure
    return sms.status


def _outgoing(sms: SmsMessage) -> backends.Outgoing:
    return backends.Outgoing(
        id=sms.pk,
        to=sms.to,
        signature=sms.signature,
        template_code=sms.template_code,
        params=sms.params,
    )


def _ask_the_provider(backend, sms: SmsMessage) -> backends.Found | None:
    """Whether the provider took ``sms`` in its unresolved attempt; None when it did not,
    or when the backend cannot tell (then it is sent again)."""
    find = getattr(backend, "find", None)
    if find is None:
        return None
    return find(_outgoing(sms), sms.sending_since)


def _record_found(sms: SmsMessage, found: backends.Found, now: dt.datetime) -> None:
    taken_at, sms.sending_since = sms.sending_since, None
    if found.provider_message_id:
        sms.provider_message_id = found.provider_message_id[:100]
    if found.error:
        sms.status, sms.error = SmsStatus.FAILED, found.error[:500]
    else:
        sms.status, sms.sent_at, sms.error = SmsStatus.SENT, taken_at or now, ""
    sms.save()
    logger.info("SMS %s: taken by the provider in an earlier attempt, not sent again", sms.pk)


def _provider_time(text) -> dt.datetime:
    try:
        moment = dt.datetime.strptime(str(text), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return timezone.now()
    return moment.replace(tzinfo=PROVIDER_TIME_ZONE)


def _reported_message(item: dict) -> SmsMessage | None:
    out_id = str(item.get("out_id") or "")
    rows = SmsMessage.objects.select_for_update()
    if out_id.isascii() and out_id.isdigit() and len(out_id) <= MAX_ID_DIGITS:
        found = rows.filter(pk=int(out_id)).first()
        if found is not None:
            return found
    biz_id = str(item.get("biz_id") or "")[:100]
    return rows.filter(provider_message_id=biz_id).first() if biz_id else None


@transaction.atomic
def record_reports(items: list[dict]) -> int:
    """Delivery reports (Alibaba Cloud's SmsReport): delivered, or failed with its code.
    A report for an unknown message, or one already recorded, changes nothing."""
    recorded = 0
    for item in items:
        sms = _reported_message(item)
        if sms is None or sms.status not in (SmsStatus.QUEUED, SmsStatus.SENT):
            continue
        if mobile_number(str(item.get("phone_number") or "")) not in ("", sms.to):
            continue  # the report is about another number: not ours
        sms.reported_at = _provider_time(item.get("report_time"))
        if item.get("success") in (True, "true", "True"):
            sms.status = SmsStatus.DELIVERED
        else:
            sms.status = SmsStatus.FAILED
            sms.error = f"{item.get('err_code', '')} {item.get('err_msg', '')}".strip()[:500]
        sms.updated_at = timezone.now()
        sms.save()
        recorded += 1
    return recorded


def record_replies(items: list[dict]) -> int:
    """Replies (Alibaba Cloud's SmsUp): 'TD' and its like opt the number out of the SMS of
    the organisations whose signature it answered (or of all that sent it SMS)."""
    opted = 0
    for item in items:
        word = str(item.get("content") or "").strip().upper()
        number = mobile_number(str(item.get("phone_number") or ""))
        if word not in OPT_OUT_WORDS or not number:
            continue
        signature = str(item.get("sign_name") or "").strip()
        organisations = set(
            SmsTemplate.objects.filter(signature=signature).values_list("organisation", flat=True)
        ) or set(SmsMessage.objects.filter(to=number).values_list("organisation", flat=True))
        for organisation in Organisation.objects.filter(pk__in=organisations).order_by("pk"):
            opted += opt_out(organisation, number, OptOutSource.REPLY, note=f"reply {word}")
    return opted
