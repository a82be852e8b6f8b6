"""Spreadsheet export (XLSX/CSV) of cases, transfers and callbacks.

A confidential case's person is masked exactly as on screen (``cases.masking``), for every
user who may not see it, whatever the format.
"""

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from departments.spreadsheets.imports import TenantResource
from firstask.resources import ColumnField, SpreadsheetResource, resource_for

from . import permissions
from .choices import AlertKind
from .masking import MASK, PERSON_FIELDS
from .models import Callback, Case, CaseAttachment, StageAlert, TimeLimitPolicy, Transfer

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
    "deadline",
    "overdue",
    "outcome",
    "result",
    "referred_to",
    "satisfaction",
    "resolved_at",
    "called_back_at",
    "merged_into",
    "attachments",
)


class CaseResource(SpreadsheetResource):
    deadline = ColumnField(column_name="deadline", header=_("current deadline"))
    overdue = ColumnField(column_name="overdue", header=_("ever overdue"))
    attachments = ColumnField(column_name="attachments", header=_("attachments"))

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    class Meta:
        model = Case
        fields = COLUMNS
        export_order = COLUMNS

    def export_queryset(self, queryset, fields=None):
        # Recorded after the case's registration: the alerts' partitions from then on.
        overdue = StageAlert.objects.filter(
            case=OuterRef("pk"), kind=AlertKind.OVERDUE, recorded_at__gte=OuterRef("registered_at")
        )
        attachments = (
            CaseAttachment.objects.current()
            .filter(case=OuterRef("pk"))
            .order_by()
            .values("case")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .export_queryset(queryset, fields)
            .select_related("current_clock")
            .annotate(
                ever_overdue=Exists(overdue),
                attachment_count=Coalesce(Subquery(attachments, output_field=IntegerField()), 0),
            )
        )

    def cell_getter(self, name, field):
        getter = super().cell_getter(name, field)
        if name not in PERSON_FIELDS:
            return getter
        mask, user = str(MASK), self.user

        def masked(case):
            if permissions.may_see_identity(case, user):
                return getter(case)
            return mask if getattr(case, name) else ""

        return masked

    def dehydrate_deadline(self, case):
        clock = case.current_clock if case.current_clock_id else None
        return clock.due_at if clock is not None and clock.is_open else None

    def dehydrate_attachments(self, case):
        # A count only (of the files not withdrawn): the files are opened on the case page.
        if hasattr(case, "attachment_count"):
            return case.attachment_count
        return case.attachments.current().count()

    def dehydrate_overdue(self, case):
        if hasattr(case, "ever_overdue"):
            return case.ever_overdue
        return case.alerts.filter(kind=AlertKind.OVERDUE).exists()


TransferResource = resource_for(
    Transfer,
    (
        "case",
        "round",
        "role",
        "from_department",
        "from_staff",
        "to_department",
        "sent_at",
        "is_forced",
        "accepted_at",
        "accepted_by",
        "returned_at",
        "returned_by",
        "return_reason",
        "return_rejected",
        "note",
    ),
)
CallbackResource = resource_for(
    Callback,
    ("case", "round", "at", "by", "contact_result", "satisfaction", "praise", "note"),
)


class TimeLimitPolicyResource(TenantResource):
    """Time-limit policies by name; the catalogue matter is named by its duty-list name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every limit has a unit column; each is headed by its limit so the headers differ.
        for name, field in self.fields.items():
            if name.endswith("_unit"):
                amount = name.removesuffix("_unit")
                amount = amount if amount in self.fields else f"{amount}_limit"
                field.header = format_lazy(
                    "{}（{}）", self.fields[amount].header, gettext_lazy("unit")
                )

    Meta = type(
        "Meta",
        (TenantResource.Meta,),
        {
            "model": TimeLimitPolicy,
            "exclude": ("id", "organisation"),
            "import_id_fields": ("name",),
        },
    )
