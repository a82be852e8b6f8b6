"""Logging in as a role that needs two-factor login, in tests.

The suite's ``Client.force_login`` and ``Client.login`` (patched in tests/conftest.py) give
such a user a confirmed authenticator and put it in the session, exactly as the second
login step does, so pages are reached through the real middleware. Two-factor tests log
in with ``login_without_second_factor`` to see the step itself.
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from departments.two_factor import requires_two_factor

_force_login = Client.force_login
_login = Client.login


def authenticator_of(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def current_code(device, at=None) -> str:
    """The code the authenticator shows now (or at Unix time ``at``)."""
    import time

    generator = TOTP(device.bin_key, device.step, device.t0, device.digits)
    generator.time = at or time.time()
    return f"{generator.token():0{device.digits}d}"


def verify_session(client, user):
    """Put ``user``'s authenticator into the client's session (the second step done)."""
    if not requires_two_factor(user):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_of(user).persistent_id
    session.save()


def force_login(self, user, backend=None):
    _force_login(self, user, backend)
    verify_session(self, user)


def login(self, **credentials):
    done = _login(self, **credentials)
    if done:
        from django.contrib.auth import get_user

        verify_session(self, get_user(self))
    return done


def login_without_second_factor(client, user):
    _force_login(client, user)
