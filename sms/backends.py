"""Where an SMS goes: the console, a file, memory (tests), or Alibaba Cloud SMS.

A backend's ``send(sms)`` returns the provider's message id, or raises ``Unavailable``
(try again later: the outbox retries with backoff) or ``Refused`` (the provider will
never take this message: recorded as failed, not retried). ``Unanswered``, a kind of
``Unavailable``, is an attempt whose outcome is unknown (no answer, a time-out, a 5xx from
a gateway): the provider may have taken the message.

``find(sms, since)`` asks the provider whether it took ``sms`` (by our id, its OutId) since
``since``: a ``Found`` (sent, or failed with the provider's code) or None; ``Unavailable``
when it cannot tell now. ``sms.delivery`` asks it before sending again a message whose
previous attempt has no recorded outcome, so that a worker stopped after the provider took
a message never makes it send twice. A backend that cannot tell (console, file) has none.
"""

import datetime as dt
import json
import sys
import threading
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from alibabacloud_dysmsapi20170525 import models as dysms
from alibabacloud_dysmsapi20170525.client import Client as DysmsClient
from alibabacloud_tea_openapi import models as openapi
from alibabacloud_tea_openapi.exceptions import ClientException, ThrottlingException
from darabonba.runtime import RuntimeOptions
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class Unavailable(Exception):
    """The provider could not take the message now; it may later."""


class Unanswered(Unavailable):
    """No answer (or none that says what happened): the provider may have taken it."""


class Refused(Exception):
    """The provider will never send this message (bad number, template, signature...)."""


@dataclass(frozen=True)
class Outgoing:
    id: int  # ours (the provider's OutId), the same on every attempt
    to: str
    signature: str
    template_code: str
    params: dict


@dataclass(frozen=True)
class Found:
    """What the provider did with a message it took: sent (``error`` empty) or failed."""

    provider_message_id: str = ""
    error: str = ""


