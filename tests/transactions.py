"""Helpers for tests about what other connections and transactions see."""

import threading
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def held_open_in_another_connection(write):
    """Run ``write`` in a transaction of another connection and keep that transaction open,
    uncommitted, for the with-block; it commits when the block ends."""
    written, release = threading.Event(), threading.Event()

    def slow_write():
        try:
            with transaction.atomic():
                write()
                written.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_write)
    thread.start()
    try:
        assert written.wait(timeout=30), "the other connection did not write"
        yield
    finally:
        release.set()
        thread.join()
