"""Login lockout (django-axes): wrong passwords for one username from one client address
lock that pair out for a cool-off; the address comes from the proxy header only when the
request came through a trusted proxy."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.factories import StaffFactory

PASSWORD = "窗口-晴天-7391-松柏"
T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _lockout_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)


@pytest.fixture
def clerk(db):
    staff = StaffFactory()
    staff.user.set_password(PASSWORD)
    staff.user.save()
    return staff.user


def attempt(client, username, password, **meta):
    client.logout()
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def logged_in(response):
    return response.status_code == 302


def fail_five_times(client, username, **meta):
    for _ in range(5):
        assert not logged_in(attempt(client, username, "wrong-password", **meta))


def test_after_five_wrong_passwords_the_right_one_is_refused(client, clerk):
    with time_machine.travel(T0, tick=False):
        fail_five_times(client, clerk.username)

        response = attempt(client, clerk.username, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_after_the_cool_off(client, clerk):
    with time_machine.travel(T0, tick=False):
        fail_five_times(client, clerk.username)
    with time_machine.travel(T0 + dt.timedelta(minutes=16), tick=False):
        assert logged_in(attempt(client, clerk.username, PASSWORD))


def test_the_lock_is_per_username_and_client_address(client, clerk):
    other = StaffFactory().user
    other.set_password(PASSWORD)
    other.save()
    with time_machine.travel(T0, tick=False):
        fail_five_times(client, clerk.username, REMOTE_ADDR="10.0.0.5")

        assert logged_in(attempt(client, clerk.username, PASSWORD, REMOTE_ADDR="10.0.0.6"))
        assert logged_in(attempt(client, other.username, PASSWORD, REMOTE_ADDR="10.0.0.5"))
        assert not logged_in(attempt(client, clerk.username, PASSWORD, REMOTE_ADDR="10.0.0.5"))


def test_a_good_login_before_the_limit_starts_the_count_again(client, clerk):
    with time_machine.travel(T0, tick=False):
        for _ in range(4):
            attempt(client, clerk.username, "wrong-password")
        assert logged_in(attempt(client, clerk.username, PASSWORD))
        for _ in range(4):
            attempt(client, clerk.username, "wrong-password")

        assert logged_in(attempt(client, clerk.username, PASSWORD))


def test_behind_a_trusted_proxy_clients_are_told_apart(client, clerk, settings):
    settings.TRUSTED_PROXIES = ["10.1.0.0/16"]
    proxy = {"REMOTE_ADDR": "10.1.0.2"}
    with time_machine.travel(T0, tick=False):
        fail_five_times(client, clerk.username, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)

        colleague = attempt(
            client, clerk.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy
        )
        attacker = attempt(
            client, clerk.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy
        )

    assert logged_in(colleague)
    assert attacker.status_code == 429


def test_without_trusted_proxies_a_forged_header_does_not_escape_the_lock(client, clerk):
    with time_machine.travel(T0, tick=False):
        fail_five_times(client, clerk.username, HTTP_X_FORWARDED_FOR="198.51.100.1")

        response = attempt(client, clerk.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert response.status_code == 429
