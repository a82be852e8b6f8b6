"""Rows made by the database from other rows (firstask.bulk), on SQLite and PostgreSQL."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db.models import F, Value
from django.utils import timezone

from departments.models import Department
from firstask.bulk import formatted, insert_from, insert_history, local_minute, with_pks
from firstask.models import Heartbeat
from tests.factories import DepartmentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_columns_left_out_get_their_fields_defaults_and_the_new_keys_come_back(organisation):
    source = DepartmentFactory(organisation=organisation, name="社会事务科")

    [pk] = insert_from(
        Department,
        Department.objects.filter(pk=source.pk),
        {"organisation": F("organisation"), "name": formatted("%(name)s（二）", name=F("name"))},
    )

    copy = Department.objects.get(pk=pk)
    assert (copy.name, copy.organisation, copy.head) == ("社会事务科（二）", organisation, None)
    assert copy.is_reception_window is False


def test_a_column_without_a_default_must_be_given():
    with pytest.raises(ValueError, match=r"Heartbeat\.at has no default"):
        insert_from(Heartbeat, Heartbeat.objects.all(), {"name": Value("x")})


def test_an_unknown_column_is_refused_by_name(organisation):
    with pytest.raises(ValueError, match="no column colour"):
        insert_from(Department, Department.objects.all(), {"colour": "red"})


def test_rows_that_would_break_a_unique_constraint_are_skipped_and_not_returned():
    Heartbeat.objects.create(name="sweep", at=timezone.now())
    source = Heartbeat.objects.all()

    assert (
        insert_from(Heartbeat, source, {"name": F("name"), "at": F("at")}, skip_conflicts=True)
        == []
    )
    assert Heartbeat.objects.count() == 1


def test_a_moment_is_written_as_its_local_minute(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    moment = dt.datetime(2026, 6, 3, 9, 30, 59, tzinfo=dt.UTC)  # 17:30 in Shanghai
    Heartbeat.objects.create(name="sweep", at=moment)

    with timezone.override(ZoneInfo("Asia/Shanghai")):
        [text] = Heartbeat.objects.annotate(text=local_minute("at")).values_list("text", flat=True)

    assert text == "2026-06-03 17:30"


def test_history_rows_copy_the_new_rows_as_created_by_the_system():
    organisation = OrganisationFactory()
    departments = [DepartmentFactory(organisation=organisation, name=f"科{n}") for n in range(3)]
    Department.history.all().delete()

    insert_history(Department, [d.pk for d in departments[:2]])

    assert sorted(Department.history.values_list("name", "history_type", "history_user")) == [
        ("科0", "+", None),
        ("科1", "+", None),
    ]


def test_rows_are_found_by_many_keys_in_as_few_statements_as_the_database_takes(
    organisation, monkeypatch
):
    from django.db import connection

    monkeypatch.setattr(connection.features, "max_query_params", 2)
    departments = [DepartmentFactory(organisation=organisation) for _ in range(5)]

    parts = with_pks(Department.objects.all(), [d.pk for d in departments])

    assert sorted(pk for part in parts for pk in part.values_list("pk", flat=True)) == sorted(
        d.pk for d in departments
    )
    assert len(parts) == (1 if connection.vendor == "postgresql" else 3)
