"""The router without a replica (SQLite or PostgreSQL): every read and write on the primary,
no migrations on a replica, and the WAL positions the pin cookie carries."""

import pytest
from django.db import DEFAULT_DB_ALIAS

from config.pgbouncer import behind_pgbouncer
from departments.models import Organisation
from firstask import replica
from firstask.replica import REPLICA, ReplicaRouter, reading_from_replica


@pytest.mark.django_db
def test_without_a_replica_a_replica_block_reads_the_primary(client):
    with reading_from_replica() as alias:
        where = Organisation.objects.all().db

    answer = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert alias == where == DEFAULT_DB_ALIAS
    assert replica.check() is None
    assert replica.PIN_COOKIE not in answer.cookies


def test_nothing_is_migrated_on_the_replica_and_writes_go_to_the_primary():
    router = ReplicaRouter()

    assert router.allow_migrate(REPLICA, "cases") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "cases") is True
    assert router.db_for_write(Organisation) == DEFAULT_DB_ALIAS


@pytest.mark.parametrize(
    ("text", "number"),
    [("0/0", 0), ("0/A02AA60", 0xA02AA60), ("16/B374D848", (0x16 << 32) + 0xB374D848)],
)
def test_wal_positions_compare_as_numbers(text, number):
    assert replica.parse_lsn(text) == number


@pytest.mark.parametrize("text", [None, "", "pin", "x/y", "12"])
def test_anything_else_is_no_position(text):
    assert replica.parse_lsn(text) is None


def test_behind_pgbouncer_nothing_outlives_a_transaction():
    database = behind_pgbouncer({"ENGINE": "django.db.backends.postgresql", "OPTIONS": {}})

    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert database["OPTIONS"] == {"prepare_threshold": None, "server_side_binding": False}
