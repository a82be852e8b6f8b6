from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from departments.two_factor import reset_devices


class Command(BaseCommand):
    help = (
        "Remove a login's two-factor devices (authenticator and recovery codes): it enrols "
        "again at its next login. Written to the security log."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No login named {username!r}.")
        removed = reset_devices(user)
        self.stdout.write(f"Two-factor devices of {username} removed ({removed} rows).")
