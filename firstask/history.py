"""The audit history every firstask model keeps (django-simple-history)."""

import functools
from collections.abc import Collection
from typing import Any

from django.db import models
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords


class _HistoryManager(HistoryManager):
    # simple-history builds a new manager class on every ``instance.history`` access,
    # which it does on every save; building it once per model saves a tenth of a
    # registration's time.
    @classmethod
    @functools.cache
    def from_queryset(
        cls, queryset_class: type[models.QuerySet[Any]], class_name: str | None = None
    ) -> Any:
        return super().from_queryset(queryset_class, class_name)


class _AuditRecords(HistoricalRecords):
    def __init__(self, *, indexed: Collection[str] | None = None, **options: Any) -> None:
        self.indexed = indexed
        super().__init__(**options)

    def copy_fields(self, model: type[models.Model]) -> Any:
        if self.indexed is not None:
            self.no_db_index = [
                field.name
                for field in model._meta.fields
                if not field.primary_key and field.name not in self.indexed
            ]
        return super().copy_fields(model)


def AuditHistory(*, indexed: Collection[str] | None = None, **options: Any) -> HistoricalRecords:
    """Full, read-only field history, as ``HistoricalRecords`` with a cheaper manager.

    The history table copies the indexes of the model's fields unless ``indexed`` names the
    only ones it needs (the record's id and the history's own columns are always indexed):
    history is read record by record, and every index is paid for on each write, which
    matters for rows the system writes by the thousand (violations from the sweep).
    """
    return _AuditRecords(history_manager=_HistoryManager, indexed=indexed, **options)
