"""django-helpdesk's ticket escalation beside our deadline sweep, on the same counts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python -m bench.helpdesk [--sizes ...]

django-helpdesk (pinned below, on our Django and psycopg versions) is installed into its own
virtualenv, ``.bench-helpdesk/venv`` (git-ignored, created on first use; never in ours), with
a minimal project generated beside it whose database is ``<db>_helpdesk`` on DATABASE_URL's
server: migrated, one queue escalating after one day. Per size, in one run:

- helpdesk: N open tickets built with INSERT … SELECT over generate_series, 1 % created two
  days ago (they escalate), the rest an hour ago (they do not); ``manage.py escalate_tickets``
  timed in a subprocess with its SQL statements counted, then checked: exactly the 1 %
  escalated (priority lowered, one follow-up and one change each), their submitters mailed
  (in memory).
- ours, in a scratch database (``<db>_helpdesk_sweep``): bench.sweep's N running cases, one
  running stage clock each, 1 % past their warning point and deadline; ``sweep(now)``
  timed with its statements counted (the receivers of ``stage_alerts_recorded`` included).

Both are built and run ``--repeat`` times per size (3 by default), in turns so that both meet
the same load; the best seconds of each are shown, with the statements of both and the ratio of
the seconds. Target: our sweep at least 30 times faster than django-helpdesk's escalation at
the largest size both run (default sizes 10k and 100k; ``--sizes 10000 100000 1000000 --repeat
1`` adds 1M, where helpdesk takes minutes). Both databases are dropped at the end.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

from bench._django import scratch_database, setup
from bench.sweep import build_cases, build_people, timed_sweep

HELPDESK_VERSION = "2.6.1"
ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / ".bench-helpdesk"
VENV = FOLDER / "venv"
PROJECT = FOLDER / "project"
RUNNER = Path(__file__).resolve().parent / "_helpdesk_escalation.py"

SETTINGS = '''"""The minimal project bench.helpdesk runs django-helpdesk in (generated)."""

import json
import os

SECRET_KEY = "bench-helpdesk"
DEBUG = False
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.messages",
    "rest_framework",
    "helpdesk",
]
DATABASES = {"default": json.loads(os.environ["BENCH_HELPDESK_DATABASE"])}
USE_TZ = True
SITE_ID = 1
HELPDESK_TEAMS_MODE_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": []},
    }
]
'''


def helpdesk_python():
    """The virtualenv's Python, with django-helpdesk installed (on first use)."""
    python = VENV / "bin" / "python"
    wanted = [
        f"django-helpdesk=={HELPDESK_VERSION}",
        f"Django=={version('Django')}",
        f"psycopg[binary]=={version('psycopg')}",
    ]
    probe = "from importlib.metadata import version; print(version('django-helpdesk'))"
    if python.exists():
        found = subprocess.run([python, "-c", probe], capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip() == HELPDESK_VERSION:
            return python
    else:
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    print(f"installing {', '.join(wanted)} into {VENV.relative_to(ROOT)}", flush=True)
    subprocess.run([python, "-m", "pip", "install", "-q", *wanted], check=True)
    return python


def write_project():
    PROJECT.mkdir(parents=True, exist_ok=True)
    (PROJECT / "bench_settings.py").write_text(SETTINGS)


def server(settings_dict, name):
    """The keyword arguments of psycopg.connect to database ``name`` on the same server."""
    keys = {"HOST": "host", "PORT": "port", "USER": "user", "PASSWORD": "password"}
    return {
        "dbname": name,
        **{key: settings_dict[setting] for setting, key in keys.items() if settings_dict[setting]},
    }


def recreate(settings_dict, name, create=True):
    import psycopg
    from psycopg import sql

    with psycopg.connect(**server(settings_dict, "postgres"), autocommit=True) as maintenance:
        maintenance.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        if create:
            maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def run_helpdesk(python, database, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": str(PROJECT),
        "BENCH_HELPDESK_DATABASE": json.dumps(database),
    }
    done = subprocess.run(
        [python, "-P", RUNNER, *args], cwd=PROJECT, env=env, stdout=subprocess.PIPE, text=True
    )
    if done.returncode:
        raise SystemExit(f"django-helpdesk's {' '.join(args)} failed ({done.returncode})")
    return json.loads(done.stdout.splitlines()[-1]) if done.stdout.strip() else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each side per size, the best one shown"
    )
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.utils import timezone

    if connection.vendor != "postgresql":
        raise SystemExit("bench.helpdesk needs PostgreSQL: set DATABASE_URL")
    settings_dict = connection.settings_dict
    name = settings_dict["NAME"]
    python = helpdesk_python()
    write_project()
    database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": f"{name}_helpdesk",
        **{key: settings_dict[key] for key in ("USER", "PASSWORD", "HOST", "PORT")},
    }
    recreate(settings_dict, database["NAME"])
    try:
        started = time.perf_counter()
        run_helpdesk(python, database, "migrate")
        print(
            f"django-helpdesk {HELPDESK_VERSION} migrated in {time.perf_counter() - started:.1f} s"
        )
        settings_dict["TEST"]["NAME"] = f"{name}_helpdesk_sweep"
        with scratch_database() as connection:
            connection.autocommit = True  # VACUUM cannot run in a transaction block
            organisation, staff = build_people()
            print(
                f"{'size':>9} {'crossing':>8} | helpdesk: {'s':>7} {'statements':>10}"
                f" {'mailed':>6} | ours: {'s':>6} {'statements':>10} {'mailed':>6}"
                f" | {'ratio':>6}"
            )
            for size in args.sizes:
                theirs, seconds = None, None
                for _ in range(args.repeat):  # in turns, so that both meet the same load
                    run = run_helpdesk(python, database, "escalate", str(size))
                    if theirs is None or run["seconds"] < theirs["seconds"]:
                        theirs = run
                    now = timezone.now()
                    build_cases(connection, organisation, staff, size, now)
                    run_seconds, statements, result, _violations = timed_sweep(connection, now)
                    assert result.overdue == size // 100, result
                    seconds = min(run_seconds, seconds or run_seconds)
                ratio = theirs["seconds"] / seconds
                print(
                    f"{size:>9} {theirs['escalated']:>8} | {'':>9} {theirs['seconds']:>7.2f}"
                    f" {theirs['statements']:>10} {theirs['mailed']:>6} | {'':>5} {seconds:>6.2f}"
                    f" {statements:>10} {result.notified:>6} | {ratio:>5.0f}×",
                    flush=True,
                )
    finally:
        recreate(settings_dict, database["NAME"], create=False)


if __name__ == "__main__":
    main()
