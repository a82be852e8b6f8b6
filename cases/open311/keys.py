"""API keys: issued once in clear, kept as a SHA-256 digest, looked up by digest.

The keys are 256-bit random strings, so a plain digest is enough: there is nothing to
guess that a slow hash would protect.
"""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from ..models import ApiKey, Integration

KEY_PREFIX = "o311_"


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def api_key_issue(*, integration: Integration) -> tuple[ApiKey, str]:
    """A new key of ``integration``; the clear key is returned here and never again."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(
        integration=integration, prefix=key[: len(KEY_PREFIX) + 6], digest=digest_of(key)
    )
    return api_key, key


def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key


def integration_for_key(key: str) -> Integration | None:
    """The active integrating system holding the active ``key``, or None."""
    if not key or len(key) > 200:
        return None
    api_key = (
        ApiKey.objects.select_related("integration__organisation", "integration__registrar")
        .filter(
            digest=digest_of(key),
            revoked_at__isnull=True,
            integration__is_active=True,
            integration__organisation__is_active=True,
        )
        .first()
    )
    if api_key is None:
        return None
    now = timezone.now()
    # One write a minute at most: the stamp says the key is in use, not every request.
    if api_key.last_used_at is None or (now - api_key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    return api_key.integration
