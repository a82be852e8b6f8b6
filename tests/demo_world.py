"""The demo organisation built once per test module and rolled back at its end.

Building the demo takes seconds; the tests that only read it (admin pages, the permission
matrix) share one copy (``tests.shared_data.built_once``). Each test still runs in its own
savepoint, so a test that writes leaves nothing behind for the next one.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from demo.builder import build_demo
from tests.shared_data import built_once

DEMO_PASSWORD = "firstask-demo"
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def demo_users():
    """The demo logins by username (``admin``, ``clerk``, …, ``platform``)."""
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    def build():
        build_demo(DEMO_PASSWORD, now=NOW)
        return demo_users()

    with built_once(django_db_blocker, build) as users:
        yield users
