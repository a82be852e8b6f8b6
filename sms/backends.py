"""Where an SMS goes: the console, a file, memory (tests), or Alibaba Cloud SMS.

A backend's ``send(sms)`` returns the provider's message id, or raises ``Unavailable``
(try again later: the outbox retries with backoff) or ``Refused`` (the provider will
never take this message: recorded as failed, not retried).
"""

import json
import sys
import threading
from dataclasses import dataclass

from alibabacloud_dysmsapi20170525 import models as dysms
from alibabacloud_dysmsapi20170525.client import Client as DysmsClient
from alibabacloud_tea_openapi import models as openapi
from alibabacloud_tea_openapi.exceptions import ClientException
from darabonba.runtime import RuntimeOptions
from django.conf import settings
from django.utils.module_loading import import_string


class Unavailable(Exception):
    """The provider could not take the message now; it may later."""


class Refused(Exception):
    """The provider will never send this message (bad number, template, signature...)."""


@dataclass(frozen=True)
class Outgoing:
    id: int  # ours (the provider's OutId), the same on every attempt
    to: str
    signature: str
    template_code: str
    params: dict


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

    def send(self, sms: Outgoing) -> str:
        request = dysms.SendSmsRequest(
            phone_numbers=sms.to,
            sign_name=sms.signature,
            template_code=sms.template_code,
            template_param=json.dumps(sms.params, ensure_ascii=False) if sms.params else None,
            out_id=str(sms.id),
        )
        runtime = RuntimeOptions(
            connect_timeout=int(settings.SMS_CONNECT_TIMEOUT * 1000),
            read_timeout=int(settings.SMS_READ_TIMEOUT * 1000),
            autoretry=False,  # the outbox retries, with backoff
        )
        try:
            response = self.client.send_sms_with_options(request, runtime)
        except ClientException as exc:  # a 4xx answer: refused, unless it says "later"
            text = f"{exc.code}: {exc.message}"[:500]
            if exc.code in ALIYUN_RETRYABLE or exc.status_code == 429:
                raise Unavailable(text) from exc
            raise Refused(text) from exc
        except Exception as exc:  # no answer, a 5xx, throttling, an unreadable answer
            raise Unavailable(f"{type(exc).__name__}: {exc}"[:500]) from exc
        body = response.body
        if body.code == "OK":
            return body.biz_id or ""
        text = f"{body.code}: {body.message}"[:500]
        if body.code in ALIYUN_RETRYABLE:
            raise Unavailable(text)
        raise Refused(text)


def backend():
    return import_string(settings.SMS_BACKEND)()
