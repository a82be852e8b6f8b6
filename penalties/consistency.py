"""Does the ledger hold exactly the penalties the rules call for, and has every closed
period been assessed? Read-only checks.

For every person with substantiated violations the rules engine says which lines the
ledger should hold (as ``reconcile_ledger`` does); a wanted line missing from the ledger,
or a live line no rule calls for, is a finding.
"""

from collections import defaultdict
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from cases import consistency as cases_consistency
from cases.consistency import Finding, orphans
from cases.models import Case
from departments.models import Organisation
from departments.schedules import ASSESSMENTS, taking_part

from . import engine
from .metrics import daily
from .models import COUNTED_STATES, Penalty, Violation
from .periods import MONTH, current_period
from .services.assessments import unassessed_periods
from .services.ledger import _rules_reader


def ledger_findings() -> Iterator[Finding]:
    tz = timezone.get_default_timezone()
    rules_of = _rules_reader()
    counted = defaultdict(list)
    violations = Violation.objects.filter(
        substantiated_at__isnull=False, state__in=COUNTED_STATES
    ).select_related("rule_set")
    for violation in violations:
        counted[violation.staff_id].append(violation)
    live = defaultdict(dict)
    for line in Penalty.objects.live().select_related("violation"):
        live[line.violation.staff_id][line.key] = line
    for staff_id in sorted(set(counted) | set(live)):
        wanted = engine.wanted_lines(counted[staff_id], rules_of, tz)
        for key in sorted(set(wanted) - set(live[staff_id])):
            yield Finding(
                str(wanted[key].violation),
                _("substantiated, but its penalty (%(sanction)s) is missing from the ledger")
                % {"sanction": wanted[key].sanction},
            )
        for key in sorted(set(live[staff_id]) - set(wanted)):
            yield Finding(
                str(live[staff_id][key].violation),
                _("a live penalty (%(sanction)s) that no rule calls for")
                % {"sanction": live[staff_id][key].sanction},
            )


def assessment_findings(now=None) -> Iterator[Finding]:
    """Each closed month, quarter and year (an hour after its end) without a final
    assessment, of an active organisation taking part in assessments: the beat's sweep
    catches these up at its next run, so a finding that stays means it is not running."""
    now = now or timezone.now()
    for organisation in taking_part(ASSESSMENTS).filter(is_active=True).order_by("pk"):
        for period in unassessed_periods(organisation, now):
            yield Finding(
                f"{organisation.code} {period.label}",
                _("the period has closed, but it has not been assessed"),
            )


def daily_count_findings(now=None) -> Iterator[Finding]:
    """The final days of the running and the previous month whose daily counts differ from
    a recount of their cases (``manage.py daily_counts --check`` checks any period)."""
    now = now or timezone.now()
    month = current_period(MONTH, now, timezone.get_default_timezone())
    for organisation in Organisation.objects.filter(is_active=True).order_by("pk"):
        for period in (month.previous(), month):
            for finding in daily.summary_findings(organisation, period, now):
                yield Finding(organisation.code, daily.describe(finding))


def orphan_findings(now=None) -> Iterator[Finding]:
    """Rows of the running and the previous month naming a case or stage clock that does
    not exist, where the database does not check (timeline lines, deadline alerts and
    violations: the sweep writes them by the 100,000 after a downtime)."""
    now = now or timezone.now()
    tz = timezone.get_default_timezone()
    since, _end = current_period(MONTH, now, tz).previous().bounds(tz)
    yield from cases_consistency.orphan_findings(since)
    for pk, case_id in orphans(Violation.objects.filter(reported_at__gte=since), "case_id", Case):
        yield Finding(f"#{case_id}", _("violation %(pk)s: its case is missing") % {"pk": pk})
