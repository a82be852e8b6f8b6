"""Case export (XLSX/CSV). The person's identity is masked exactly as on screen."""

from django.utils import timezone
from import_export import resources
from import_export.fields import Field

from . import permissions
from .masking import MASK, PERSON_FIELDS
from .models import Case

# (column attribute, model field) in export order; values are shown as on screen.
COLUMNS = (
    "number",
    "registered_at",
    "channel",
    "kind",
    "urgency",
    "is_anonymous",
    "is_confidential",
    *PERSON_FIELDS,
    "matter_text",
    "matter",
    "first_staff",
    "first_department",
    "current_department",
    "handler",
    "state",
    "outcome",
    "result",
    "referred_to",
    "satisfaction",
    "resolved_at",
    "called_back_at",
    "merged_into",
)


def _column(name):
    return Field(attribute=name, column_name=str(Case._meta.get_field(name).verbose_name))


class CaseResource(resources.ModelResource):
    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    class Meta:
        model = Case
        fields = COLUMNS
        export_order = COLUMNS

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        return _column(field_name)

    def export_field(self, field, instance, **kwargs):
        name = field.attribute
        if name in PERSON_FIELDS and not permissions.may_see_identity(instance, self.user):
            return str(MASK) if getattr(instance, name) else ""
        model_field = Case._meta.get_field(name)
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
        return (
            super()
            .get_queryset()
            .select_related(
                "matter",
                "first_staff",
                "first_department",
                "current_department",
                "handler",
                "referred_to",
                "merged_into",
                "organisation",
            )
        )
