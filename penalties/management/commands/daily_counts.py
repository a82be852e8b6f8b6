"""manage.py daily_counts: count the days of the managers' summary tables that are not final
(touched by an event, counted before they ended, never counted); ``--recount PERIOD`` counts
every day of a period again; ``--check PERIOD`` recounts a period from the cases and lists
every count the summary tables have otherwise."""

import datetime as dt
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
        parser.add_argument(
            "--recount", metavar="PERIOD", help=_("count every day of a period again, final or not")
        )

    def handle(self, *args, organisations, check, recount, **options):
        found = Organisation.objects.filter(is_active=True).order_by("pk")
        if organisations:
            found = found.filter(code__in=organisations)
            missing = set(organisations) - set(found.values_list("code", flat=True))
            if missing:
                raise CommandError(
                    _("No such organisation: %(codes)s") % {"codes": ", ".join(sorted(missing))}
                )
        now = timezone.now()
        if recount is not None:
            period = self._period(recount)
            days = [
                period.start + dt.timedelta(days=n)
                for n in range(
                    (min(period.end, daily.local_day(now) + daily.ONE_DAY) - period.start).days
                )
            ]
        if check is None:
            for organisation in found:
                if recount is None:
                    days = daily.days_to_count(organisation, now, limit=None)
                rows = daily.count_days(organisation, days, now)
                self.stdout.write(
                    _("%(org)s: %(days)d days counted, %(rows)d rows.")
                    % {"org": organisation.code, "days": len(days), "rows": rows}
                )
            return
        period = self._period(check)
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

    def _period(self, label):
        period = parse_period(label)
        if period is None:
            raise CommandError(_("Not a period: %(label)s") % {"label": label})
        return period
