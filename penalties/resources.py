"""Spreadsheet export (XLSX/CSV) of violations, the penalty ledger, commendations and the
annual ratings (see firstask.resources for what a cell holds)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from departments.spreadsheets.imports import (
    ChoiceWidget,
    NumberWidget,
    TenantResource,
    YesNoWidget,
    text_of,
)
from firstask.resources import ColumnField, resource_for

from .metrics import RATE_NAMES
from .models import (
    AnnualRating,
    Assessment,
    Commendation,
    Penalty,
    PenaltyRule,
    PenaltyRuleSet,
    Sanction,
    Violation,
)
from .models.choices import OffenceCount, ViolationKind

RULE_COLUMNS = (
    "rule_set",
    "violation_kind",
    "offence_from",
    "offence_to",
    "counts",
    "same_case",
    "rule_description",
    "liability",
    "kind",
    "amount_min",
    "amount_max",
    "rating_cap",
)

ViolationResource = resource_for(
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
PenaltyResource = resource_for(
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
CommendationResource = resource_for(
    Commendation,
    ("id", "at", "year", "staff", "department", "source", "case", "period_start", "reason"),
)
AssessmentResource = resource_for(
    Assessment,
    (
        "period",
        "rank",
        "department",
        "staff",
        "score",
        "is_bottom",
        "registered",
        "transferred",
        "resolved",
        *RATE_NAMES,
        "violations",
        "penalties",
        "commendations",
    ),
    percent_columns=RATE_NAMES,
)
AnnualRatingResource = resource_for(
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


class RuleSetSanctionResource(TenantResource):
    """A penalty rule set as one row per sanction: the set and the rule are named on each
    row (rule set name, violation kind, offence range), created when new."""

    rule_set = ColumnField(column_name="rule_set", header=gettext_lazy("rule set"))
    violation_kind = ColumnField(
        column_name="violation_kind",
        header=gettext_lazy("violation kind"),
        widget=ChoiceWidget(ViolationKind.choices),
    )
    offence_from = ColumnField(
        column_name="offence_from", header=gettext_lazy("from offence"), widget=NumberWidget()
    )
    offence_to = ColumnField(
        column_name="offence_to", header=gettext_lazy("to offence"), widget=NumberWidget()
    )
    counts = ColumnField(
        column_name="counts",
        header=gettext_lazy("counting"),
        widget=ChoiceWidget(OffenceCount.choices),
    )
    same_case = ColumnField(
        column_name="same_case",
        header=gettext_lazy("about the same case"),
        widget=YesNoWidget(),
    )
    rule_description = ColumnField(
        column_name="rule_description", header=gettext_lazy("description")
    )

    Meta = type(
        "Meta",
        (TenantResource.Meta,),
        {
            "model": Sanction,
            "fields": RULE_COLUMNS,
            "export_order": RULE_COLUMNS,
            "import_id_fields": (),
            "skip_unchanged": False,
        },
    )

    def export_queryset(self, queryset, fields=None):
        if queryset.model is PenaltyRuleSet:  # exported from the rule sets' list
            queryset = Sanction.objects.filter(rule__rule_set__in=queryset)
        return queryset.select_related("rule__rule_set").order_by(
            "rule__rule_set__name", "rule__sort_order", "rule__offence_from", "liability", "pk"
        )

    def dehydrate_rule_set(self, sanction):
        return sanction.rule.rule_set.name

    def dehydrate_violation_kind(self, sanction):
        rule = sanction.rule
        return rule.get_violation_kind_display() if rule.violation_kind else ""

    def dehydrate_offence_from(self, sanction):
        return sanction.rule.offence_from

    def dehydrate_offence_to(self, sanction):
        return sanction.rule.offence_to

    def dehydrate_counts(self, sanction):
        return sanction.rule.get_counts_display()

    def dehydrate_same_case(self, sanction):
        return sanction.rule.same_case

    def dehydrate_rule_description(self, sanction):
        return sanction.rule.description

    def required_columns(self):
        return ["rule_set", "offence_from", "liability", "kind"]

    def init_instance(self, row=None):
        return Sanction()

    def get_instance(self, instance_loader, row):
        rule = self._rule(row, create=False)
        if rule is None:
            return None
        liability = self.fields["liability"].clean(row)
        kind = self.fields["kind"].clean(row)
        return Sanction.objects.filter(rule=rule, liability=liability, kind=kind).first()

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.rule = self._rule(row, create=True)

    def _rule(self, row, *, create):
        def cell(name):
            field = self.fields[name]
            return field.clean(row) if field.column_name in row else None

        name = text_of(cell("rule_set"))
        if not name:
            raise ValidationError({"rule_set": _("Name the rule set.")})
        rule_sets = PenaltyRuleSet.objects.for_organisation(self.organisation)
        rule_set = rule_sets.filter(name=name).first()
        if rule_set is None:
            if not create:
                return None
            # A new set starts inactive: an administrator activates it after checking it.
            rule_set = PenaltyRuleSet.objects.create(organisation=self.organisation, name=name)
        criteria = {
            "rule_set": rule_set,
            "violation_kind": cell("violation_kind") or "",
            "offence_from": cell("offence_from") or 1,
            "offence_to": cell("offence_to"),
            # Absent or empty (a sheet from before these columns): every violation, any case.
            "counts": cell("counts") or OffenceCount.ALL,
            "same_case": bool(cell("same_case")),
        }
        rule = PenaltyRule.objects.filter(**criteria).first()
        if rule is None and create:
            rule = PenaltyRule(**criteria)
        if rule is not None and create:
            description = text_of(cell("rule_description"))
            if (description and rule.description != description) or rule.pk is None:
                rule.description = description
                rule.full_clean()
                rule.save()
        return rule

    def error_labels(self):
        return {"rule": str(self.fields["rule_set"].column_name)}
