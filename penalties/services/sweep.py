"""The accountability side of the beat: self-check deadlines and period-end jobs.

State-based like the deadline sweep: it looks at what is due by ``now`` whenever it runs,
so a missed run catches up and a doubled run finds the work done. Period-end jobs write a
PeriodRun marker in the same transaction as their work; a concurrent run waits on the
marker's unique index and then skips.
"""

from collections.abc import Callable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from departments.models import Organisation
from departments.schedules import ACCOUNTABILITY_SWEEP, switched_off, taking_part

from ..models import PenaltyRuleSet, PeriodRun
from ..periods import Period, previous_quarter, previous_year
from .commendations import award_quarter
from .ratings import rebuild_year
from .selfcheck import substantiate_unanswered


def penalties_sweep(now: datetime) -> dict[str, int]:
    """Run everything due by ``now``, except in the organisations that switched the
    accountability sweep off; returns what it did, as counts."""
    tz = timezone.get_default_timezone()
    substantiated = substantiate_unanswered(now=now, skipped=switched_off(ACCOUNTABILITY_SWEEP))
    quarter, year = previous_quarter(now, tz), previous_year(now, tz)
    commended = ratings = 0
    organisations = (
        taking_part(ACCOUNTABILITY_SWEEP)
        .filter(pk__in=PenaltyRuleSet.objects.filter(is_active=True).values("organisation"))
        .order_by("pk")
    )
    for organisation in organisations:
        commended += _once(organisation, "quarter_commendations", quarter, now, _commend)
        ratings += _once(organisation, "annual_ratings", year, now, _rate)
    return {"substantiated": len(substantiated), "commended": commended, "rated": ratings}


Work = Callable[[Organisation, Period, datetime], int]


def _commend(organisation: Organisation, period: Period, now: datetime) -> int:
    return len(award_quarter(organisation=organisation, period=period, now=now))


def _rate(organisation: Organisation, period: Period, now: datetime) -> int:
    rebuild_year(organisation, period.start.year, now=now)
    return 1


@transaction.atomic
def _once(organisation: Organisation, job: str, period: Period, now: datetime, work: Work) -> int:
    try:
        with transaction.atomic():
            PeriodRun.objects.create(
                organisation=organisation, job=job, period=period.label, done_at=now
            )
    except IntegrityError:  # done already, by an earlier or a concurrent run
        return 0
    return work(organisation, period, now)
