"""Set-based writes: rows the database makes from other rows, in one INSERT … SELECT.

When the system records thousands of rows at once (the deadline sweep after a downtime:
alerts, timeline lines, suspected violations and their history), building a model instance
per row costs more than the insert itself. These helpers compile an ORM queryset into the
SELECT of an INSERT … SELECT instead. Every column the caller does not name gets its field's
default, so a field added later with a default needs no change here, and a field without
one is a clear error rather than a NOT NULL violation at run time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, models
from django.db.models import BooleanField, Case, Expression, F, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat, Substr, TruncMinute
from django.utils import timezone
from simple_history.utils import get_history_model_for_model


def insert_from(
    model: type[models.Model],
    source: models.QuerySet,
    columns: Mapping[str, Any],
    *,
    skip_conflicts: bool = False,
) -> list[int]:
    """INSERT INTO ``model`` one row per row of ``source``; returns the new primary keys.

    ``columns`` maps field names of ``model`` to expressions over ``source`` (or plain
    values). ``source``'s ordering is the order of the inserts: keep it the same in every
    caller, so two transactions inserting the same unique keys take them in the same order
    and one waits for the other instead of deadlocking. With ``skip_conflicts`` a row that
    would break a unique constraint is left out (ON CONFLICT DO NOTHING) and not returned.
    """
    fields = model._meta.concrete_fields
    unknown = set(columns) - {f.name for f in fields} - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(sorted(unknown))}.")
    names, values = [], []
    for field in fields:
        if field.name in columns or field.attname in columns:
            value = columns.get(field.name, columns.get(field.attname))
        elif field.primary_key or field.has_db_default():
            continue
        else:
            value = _default(model, field)
        names.append(connection.ops.quote_name(column_of(field)))
        values.append(value if hasattr(value, "resolve_expression") else Value(value, field))
    # Named columns, so that the compiled SELECT can be checked against the INSERT list:
    # should a Django release order or add columns differently, this fails loudly instead
    # of writing values into each other's columns.
    aliases = [f"insert_{i}" for i in range(len(values))]
    named = source.values(**dict(zip(aliases, values, strict=True)))
    compiler = named.query.get_compiler(connection=connection)
    select, params = compiler.as_sql()
    compiled = [alias for _expression, _sql, alias in compiler.select]
    if compiled != aliases:
        raise RuntimeError(
            f"insert_from: the SELECT compiled to columns {compiled}, expected {aliases}."
        )
    if skip_conflicts and connection.vendor == "sqlite":
        # SQLite reads "ON CONFLICT" after a SELECT without WHERE as a join's ON.
        select = f"SELECT * FROM ({select}) WHERE true"
    pk = connection.ops.quote_name(column_of(model._meta.pk))
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(names)})"
        f" {select}{' ON CONFLICT DO NOTHING' if skip_conflicts else ''} RETURNING {pk}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def column_of(field: models.Field[Any, Any]) -> str:
    """The database column of a concrete field."""
    if field.column is None:  # a concrete field always has its column
        raise ValueError(f"{field} has no column.")
    return field.column


def _default(model: type[models.Model], field: models.Field[Any, Any]) -> Value:
    if callable(field.default) and field.unique:
        raise ValueError(f"{model.__name__}.{field.name}: a per-row default cannot be made in SQL.")
    value = field.get_default()  # "" for text without a default, as Model() would set
    if value is None and not field.null:
        raise ValueError(f"{model.__name__}.{field.name} has no default: give it a value.")
    return Value(value, field)


def insert_history(model: type[models.Model], pks: Iterable[int]) -> None:
    """The audit history rows (django-simple-history) of new rows the system wrote with
    ``insert_from``: "created", by no login, now; copied by the database."""
    historical = get_history_model_for_model(model)
    tracked = {field.attname for field in model._meta.concrete_fields}
    special = {
        "history_date": Value(timezone.now(), historical._meta.get_field("history_date")),
        "history_type": "+",
        "history_user_id": Value(None, historical._meta.get_field("history_user")),
        "history_change_reason": None,
    }
    columns: dict[str, Expression | Any] = {
        field.attname: F(field.attname)
        for field in historical._meta.concrete_fields
        if field.attname in tracked
    } | {name: value for name, value in special.items() if _has_field(historical, name)}
    for rows in with_pks(model._default_manager.order_by(), pks):
        insert_from(historical, rows, columns)


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(name in (field.name, field.attname) for field in model._meta.concrete_fields)


def with_pks(queryset: models.QuerySet, pks: Iterable[int]) -> list[models.QuerySet]:
    """``queryset`` narrowed to the rows with primary keys ``pks``, as few querysets as the
    database takes: on PostgreSQL one, with the keys as one array parameter (an IN list of
    thousands of parameters costs more to send and plan than the statement to run)."""
    pks = list(pks)
    if connection.vendor == "postgresql":
        quote, meta = connection.ops.quote_name, queryset.model._meta
        column = f"{quote(meta.db_table)}.{quote(meta.pk.column)}"
        return [queryset.filter(RawSQL(f"{column} = ANY(%s)", [pks], output_field=BooleanField()))]
    return [queryset.filter(pk__in=batch) for batch in in_batches(pks)]


def in_batches(values: Iterable, other_params: int = 0) -> list[list]:
    """``values`` in lists one IN (…) can take: all at once on PostgreSQL, while SQLite
    limits the parameters of a statement (as ``in_bulk`` does)."""
    values = list(values)
    limit = connection.features.max_query_params
    size = limit - other_params if limit else len(values) or 1
    return [values[start : start + size] for start in range(0, len(values), size)]


def formatted(template: str, **parts: Any) -> Expression:
    """``template % parts`` made by the database: ``"Case %(number)s"`` with
    ``number=F("case__number")`` is ``Concat(Value("Case "), F("case__number"))``."""
    pieces: list[Any] = []
    for index, text in enumerate(_PLACEHOLDER.split(template)):
        if index % 2:
            pieces.append(parts[text])
        elif text:
            pieces.append(Value(text.replace("%%", "%")))
    if len(pieces) == 1:
        return Cast(pieces[0], models.TextField())
    return Concat(*pieces, output_field=models.TextField())


def local_minute(field: str) -> Expression:
    """A moment as the text ``YYYY-MM-DD HH:MM`` in the current time zone, made by the
    database (as ``f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"``)."""
    local = TruncMinute(field, tzinfo=timezone.get_current_timezone())
    return Substr(Cast(local, models.CharField()), 1, 16)


def mapped(field: str, mapping: Mapping[Any, Any], *, default: Any = None) -> Expression:
    """What ``mapping`` gives for ``field``'s value, made by the database (a CASE);
    ``default`` (an expression or a value) where it gives nothing."""
    return Case(
        *(When(**{field: key}, then=Value(value)) for key, value in mapping.items()),
        default=default,
        output_field=models.CharField(),
    )


def choice_label(field: str, choices: Iterable[tuple[str, Any]]) -> Expression:
    """The label of a choice field's value, in the active language (the value when unknown)."""
    return mapped(field, {value: str(label) for value, label in choices}, default=F(field))


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
