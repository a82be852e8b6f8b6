from django.core.management.base import BaseCommand, CommandError

from departments.models import Organisation
from penalties.services import reconcile_organisation


class Command(BaseCommand):
    help = (
        "Bring an organisation's penalty ledger in line with its rule sets as they are now "
        "(after editing a rule set, or after an upgrade corrected the presets). Lines no "
        "longer wanted are revoked with the reason, missing ones imposed; safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The organisation's short code, e.g. WW.")

    def handle(self, *args, organisation, **options):
        found = Organisation.objects.filter(code=organisation).first()
        if found is None:
            raise CommandError(f"No organisation with the code {organisation!r}.")
        imposed, revoked = reconcile_organisation(found)
        self.stdout.write(f"{found.code}: {imposed} penalties imposed, {revoked} revoked.")
