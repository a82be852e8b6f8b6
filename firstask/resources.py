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
        return native_value(instance, field.attribute) if field.attribute else None

    def get_queryset(self):
        model = self._meta.model
        related = [
            field.name
            for field in model._meta.concrete_fields
            if field.is_relation and field.name in (self._meta.fields or ())
        ]
        return super().get_queryset().select_related(*related)


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
