from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.models import Integration
from cases.open311.keys import api_key_issue
from departments.models import Organisation, Staff


class Command(BaseCommand):
    help = (
        "Issue an Open311 API key to an integrating system of an organisation, creating the "
        "system if needed; prints the key (it is shown only once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="the organisation's short code, e.g. WW")
        parser.add_argument("system", help="the integrating system's name, e.g. 12345热线")
        parser.add_argument(
            "--registrar",
            help="login of the staff member its cases are registered in the name of "
            "(needed when the system is new)",
        )
        parser.add_argument("--channel", default="web", help="its channel (default: web)")
        parser.add_argument(
            "--requests-per-minute", type=int, help="its rate limit (default: unchanged, or 60)"
        )

    @transaction.atomic
    def handle(self, *args, organisation, system, registrar, channel, **options):
        per_minute = options["requests_per_minute"]
        given = {"organisation": organisation, "system": system, "--registrar": registrar}
        for name, value in {**given, "--channel": channel}.items():
            if value and "\x00" in value:
                # PostgreSQL refuses NUL in text; say so instead of a database traceback.
                raise CommandError(f"{name} contains a NUL character.")
        try:
            found = Organisation.objects.get(code=organisation)
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation with the code {organisation!r}.") from None
        system = system.strip()
        if not system:
            raise CommandError("The system's name is empty.")
        integration = Integration.objects.filter(organisation=found, name=system).first()
        if integration is None:
            staff = Staff.objects.filter(organisation=found, user__username=registrar or "")
            if not staff.exists():
                raise CommandError(
                    f"No staff login {registrar!r} in {found.code}: a new system needs "
                    "--registrar, the login of one of its staff."
                )
            integration = Integration(
                organisation=found, name=system, registrar=staff.get(), channel=channel
            )
        if per_minute is not None:
            integration.requests_per_minute = per_minute
        try:
            integration.full_clean()
        except ValidationError as invalid:
            raise CommandError(_explain(invalid)) from None
        integration.save()
        _api_key, key = api_key_issue(integration=integration)
        self.stdout.write(key)


def _explain(invalid: ValidationError) -> str:
    return "; ".join(
        f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
        for field, messages in invalid.message_dict.items()
    )
