"""Secrets the application must use but nobody may read back: sealed at rest.

A webhook's signing secret has to be available in clear to compute each HMAC, so it
cannot be kept as a digest like an API key. It is stored encrypted (Fernet: AES with an
HMAC, from the maintained ``cryptography`` package) under a key derived from
``SECRET_KEY``; ``SECRET_KEY_FALLBACKS`` still open what was sealed before a key change.
A database dump, an export or a history row therefore holds only ciphertext.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

_PURPOSE = "firstask.sealed"


class Unreadable(Exception):
    """Sealed under a key this installation no longer has."""


def _fernet(secret_key: str) -> Fernet:
    key = salted_hmac(_PURPOSE, "fernet-key", secret=secret_key, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(key) for key in keys])


def seal(text: str) -> str:
    return _keys().encrypt(text.encode()).decode("ascii")


def unseal(token: str) -> str:
    try:
        return _keys().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise Unreadable("sealed under a key this installation no longer has") from None
