"""The small organisation of tests/cases, with SMS templates, and a backend in memory."""

import pytest

from sms.backends import MemoryBackend
from sms.models import NoticeKind, SmsTemplate
from tests.cases.conftest import (  # noqa: F401 (fixtures shared with the case tests)
    _eager_celery,
    in_handling,
    org,
    register,
    resolved,
    transferred,
)

TEMPLATES = {
    NoticeKind.RECEIPT: ("SMS_100000001", "number,code,due,matter"),
    NoticeKind.RESULT: ("SMS_100000002", "number,outcome"),
    NoticeKind.CALLBACK_INVITATION: ("SMS_100000003", "number,code,phone"),
    NoticeKind.DEADLINE_WARNING: ("SMS_100000004", "name,overdue,near"),
    NoticeKind.NEUTRAL: ("SMS_100000005", "organisation"),
}


@pytest.fixture(autouse=True)
def sms_in_memory(settings):
    settings.SMS_BACKEND = "sms.backends.MemoryBackend"
    MemoryBackend.sent = []
    yield MemoryBackend.sent
    MemoryBackend.sent = []


@pytest.fixture
def templates(org):  # noqa: F811 (the imported fixture)
    return {
        kind: SmsTemplate.objects.create(
            organisation=org.organisation,
            kind=kind,
            template_code=code,
            signature="首问测试",
            parameters=parameters,
        )
        for kind, (code, parameters) in TEMPLATES.items()
    }
