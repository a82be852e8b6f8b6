from django.core.management.base import BaseCommand
from django.db import transaction

from cases.models import Case
from cases.timelimits.clocks import current_stage, stage_started_at, sync_stage_clock


class Command(BaseCommand):
    help = (
        "Start the stage clock of every open case that has none (cases registered before "
        "time limits existed, or before the organisation had a policy). Safe to repeat."
    )

    def handle(self, *args, **options):
        started = 0
        waiting = (
            Case.objects.open()
            .filter(current_clock__isnull=True)
            .select_related("current_transfer")
        )
        for case in waiting.iterator():
            stage = current_stage(case)
            if stage is None:
                continue
            with transaction.atomic():
                locked = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
                if locked.current_clock_id is not None:
                    continue
                locked.current_transfer = case.current_transfer
                sync_stage_clock(locked, stage_started_at(locked, stage))
                # A pointer to the row just written, not audited content.
                Case.objects.filter(pk=case.pk).update(current_clock=locked.current_clock)
            started += 1
        self.stdout.write(f"Started {started} stage clocks.")
