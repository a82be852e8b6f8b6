"""Container health checks for docker-compose.yml (the slim image has no curl).

    python docker/healthcheck.py web    # the admin login page answers 200
    python docker/healthcheck.py beat   # beat's database and broker are reachable

The worker's check is Celery's own: ``celery -A config inspect ping``.
"""

import os
import sys
import urllib.request


def check_web():
    url = "http://127.0.0.1:8000/admin/login/"
    request = urllib.request.Request(url, headers=_as_if_through_the_https_proxy())
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")


def _as_if_through_the_https_proxy():
    """The production profile redirects plain HTTP to HTTPS; the check talks to gunicorn
    directly, so it sets the header the HTTPS proxy would (SECURE_PROXY_SSL_HEADER)."""
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from config.production import proxy_ssl_header

    header = proxy_ssl_header(os.environ.get("SECURE_PROXY_SSL_HEADER", ""))
    if header is None:
        return {}
    name, value = header
    return {name.removeprefix("HTTP_").replace("_", "-").title(): value}


def check_beat():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django_celery_beat.models import PeriodicTask

    from config.celery import app

    PeriodicTask.objects.exists()  # the schedule beat reads
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=5)


if __name__ == "__main__":
    checks = {"web": check_web, "beat": check_beat}
    if len(sys.argv) != 2 or sys.argv[1] not in checks:
        raise SystemExit(f"usage: {sys.argv[0]} {'|'.join(checks)}")
    checks[sys.argv[1]]()
