"""The base of every spreadsheet resource (django-import-export): what a column holds.

Columns are headed by the field's verbose name in the active language; cells hold the
native value (dates stay dates, numbers stay numbers, choices read as on screen, related
rows by their name). Writing them out, with formulas neutralised, is
``firstask.spreadsheets``' job.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from import_export import resources
from import_export.fields import Field


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

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        return ColumnField(
            attribute=field_name,
            column_name=field_name,
            header=django_field.verbose_name,
            readonly=readonly,
        )

    def export_field(self, field, instance, **kwargs):
        method = getattr(self, f"dehydrate_{self.get_field_name(field)}", None)
        if method is not None:
            return method(instance)
        return native_value(instance, field.attribute) if field.attribute else None

    def export_queryset(self, queryset, fields=None):
        """``queryset`` with the rows the chosen columns name fetched in the same query."""
        names = set(fields or self.fields)
        related = [
            field.name
            for field in self._meta.model._meta.concrete_fields
            if field.is_relation and field.name in names
        ]
        return queryset.select_related(*related)

    def get_queryset(self):
        return self.export_queryset(super().get_queryset())


def resource_for(model_, columns, base=None, **attrs):
    """A resource of ``model_`` exporting ``columns`` in that order."""
    meta = type("Meta", (), {"model": model_, "fields": columns, "export_order": columns})
    return type(
        f"{model_.__name__}Resource", (base or SpreadsheetResource,), {"Meta": meta, **attrs}
    )


def native_value(instance: models.Model, name: str) -> Any:
    """The value of ``instance.name`` as it should sit in a spreadsheet cell."""
    try:
        model_field = instance._meta.get_field(name)
    except Exception:  # an attribute or property, not a model field
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
