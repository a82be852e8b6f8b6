"""manage.py daily_counts: count the days of the managers' summary tables that are not final
(touched by an event, counted before they ended, never counted), or with ``--check PERIOD``
recount a period from the cases and list every count the summary tables have otherwise."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from departments.models import Organisation
from penalties.metrics import daily
from penalties.periods import parse_period


class Command(BaseCommand):
    help = _(
        "Count the days of the daily summary tables that are not final, or check a period's "
        "daily counts against the cases (exit status 1 on any difference)."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisations", nargs="*", help=_("organisation codes (all: none)"))
        parser.add_argument("--check", metavar="PERIOD", help=_("e.g. 2026-05, 2026Q2, 2026"))

    def handle(self, *args, organisations, check, **options):
        found = Organisation.objects.filter(is_active=True).order_by("pk")
        if organisations:
            found = found.filter(code__in=organisations)
            missing = set(organisations) - set(found.values_list("code", flat=True))
            if missing:
                raise CommandError(
                    _("No such organisation: %(codes)s") % {"codes": ", ".join(sorted(missing))}
                )
        now = timezone.now()
        if check is None:
            for organisation in found:
                days = daily.days_to_count(organisation, now, limit=None)
                rows = daily.count_days(organisation, days, now)
                self.stdout.write(
                    _("%(org)s: %(days)d days counted, %(rows)d rows.")
                    % {"org": organisation.code, "days": len(days), "rows": rows}
                )
            return
        period = parse_period(check)
        if period is None:
            raise CommandError(_("Not a period: %(label)s") % {"label": check})
        findings = [
            f"{organisation.code} {daily.describe(finding)}"
            for organisation in found
            for finding in daily.summary_findings(organisation, period, now)
        ]
        for line in findings:
            self.stdout.write(line)
        if findings:
            self.stderr.write(_("%(count)d differences found.") % {"count": len(findings)})
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(_("The daily counts agree with the cases.")))
