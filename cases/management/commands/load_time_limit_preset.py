from django.core.management.base import BaseCommand, CommandError

from cases.timelimits.presets import PRESETS, load_time_limit_preset
from departments.models import Organisation


class Command(BaseCommand):
    help = "Create or update an organisation's time-limit policies from a preset (repeatable)."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="the organisation's short code, e.g. WW")
        parser.add_argument("preset", choices=sorted(PRESETS))

    def handle(self, *args, organisation, preset, **options):
        try:
            found = Organisation.objects.get(code=organisation)
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation with the code {organisation!r}.") from None
        policies = load_time_limit_preset(found, preset)
        self.stdout.write(f"{found}: {len(policies)} time-limit policies from the {preset} preset.")
