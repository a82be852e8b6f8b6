"""The base of every spreadsheet resource (django-import-export): what a column holds.

Columns are headed by the field's verbose name in the active language; cells hold the
native value (dates stay dates, numbers stay numbers, choices read as on screen, related
rows by their name, rates as ``Percent``). Writing them out is ``firstask.spreadsheets``' and
``firstask.xlsx``' job.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import ForeignObjectRel
from import_export import resources
from import_export.fields import Field

from .spreadsheets import Percent


class ColumnField(Field):
    """A column whose header is translated when the sheet is written, not at import time."""

    def __init__(self, *args: Any, header: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.header = header

    @property
    def column_name(self) -> str:
        return str(self.header) if self.header is not None else self._column_name

    @column_name.setter
    def column_name(self, value: str) -> None:
        self._column_name = value


class SpreadsheetResource(resources.ModelResource):
    """Exports native values; model fields are headed by their verbose names."""

    #: Columns holding a rate in percent (87.50): written as rates (``Percent``), 0.875
    #: formatted as a percentage in XLSX, an empty cell when nothing was measured.
    percent_columns: tuple[str, ...] = ()

    @classmethod
    def field_from_django_field(
        cls, field_name: str, django_field: models.Field[Any, Any], readonly: bool
    ) -> Field:
        return ColumnField(
            attribute=field_name,
            column_name=field_name,
            header=django_field.verbose_name,
            readonly=readonly,
        )

    def export_field(self, field: Field, instance: Any, **kwargs: Any) -> Any:
        return self._getter(field)(instance)

    def export_resource(
        self, instance: Any, selected_fields: Sequence[str] | None = None, **kwargs: Any
    ) -> list[Any]:
        key = tuple(selected_fields) if selected_fields else None
        getters = self._row_getters.get(key)
        if getters is None:
            getters = [self._getter(field) for field in self.get_export_fields(selected_fields)]
            self._row_getters[key] = getters
        return [get(instance) for get in getters]

    @functools.cached_property
    def _row_getters(self) -> dict[tuple[str, ...] | None, list[Callable[[Any], Any]]]:
        return {}

    @functools.cached_property
    def _field_getters(self) -> dict[int, Callable[[Any], Any]]:
        return {}

    def _getter(self, field: Field) -> Callable[[Any], Any]:
        # Built once per column and export: a whole city's cases pass through here, and
        # resolving labels and choices per cell cost more than writing the file.
        getter = self._field_getters.get(id(field))
        if getter is None:
            name = next(key for key, value in self.fields.items() if value is field)
            getter = self.cell_getter(name, field)
            if name in self.percent_columns:
                getter = _as_percent(getter)
            self._field_getters[id(field)] = getter
        return getter

    def cell_getter(self, name: str, field: Field) -> Callable[[Any], Any]:
        """A function of the row giving the cell of column ``name``."""
        method = getattr(self, f"dehydrate_{name}", None)
        if method is not None:
            return method
        if not field.attribute:
            return lambda instance: None
        return value_getter(self.model_class(), field.attribute)

    def model_class(self) -> type[models.Model]:
        """The resource's model (``Meta.model``, a class or an "app_label.Model" name)."""
        model = self._meta.model
        return apps.get_model(model) if isinstance(model, str) else model

    def export_queryset(
        self, queryset: models.QuerySet[Any], fields: Iterable[str] | None = None
    ) -> models.QuerySet[Any]:
        """``queryset`` with the rows the chosen columns name fetched in the same query."""
        names = set(fields or self.fields)
        related = [
            field.name
            for field in self.model_class()._meta.concrete_fields
            if field.is_relation and field.name in names
        ]
        return queryset.select_related(*related)

    def get_queryset(self) -> models.QuerySet[Any]:
        return self.export_queryset(super().get_queryset())


def _as_percent(getter: Callable[[Any], Any]) -> Callable[[Any], Percent]:
    return lambda instance: Percent(getter(instance))


def resource_for(
    model_: type[models.Model],
    columns: Sequence[str],
    base: type[SpreadsheetResource] | None = None,
    **attrs: Any,
) -> type[SpreadsheetResource]:
    """A resource of ``model_`` exporting ``columns`` in that order."""
    meta = type("Meta", (), {"model": model_, "fields": columns, "export_order": columns})
    return type(
        f"{model_.__name__}Resource", (base or SpreadsheetResource,), {"Meta": meta, **attrs}
    )


def value_getter(model: type[models.Model], name: str) -> Callable[[Any], Any]:
    """How to read ``name`` of a ``model`` row as a cell: choices by their label (in the
    language active now), related rows by their name, other values as they are."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return lambda instance: native_value(instance, name)
    if isinstance(model_field, ForeignObjectRel):  # a reverse relation: no column of its own
        return lambda instance: native_value(instance, name)
    if getattr(model_field, "choices", None):
        labels = {code: str(label) for code, label in model_field.flatchoices}
        return lambda instance: labels.get(getattr(instance, name), getattr(instance, name))
    if (model_field.is_relation and model_field.many_to_one) or model_field.one_to_one:
        attname = model_field.attname

        def related(instance: Any) -> str | None:
            return str(getattr(instance, name)) if getattr(instance, attname) is not None else None

        return related
    return operator.attrgetter(name)


def native_value(instance: models.Model, name: str) -> Any:
    """The value of ``instance.name`` as it should sit in a spreadsheet cell."""
    try:
        model_field = instance._meta.get_field(name)
    except FieldDoesNotExist:  # an attribute or property, not a model field
        model_field = None
    if model_field is not None and getattr(model_field, "choices", None):
        value = getattr(instance, name)
        return str(getattr(instance, f"get_{name}_display")()) if value not in (None, "") else ""
    value = getattr(instance, name, None)
    if callable(value):
        value = value()
    if isinstance(value, models.Model):
        return str(value)
    return value
