"""The demo organisation's SMS templates, one per notice, as if registered with the
provider (made-up template codes; with the console backend of bin/run each SMS is printed
in the worker's log)."""

from sms.models import NoticeKind, SmsTemplate

SIGNATURE = "示范市政务服务中心"
# (notice, template code, variables); the registered texts would read, e.g. for the receipt:
# 您的事项已受理，编号${number}，查询码${code}，承诺${due}前办结。回TD退订
SMS_TEMPLATES = (
    (NoticeKind.RECEIPT, "SMS_480000001", "number,code,due"),
    (NoticeKind.RESULT, "SMS_480000002", "number,outcome,phone"),
    (NoticeKind.CALLBACK_INVITATION, "SMS_480000003", "number,code,phone"),
    (NoticeKind.PROMISE_MOVED, "SMS_480000006", "number,due,reason"),
    (NoticeKind.DEADLINE_WARNING, "SMS_480000004", "name,overdue,near"),
    (NoticeKind.NEUTRAL, "SMS_480000005", "organisation,phone"),
)


def ensure_sms_templates(organisation, recorder):
    # Templates an administrator registered or edited stay as they are.
    existing = set(
        SmsTemplate.objects.for_organisation(organisation).values_list("kind", flat=True)
    )
    for kind, code, parameters in SMS_TEMPLATES:
        if kind not in existing:
            recorder.create(
                SmsTemplate,
                organisation=organisation,
                kind=kind,
                template_code=code,
                signature=SIGNATURE,
                parameters=parameters,
            )
