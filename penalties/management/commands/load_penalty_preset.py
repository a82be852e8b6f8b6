from django.core.management.base import BaseCommand, CommandError

from departments.models import Organisation
from penalties.errors import PenaltyActionError
from penalties.services import load_penalty_preset
from penalties.services.presets import PRESETS


class Command(BaseCommand):
    help = (
        "Load one of the penalty presets from the seed regulations (municipal, property, "
        "bureau, telecom) into an organisation and make it the active rule set. Safe to "
        "re-run: an already loaded preset is kept as edited and only activated."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The organisation's short code, e.g. WW.")
        parser.add_argument(
            "preset",
            nargs="?",
            choices=PRESETS,
            help="Default: the organisation's penalty preset setting.",
        )
        parser.add_argument(
            "--no-activate", action="store_true", help="Load it without making it active."
        )

    def handle(self, *args, organisation, preset, no_activate, **options):
        found = Organisation.objects.filter(code=organisation).first()
        if found is None:
            raise CommandError(f"No organisation with the code {organisation!r}.")
        preset = preset or found.penalty_preset
        if not preset:
            raise CommandError(f"{found.code} has no penalty preset set: name one.")
        try:
            rule_set = load_penalty_preset(found, preset, activate=not no_activate)
        except PenaltyActionError as error:
            raise CommandError(str(error)) from error
        state = "active" if rule_set.is_active else "inactive"
        self.stdout.write(f"{found.code}: {preset} rule set #{rule_set.pk} ({state}).")
