"""Data built once for a whole module (or class) and shared by its tests.

Building the demo takes seconds; rebuilding it for each of thirty tests was most of the
suite's time. ``built_once`` runs the build in a transaction that stays open for the
module; each test then runs in a savepoint inside it (pytest-django's ``db``) and rolls
back to the built data, and the whole is rolled back after the module's last test.
Nothing commits, so per-process caches that keep only committed data keep none of it.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import transaction
from django.test import override_settings

T = TypeVar("T")

# Real hashers take a second per password on purpose; the demo sets dozens.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def built_once(django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """Run ``build`` in a transaction kept open (and then rolled back) around the with-block;
    use it in a module- or class-scoped fixture that depends on ``django_db_setup``."""
    atomic = transaction.atomic()
    # Marked like the atomic blocks of Django's TestCase, so that durable atomic blocks
    # in the code under test still work inside it.
    atomic._from_testcase = True
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        atomic.__enter__()
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
