"""The audit history every firstask model keeps (django-simple-history)."""

import functools

from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords


class _HistoryManager(HistoryManager):
    # simple-history builds a new manager class on every ``instance.history`` access,
    # which it does on every save; building it once per model saves a tenth of a
    # registration's time.
    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


def AuditHistory(**options):
    """Full, read-only field history, as ``HistoricalRecords`` with a cheaper manager."""
    return HistoricalRecords(history_manager=_HistoryManager, **options)
