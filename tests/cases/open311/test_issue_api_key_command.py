"""``issue_api_key``: a key printed once; bad input ends with a plain message, no traceback."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import ApiKey, Integration
from cases.open311.keys import digest_of

pytestmark = pytest.mark.django_db


def issue(*args):
    from io import StringIO

    out = StringIO()
    call_command("issue_api_key", *args, stdout=out)
    return out.getvalue().strip()


def test_a_new_system_gets_a_key_printed_once(org):
    key = issue(org.organisation.code, "市民App", "--registrar", org.clerk.user.username)

    integration = Integration.objects.get(name="市民App")
    assert integration.registrar == org.clerk
    assert ApiKey.objects.get(integration=integration).digest == digest_of(key)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["NOPE", "市民App"], "No organisation with the code 'NOPE'"),
        (["{org}", "   ", "--registrar", "{clerk}"], "The system's name is empty"),
        (["{org}", "市民App", "--registrar", "nobody"], "No staff login 'nobody'"),
        (["{org}", "市民App"], "needs --registrar"),
        (["{org}", "市民App", "--registrar", "{clerk}", "--channel", "pigeon"], "channel"),
        (["{org}", "x" * 101, "--registrar", "{clerk}"], "name"),
        (["{org}", "市民App", "--registrar", "{clerk}", "--requests-per-minute", "-1"], "minute"),
        # PostgreSQL refuses NUL in text: a plain message, not a database traceback.
        (["W\x00W", "市民App"], "NUL"),
        (["{org}", "市民\x00App", "--registrar", "{clerk}"], "NUL"),
        (["{org}", "市民App", "--registrar", "cl\x00erk"], "NUL"),
        (["{org}", "市民App", "--registrar", "{clerk}", "--channel", "w\x00eb"], "NUL"),
    ],
)
def test_bad_input_ends_with_a_command_error_and_creates_nothing(org, args, message):
    values = {"org": org.organisation.code, "clerk": org.clerk.user.username}

    with pytest.raises(CommandError, match=message):
        issue(*(arg.format(**values) for arg in args))

    assert not Integration.objects.exists()
    assert not ApiKey.objects.exists()
