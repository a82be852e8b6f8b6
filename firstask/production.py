"""What the production profile (``DJANGO_ENV=production``) insists on before it starts.

Settings stay one env-driven module; these small pure functions hold the checks so that
a missing secret or host list stops the process with one message naming every problem,
instead of a site that runs with the development key.
"""

from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_SECRET_KEY = "firstask-development-only-not-for-production"
# Placeholders shipped in .env.example and older compose files.
PLACEHOLDER_SECRET_KEYS = {DEVELOPMENT_SECRET_KEY, "change-me", "changeme", "secret"}


def secret_key_problem(secret_key: str) -> str:
    if not secret_key or secret_key in PLACEHOLDER_SECRET_KEYS or "insecure" in secret_key:
        return "SECRET_KEY is not set (or is a placeholder)"
    # Django's own measure of a strong key (security.W009).
    if len(secret_key) < 50 or len(set(secret_key)) < 5:
        return "SECRET_KEY must be at least 50 random characters"
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
