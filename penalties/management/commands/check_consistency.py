"""manage.py check_consistency: cases against their transfers and callbacks, the ledger
against the rules, closed periods against their assessments, this and last month's
daily summary counts against the cases, and that the rows of these months whose links
the database does not check (timeline, alerts, violations) name existing cases. Prints
each finding; exits 1 when there is any (for cron and CI)."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cases.consistency import case_findings
from penalties.consistency import (
    assessment_findings,
    daily_count_findings,
    ledger_findings,
    orphan_findings,
)


class Command(BaseCommand):
    help = _(
        "Check that each case's state agrees with its transfers and callbacks and that each "
        "substantiated violation has its penalties, every closed period has been assessed and "
        "the daily summary counts of this and last month agree with the cases, and that "
        "this and last month's timeline lines, deadline alerts and violations name existing "
        "cases; "
        "exit status 1 on any finding."
    )

    def handle(self, *args, **options):
        findings = [
            *case_findings(),
            *ledger_findings(),
            *assessment_findings(),
            *daily_count_findings(),
            *orphan_findings(),
        ]
        for finding in findings:
            self.stdout.write(str(finding))
        if findings:
            self.stderr.write(_("%(count)d inconsistencies found.") % {"count": len(findings)})
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(_("Cases, ledger and assessments are consistent.")))
