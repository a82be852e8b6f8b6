from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from demo.builder import build_demo
from demo.data_staff import DEFAULT_PASSWORD, DEMO_TOTP_SECRET
from demo.logins import format_staff_logins, format_table
from demo.recorder import DemoConflict


class Command(BaseCommand):
    help = (
        "Create the demo organisation (departments, staff, duty list, external agencies, "
        "this month's duty roster, time-limit and penalty presets, forty cases of the last "
        "weeks in every state, and one login per role). Safe to re-run: only what is "
        "missing is created, and existing rows and passwords are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password for newly created demo logins (default: {DEFAULT_PASSWORD}).",
        )

    def handle(self, *args, password, **options):
        if not password.strip():
            raise CommandError("--password must not be empty.")
        if password == DEFAULT_PASSWORD and getattr(settings, "PRODUCTION", False):
            # The default is printed in the README: a production site would publish its
            # superuser's password.
            raise CommandError(
                "In production (DJANGO_ENV=production) choose the demo logins' password "
                "with --password; the default one is published."
            )
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(f"--password is too weak: {' '.join(exc.messages)}") from exc
        try:
            result = build_demo(password)
        except DemoConflict as exc:
            raise CommandError(f"{exc} Nothing was written.") from exc

        organisation = result.organisation
        if result.created:
            # Model names in English: the command's own output is for developers.
            with translation.override("en"):
                summary = ", ".join(
                    f"{_label(kind)}: {number}" for kind, number in result.created.items()
                )
            self.stdout.write(f"{_title(organisation)}: created {summary}.")
        else:
            self.stdout.write(f"{_title(organisation)} is complete; nothing to create.")
        self.stdout.write(format_table(result.logins))
        self.stdout.write(format_staff_logins(organisation, password))
        self.stdout.write(
            "\nAdministrators, supervisors, auditors and the platform operator also need a "
            "code at login (two-factor).\nDemo logins of those roles share the authenticator "
            f"secret {DEMO_TOTP_SECRET} (type it into any TOTP app;\nwith DEBUG on, the code "
            "step shows the current code). A login that enrolled its own keeps it."
        )


def _title(organisation):
    return f"Demo organisation {organisation.name} ({organisation.code})"


def _label(kind):
    return kind if isinstance(kind, str) else str(kind._meta.verbose_name_plural)
