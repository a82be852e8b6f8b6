"""The sweep reads no clock row: its alerts carry the stage, department and person of their
clock (copied here for the alerts made before), its scans of the running clocks read the
indexes alone, and its bulk rows (alerts, timeline lines) are not checked against the
clocks and cases by the database (see check_consistency)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_clocks(apps, schema_editor):
    StageAlert = apps.get_model("cases", "StageAlert")
    StageClock = apps.get_model("cases", "StageClock")
    clock = StageClock.objects.filter(pk=OuterRef("clock_id"))
    StageAlert.objects.update(
        stage=Subquery(clock.values("stage")[:1]),
        department=Subquery(clock.values("department")[:1]),
        responsible=Subquery(clock.values("responsible")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_open_clocks_by_id"),
        ("departments", "0003_logs_untruncatable"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="stageclock",
            name="clock_warning_due",
        ),
        migrations.RemoveIndex(
            model_name="stageclock",
            name="clock_running_due",
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="case",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="cases.case",
                verbose_name="case",
            ),
        ),
        migrations.AlterField(
            model_name="stagealert",
            name="clock",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="alerts",
                to="cases.stageclock",
                verbose_name="stage clock",
            ),
        ),
        migrations.AddField(
            model_name="stagealert",
            name="department",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="departments.department",
                verbose_name="department",
            ),
        ),
        migrations.AddField(
            model_name="stagealert",
            name="responsible",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="departments.staff",
                verbose_name="responsible",
            ),
        ),
        migrations.AddField(
            model_name="stagealert",
            name="stage",
            field=models.CharField(
                choices=[
                    ("forward", "Accept / hand over"),
                    ("sign_for", "Sign for"),
                    ("resolve", "Resolve"),
                    ("callback", "Call back"),
                ],
                default="",
                max_length=20,
                verbose_name="stage",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_from_clocks, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="stagealert",
            name="department",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="departments.department",
                verbose_name="department",
            ),
        ),
        migrations.AddIndex(
            model_name="stageclock",
            index=models.Index(
                condition=models.Q(
                    ("met_at__isnull", True),
                    ("paused_since__isnull", True),
                    ("warn_at__isnull", False),
                ),
                fields=["warn_at"],
                include=("id", "case", "started_at", "stage", "department", "responsible"),
                name="clock_warning_due",
            ),
        ),
        migrations.AddIndex(
            model_name="stageclock",
            index=models.Index(
                condition=models.Q(("met_at__isnull", True), ("paused_since__isnull", True)),
                fields=["due_at"],
                include=("department", "stage", "case", "id", "started_at", "responsible"),
                name="clock_running_due",
            ),
        ),
    ]
