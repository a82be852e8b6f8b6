"""Spreadsheet export (XLSX/CSV) of violations, the penalty ledger, commendations and the
annual rating effects; values are written as they read on screen."""

from django.utils import timezone
from import_export import resources
from import_export.fields import Field

from .models import AnnualRating, Commendation, Penalty, Violation


class DisplayResource(resources.ModelResource):
    """Columns named by the fields' verbose names; choices, dates and flags as displayed."""

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        return Field(attribute=field_name, column_name=str(django_field.verbose_name))

    def export_field(self, field, instance, **kwargs):
        name = field.attribute
        model_field = instance._meta.get_field(name)
        if model_field.choices:
            return str(getattr(instance, f"get_{name}_display")())
        value = getattr(instance, name)
        if value is None:
            return ""
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, bool):
            return "✓" if value else ""
        return str(value)

    def get_queryset(self):
        model = self._meta.model
        related = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and f.name in self._meta.fields
        ]
        return super().get_queryset().select_related(*related)


def _resource(model_, columns):
    meta = type("Meta", (), {"model": model_, "fields": columns, "export_order": columns})
    return type(f"{model_.__name__}Resource", (DisplayResource,), {"Meta": meta})


ViolationResource = _resource(
    Violation,
    (
        "id",
        "occurred_at",
        "staff",
        "department",
        "kind",
        "source",
        "case",
        "state",
        "substantiated_at",
        "auto_substantiated",
        "evidence",
        "decision_reason",
        "rule_set",
    ),
)
PenaltyResource = _resource(
    Penalty,
    (
        "id",
        "at",
        "entry",
        "year",
        "staff",
        "department",
        "liability",
        "violation",
        "offence_number",
        "sanction_kind",
        "amount_min",
        "amount_max",
        "rating_cap",
        "revokes",
        "reason",
    ),
)
CommendationResource = _resource(
    Commendation,
    ("id", "at", "year", "staff", "department", "source", "case", "period_start", "reason"),
)
AnnualRatingResource = _resource(
    AnnualRating,
    (
        "year",
        "department",
        "staff",
        "outcome",
        "removed_from_post",
        "suspended_for_training",
        "bonus_deduction_percent",
        "fines_min",
        "fines_max",
        "bonus_months_min",
        "bonus_months_max",
        "violations",
        "penalties",
        "commendations",
        "reasons",
    ),
)
