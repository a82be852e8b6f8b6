"""Two-factor login (TOTP, django-otp) for the roles that see and change the whole record.

Administrators, supervisors and auditors of an organisation and the platform operator
(a superuser) must prove a second factor once per session before any logged-in page
(``TwoFactorRequiredMiddleware``). At their first login they enrol: a new secret is shown
once (as a QR code and as text), a code from the authenticator confirms it, and ten
recovery codes are shown once. Each recovery code works once. Clerks, handlers and
department heads log in with their password alone.

Every step writes the security log (``SecurityEvent``): enrolled, verified, failed,
recovery code used, devices reset; django-axes' lockouts are written there too.
"""

from __future__ import annotations

import logging
from base64 import b32decode
from dataclasses import dataclass

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.db import transaction
from django.dispatch import receiver
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from firstask.client_ip import client_address

from .access import has_role, organisation_of
from .models import SecurityEvent, SecurityEventKind
from .roles import Role

logger = logging.getLogger("firstask.security")

ROLES_WITH_TWO_FACTOR = (Role.ADMINISTRATOR, Role.SUPERVISOR, Role.AUDITOR)
RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def requires_two_factor(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or has_role(user, *ROLES_WITH_TWO_FACTOR)


def is_verified(user) -> bool:
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def record_security_event(user, kind, request=None, *, username="", detail="", organisation=None):
    """One line of the security log (and the same in the application log)."""
    if user is not None and not user.is_authenticated:
        user = None
    if organisation is None and user is not None:
        organisation = organisation_of(user)
    name = username or (user.get_username() if user is not None else "")
    address = client_address(request) if request is not None else ""
    SecurityEvent.objects.create(
        organisation=organisation,
        user=user,
        username=name[:150],
        kind=kind,
        client_address=(address or "")[:64],
        detail=detail[:300],
    )
    logger.info("security event %s user=%s address=%s %s", kind, name, address, detail)


def start_enrolment(user) -> TOTPDevice:
    """A new unconfirmed authenticator with a fresh secret; earlier unconfirmed ones go.

    Called on every view of the enrolment page, so a secret is shown once only."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def pending_enrolment(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


@dataclass(frozen=True)
class Enrolled:
    recovery_codes: list[str]


def confirm_enrolment(request, device: TOTPDevice, code: str) -> Enrolled | None:
    """The authenticator confirmed by ``code`` and the session verified; None when the
    code is wrong (logged as a failure, nothing changed)."""
    user = request.user
    if device.user_id != user.pk or device.confirmed or not device.verify_token(code.strip()):
        record_security_event(user, SecurityEventKind.FAILED, request, detail="enrolment")
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = replace_recovery_codes(user)
        record_security_event(user, SecurityEventKind.ENROLLED, request)
    otp_login(request, device)
    return Enrolled(codes)


def replace_recovery_codes(user, codes: list[str] | None = None) -> list[str]:
    """New recovery codes for ``user`` (the old ones stop working); returns them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = codes or [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def verify(request, code: str) -> bool:
    """Check ``code`` against the user's authenticator, then their recovery codes; on
    success the session is verified. Every attempt is logged."""
    user = request.user
    code = "".join(code.split()).lower()
    if code:
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(code):
                otp_login(request, device)
                record_security_event(user, SecurityEventKind.VERIFIED, request)
                return True
        for device in StaticDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(code):
                otp_login(request, device)
                left = device.token_set.count()
                record_security_event(
                    user,
                    SecurityEventKind.RECOVERY_USED,
                    request,
                    detail=f"{left} recovery codes left",
                )
                return True
    record_security_event(user, SecurityEventKind.FAILED, request)
    return False


def reset_devices(user, *, by=None, request=None) -> int:
    """Remove every device of ``user``: they enrol again at their next login."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
        detail = f"by {by.get_username()}" if by is not None else "by the platform operator"
        record_security_event(user, SecurityEventKind.RESET, request, detail=detail)
    return removed


# --- the lockout of django-axes -----------------------------------------------------------
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    user = get_user_model().objects.filter(username=username or "").first()
    record_security_event(
        user,
        SecurityEventKind.LOCKED_OUT,
        request,
        username=username or "",
        detail=f"from {ip_address}" if ip_address else "",
    )


def connect_signals():
    receiver(user_locked_out, dispatch_uid="firstask_security_lockout")(_locked_out)


# The demo logins' published authenticator secret (load_demo prints it; never on a real
# site): base32, as authenticator apps take it.
DEMO_TOTP_SECRET = "FIRSTASKDEMOAUTHENTICATORSECRET2"


def demo_totp_key() -> str:
    """The demo secret as django-otp stores a key (hex)."""
    return b32decode(DEMO_TOTP_SECRET).hex()


def current_demo_code(user) -> str | None:
    """The current code of ``user``'s authenticator when it is the demo's published one
    (shown on the code page with DEBUG on); None for any other authenticator."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True, key=demo_totp_key()).first()
    if device is None:
        return None
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{generator.token():0{device.digits}d}"