class ConsoleBackend:
    name = "console"

    def send(self, sms: Outgoing) -> str:
        sys.stdout.write(f"SMS {sms.id} to {sms.to} 【{sms.signature}】{sms.template_code} ")
        sys.stdout.write(json.dumps(sms.params, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return f"console-{sms.id}"


class FileBackend:
    name = "file"
    _lock = threading.Lock()

    def send(self, sms: Outgoing) -> str:
        line = json.dumps(
            {
                "id": sms.id,
                "to": sms.to,
                "signature": sms.signature,
                "template_code": sms.template_code,
                "params": sms.params,
            },
            ensure_ascii=False,
        )
        with self._lock, open(settings.SMS_FILE_PATH, "a", encoding="utf-8") as out:
            out.write(line + "\n")
        return f"file-{sms.id}"


class MemoryBackend:
    """Tests: every message sent, in ``MemoryBackend.sent`` (empty it between tests)."""

    name = "memory"
    sent: list[Outgoing] = []

    def send(self, sms: Outgoing) -> str:
        MemoryBackend.sent.append(sms)
        return f"memory-{sms.id}"

    def find(self, sms: Outgoing, since: dt.datetime) -> Found | None:
        if any(sent.id == sms.id for sent in MemoryBackend.sent):
            return Found(f"memory-{sms.id}")
        return None


# Alibaba Cloud's answer codes that may go through later (its documented error codes):
# throttling, its own flow control, and system errors. Every other code is a refusal.
ALIYUN_RETRYABLE = {
    "isv.BUSINESS_LIMIT_CONTROL",
    "isv.DAY_LIMIT_CONTROL",
    "SignatureNonceUsed",
    "Throttling.User",
    "Throttling",
    "ServiceUnavailable",
    "InternalError",
    "isp.SYSTEM_ERROR",
    "isp.RAM_PERMISSION_DENY",
    # A wrong or expired AccessKey, or a clock out of step, is the operator's to fix: the
    # messages wait for it rather than fail.
    "InvalidAccessKeyId.NotFound",
    "InvalidAccessKeyId.Inactive",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "InvalidTimeStamp.Expired",
}


# QuerySendDetails: at most 50 a page; a number gets a handful of SMS a day (the
# per-number limit), so a few pages are plenty.
QUERY_PAGE_SIZE = 50
QUERY_MAX_PAGES = 5
PROVIDER_TIME_ZONE = ZoneInfo("Asia/Shanghai")  # the provider's SendDate and report times


class AliyunBackend:
    """Alibaba Cloud SMS through its official SDK (Dysmsapi 2017-05-25, SendSms)."""

    name = "aliyun"

    def __init__(self):
        config = openapi.Config(
            access_key_id=settings.ALIBABA_CLOUD_ACCESS_KEY_ID,
            access_key_secret=settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
            endpoint=settings.SMS_ALIYUN_ENDPOINT,
            protocol=settings.SMS_ALIYUN_PROTOCOL,
        )
        self.client = DysmsClient(config)

    def _runtime(self) -> RuntimeOptions:
        return RuntimeOptions(
            connect_timeout=int(settings.SMS_CONNECT_TIMEOUT * 1000),
            read_timeout=int(settings.SMS_READ_TIMEOUT * 1000),
            autoretry=False,  # the outbox retries, with backoff
        )

    def send(self, sms: Outgoing) -> str:
        request = dysms.SendSmsRequest(
            phone_numbers=sms.to,
            sign_name=sms.signature,
            template_code=sms.template_code,
            template_param=json.dumps(sms.params, ensure_ascii=False) if sms.params else None,
            out_id=str(sms.id),
        )
        try:
            response = self.client.send_sms_with_options(request, self._runtime())
        except ClientException as exc:  # a 4xx answer: refused, unless it says "later"
            text = f"{exc.code}: {exc.message}"[:500]
            if exc.code in ALIYUN_RETRYABLE or exc.status_code == 429:
                raise Unavailable(text) from exc
            raise Refused(text) from exc
        except ThrottlingException as exc:  # "later": it did not take the message
            raise Unavailable(f"{exc.code}: {exc.message}"[:500]) from exc
        except Exception as exc:  # no answer, a 5xx, an unreadable answer: it may have
            raise Unanswered(f"{type(exc).__name__}: {exc}"[:500]) from exc
        body = response.body
        if body.code == "OK":
            return body.biz_id or ""
        text = f"{body.code}: {body.message}"[:500]
        if body.code in ALIYUN_RETRYABLE:
            raise Unavailable(text)
        raise Refused(text)

    def find(self, sms: Outgoing, since: dt.datetime) -> Found | None:
        """QuerySendDetails: the number's sends of each day (Beijing time) from ``since``'s
        to today, 50 a page, looked through for our OutId. SendStatus 1 is awaiting the
        handset's receipt, 2 failed (with ErrCode), 3 delivered: each means it was taken."""
        day = timezone.localtime(since, PROVIDER_TIME_ZONE).date()
        today = timezone.localtime(timezone.now(), PROVIDER_TIME_ZONE).date()
        while day <= today:
            found = self._find_on(sms, day)
            if found is not None:
                return found
            day += dt.timedelta(days=1)
        return None

    def _find_on(self, sms: Outgoing, day: dt.date) -> Found | None:
        for page in range(1, QUERY_MAX_PAGES + 1):
            request = dysms.QuerySendDetailsRequest(
                phone_number=sms.to,
                send_date=f"{day:%Y%m%d}",
                page_size=QUERY_PAGE_SIZE,
                current_page=page,
            )
            try:
                response = self.client.query_send_details_with_options(request, self._runtime())
            except Exception as exc:  # whatever it is, we cannot tell now
                raise Unavailable(f"QuerySendDetails {type(exc).__name__}: {exc}"[:500]) from exc
            body = response.body
            if body.code != "OK":
                raise Unavailable(f"QuerySendDetails {body.code}: {body.message}"[:500])
            details = body.sms_send_detail_dtos
            rows = (details.sms_send_detail_dto if details is not None else None) or []
            for row in rows:
                if str(row.out_id or "") == str(sms.id):
                    error = f"{row.err_code}" if str(row.send_status) == "2" else ""
                    return Found(provider_message_id="", error=error)
            if page * QUERY_PAGE_SIZE >= int(body.total_count or 0):
                return None
        return None


def backend():
    return import_string(settings.SMS_BACKEND)()
