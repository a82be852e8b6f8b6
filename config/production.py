"""What the production profile (``DJANGO_ENV=production``) insists on before it starts.

Settings stay one env-driven module; these small pure functions hold the checks so that
a missing secret or host list stops the process with one message naming every problem,
instead of a site that runs with the development key.
"""

import math
import zlib
from collections import Counter

from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_SECRET_KEY = "firstask-development-only-not-for-production"
# Placeholders shipped in .env.example and older compose files.
PLACEHOLDER_SECRET_KEYS = {DEVELOPMENT_SECRET_KEY, "change-me", "changeme", "secret"}


# The values of DJANGO_ENV; anything else (a typo such as "prod") stops the process
# instead of quietly running the development profile with its published key.
PROFILES = ("development", "production")
# A random key's characters: Django's generated key has about 5 bits of Shannon entropy per
# character, a 64-character hex key at least 3.4; "aaaaabbbbb..." (five letters) has 2.3.
MIN_BITS_PER_CHARACTER = 3.0
# ... and they do not compress: zlib shrinks a 64-character hex key by at most ~15%, a
# repeated pattern ("aaaaabbbbb...", "abcabc...") by half or more.
MIN_COMPRESSED_SHARE = 0.75


def is_production(value: str) -> bool:
    """Whether ``DJANGO_ENV`` names the production profile (empty: development)."""
    profile = (value or "development").strip().lower()
    if profile not in PROFILES:
        raise ImproperlyConfigured(
            f"DJANGO_ENV={value!r} is not a known profile; use one of: {', '.join(PROFILES)}."
        )
    return profile == "production"


def bits_per_character(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def looks_random(secret_key: str) -> bool:
    compressed = len(zlib.compress(secret_key.encode(), 9))
    return bits_per_character(
        secret_key
    ) >= MIN_BITS_PER_CHARACTER and compressed >= MIN_COMPRESSED_SHARE * len(secret_key.encode())


def secret_key_problem(secret_key: str) -> str:
    if not secret_key or secret_key in PLACEHOLDER_SECRET_KEYS or "insecure" in secret_key:
        return "SECRET_KEY is not set (or is a placeholder)"
    # Django's own measure of a strong key (security.W009), then ours: Django passes a
    # 50-character "aaaaabbbbb..." with five different characters.
    if len(secret_key) < 50 or len(set(secret_key)) < 5 or not looks_random(secret_key):
        return (
            "SECRET_KEY must be at least 50 random characters (it has too few different "
            "characters or repeats a pattern); generate one, e.g. "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    return ""


def check_production(*, secret_key: str, allowed_hosts: list[str] | None, debug: bool) -> None:
    """Raise ImproperlyConfigured naming everything the production profile lacks."""
    problems = [secret_key_problem(secret_key)]
    if not allowed_hosts:
        problems.append("ALLOWED_HOSTS is not set (the host names the site answers to)")
    elif "*" in allowed_hosts:
        problems.append("ALLOWED_HOSTS must name the hosts, not '*'")
    if debug:
        problems.append("DEBUG must be off")
    problems = [problem for problem in problems if problem]
    if problems:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production refuses to start: " + "; ".join(problems) + "."
        )


def proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """``SECURE_PROXY_SSL_HEADER`` from the environment.

    ``X-Forwarded-Proto`` (or ``HTTP_X_FORWARDED_PROTO``, optionally ``=https``) means: a
    request is HTTPS when the proxy set that header to ``https``.
    """
    value = value.strip()
    if not value:
        return None
    header, _sep, secure_value = value.partition("=")
    header = header.strip().upper().replace("-", "_")
    if not header.startswith("HTTP_"):
        header = f"HTTP_{header}"
    return header, (secure_value.strip() or "https")
