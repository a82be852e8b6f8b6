"""Rule sets loaded from the municipal and property presets before the complaint rules were
corrected get the corrected rules: the municipal tiers apply to substantiated complaints
only, numbered among complaints; the property "repeated complaints" rule applies from the
second complaint about the same case. Rules an administrator has edited since (kind, range
or description changed) are left as they are."""

from django.db import migrations

MUNICIPAL = {
    "第一次被投诉查实": (1, 1),
    "第二次被投诉查实": (2, 2),
    "第三次（及以后）被投诉查实": (3, None),
}
PROPERTY = "（三）处理不当造成客人重复投诉的：对责任部门通报批评，对责任部门领导扣罚50元，对责任人下岗"


def correct(apps, schema_editor):
    PenaltyRule = apps.get_model("penalties", "PenaltyRule")
    for rule in PenaltyRule.objects.filter(rule_set__preset="municipal", violation_kind=""):
        if MUNICIPAL.get(rule.description) == (rule.offence_from, rule.offence_to):
            rule.violation_kind = "complaint"
            rule.counts = "kind"
            rule.save(update_fields=["violation_kind", "counts"])
    for rule in PenaltyRule.objects.filter(
        rule_set__preset="property",
        violation_kind="complaint",
        offence_from=1,
        offence_to=None,
        description=PROPERTY,
    ):
        rule.offence_from = 2
        rule.counts = "kind"
        rule.same_case = True
        rule.save(update_fields=["offence_from", "counts", "same_case"])


class Migration(migrations.Migration):
    dependencies = [("penalties", "0003_rule_counting_and_offence_year")]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
