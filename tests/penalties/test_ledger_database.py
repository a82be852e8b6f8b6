"""On PostgreSQL the database itself keeps the penalty ledger append-only: raw SQL, the
base manager and the history table cannot rewrite or remove a line."""

import pytest
from django.db import DatabaseError, connection, transaction

from penalties import services
from penalties.models import Penalty, PenaltyEntry

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def line(people, preset, substantiated):
    preset("municipal")
    substantiated()
    return Penalty.objects.first()


def refused(sql, *params):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def test_raw_updates_and_deletes_of_ledger_lines_fail(line):
    table = Penalty._meta.db_table

    refused(f"UPDATE {table} SET reason = %s WHERE id = %s", "改写", line.pk)
    refused(f"DELETE FROM {table} WHERE id = %s", line.pk)
    assert Penalty.objects.get(pk=line.pk).reason == line.reason


def test_the_base_manager_cannot_bypass_the_ledger(line):
    with pytest.raises(DatabaseError), transaction.atomic():
        Penalty._base_manager.filter(pk=line.pk).update(reason="改写")
    with pytest.raises(DatabaseError), transaction.atomic():
        Penalty._base_manager.filter(pk=line.pk)._raw_delete(connection.alias)

    assert Penalty.objects.filter(pk=line.pk).exists()


def test_history_rows_of_the_ledger_cannot_be_rewritten(line):
    table = Penalty.history.model._meta.db_table
    history_id = Penalty.history.filter(id=line.pk).values_list("history_id", flat=True)[0]

    refused(f"UPDATE {table} SET reason = %s WHERE history_id = %s", "改写", history_id)
    refused(f"DELETE FROM {table} WHERE history_id = %s", history_id)


def test_a_revocation_on_appeal_is_still_written(people, preset, substantiated):
    preset("municipal")
    violation = substantiated(when=at(2026, 2, 3))
    services.violation_appeal(
        violation=violation, by=people.clerk.user, reason="投诉人撤回", at=at(2026, 2, 10)
    )
    violation.refresh_from_db()

    services.violation_revoke(
        violation=violation, by=people.supervisor.user, reason="复核不属实", at=at(2026, 2, 20)
    )

    assert Penalty.objects.filter(entry=PenaltyEntry.REVOCATION).exists()
    assert not Penalty.objects.live().filter(violation=violation).exists()


def test_deleting_a_login_may_only_blank_the_history_user(line):
    table = Penalty.history.model._meta.db_table
    history_id = Penalty.history.filter(id=line.pk).values_list("history_id", flat=True)[0]

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET history_user_id = NULL WHERE history_id = %s", [history_id]
        )
    refused(
        f"UPDATE {table} SET history_user_id = NULL, reason = %s WHERE history_id = %s",
        "改写",
        history_id,
    )
