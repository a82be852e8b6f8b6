"""Publishing notices at the same moment on a real PostgreSQL, and the database refusing to
change a published notice."""

import pytest
from django.db import DatabaseError, connection, transaction

from penalties import services
from penalties.errors import ActionNotAllowed
from penalties.models import Notice
from penalties.periods import parse_period

from .metrics_data import NOW, build_quarter
from .test_concurrency import run_in_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
QUARTERS = [parse_period(label) for label in ("2026Q1", "2026Q2", "2025Q4", "2025Q3")]


@pytest.fixture
def assessed(people, preset):
    build_quarter(people, preset)
    for period in QUARTERS:
        services.assess_period(organisation=people.organisation, period=period, now=NOW)


def publish(people, period):
    return services.notice_publish(
        by=people.supervisor.user, organisation=people.organisation, period=period, now=NOW
    ).number


def test_notices_published_at_the_same_moment_get_consecutive_numbers(people, assessed):
    results, errors = run_in_threads(4, lambda i: publish(people, QUARTERS[i]))

    assert errors == [None] * 4
    assert sorted(results) == [1, 2, 3, 4]
    assert sorted(Notice.objects.values_list("reference", flat=True)) == [
        f"CD〔2026〕{n}号" for n in (1, 2, 3, 4)
    ]


def test_one_quarter_published_twice_at_the_same_moment_is_published_once(people, assessed):
    results, errors = run_in_threads(3, lambda _i: publish(people, QUARTERS[1]))

    assert [r for r in results if r is not None] == [1]
    assert sum(isinstance(e, ActionNotAllowed) for e in errors) == 2
    assert Notice.objects.count() == 1


@pytest.mark.parametrize(
    "statement",
    ["UPDATE penalties_notice SET title = 'x'", "DELETE FROM penalties_notice"],
)
def test_the_database_refuses_to_change_a_published_notice(people, assessed, statement):
    publish(people, QUARTERS[1])

    with (
        pytest.raises(DatabaseError, match="published notice never changes"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert Notice.objects.get().title == "关于2026年第2季度首问责任制落实情况的通报"
