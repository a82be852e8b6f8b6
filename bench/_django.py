"""Run a benchmark against a throw-away database of the configured engine."""

import contextlib
import os
import sys
from pathlib import Path


def setup():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Notifications queue in memory: the benchmark measures the database work.
    os.environ.setdefault("CELERY_BROKER_URL", "memory://")
    import django

    django.setup()


@contextlib.contextmanager
def scratch_database():
    """A fresh test database (``test_<name>``), migrated, dropped afterwards."""
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
