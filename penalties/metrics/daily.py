"""A period's numbers from the daily summary tables (``DailyCount``), per organisation,
department and staff member: a sum over the period's days instead of an aggregate over its
cases.

A day's rows hold exactly what ``compute`` counts for that day alone (the same queries,
grouped by the local day of the moment that puts a row in a period: ``families``). A day
is *final* once it was counted after it ended and nothing touched it since; every other
day of a period (today, a day an event just touched, a day never counted) is counted live
from the raw rows, so the sum is always what ``compute`` would say at ``now``:

- the case services' timeline signal (``case_events_recorded``) touches, in the service's
  transaction, every day the case's numbers may sit on: its registration, resolution and
  callback, its timeline events, its stages' ends and deadlines, its transfers and
  callbacks; violations, ledger lines and commendations touch their own day when saved;
- ``sweep_daily_counts`` (run with the assessments sweep) counts the touched days, the
  days counted before they ended and the days never counted, a bounded batch at a time,
  idempotently (a day's rows are replaced whole);
- ``summary_findings`` (``manage.py check_consistency``) recounts a period from the raw
  rows and lists every count that differs from the final days' sum.

One exception, for a city: the managers' pages (within ``shared_reads``) read a day touched
since a recent count from that count when the touched days are large (``stale_from``), and
say when it was made (``counted_as_of``).
"""

import contextlib
import dataclasses
import datetime as dt
import functools
from collections import defaultdict
from contextvars import ContextVar
from itertools import chain

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Callback, Case, CaseEvent, StageClock, Transfer

from ..models import COUNT_NAMES, CountedDay, DailyCount
from ..models.daily import any_counted
from ..numbers import STAGES, Numbers
from .queries import DEPARTMENT, ORGANISATION, STAFF, _formula, _grouped, count_between

LEVELS = (ORGANISATION, DEPARTMENT, STAFF)
# Days counted per organisation and sweep: a first run over years of history is spread
# over several sweeps, the dashboard counting the rest live meanwhile.
BATCH_DAYS = 400
ONE_DAY = dt.timedelta(days=1)


def _tz():
    return timezone.get_default_timezone()


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, _tz()).date()


def _bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[first 00:00, the day after last 00:00) in local time."""
    tz = _tz()
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        dt.datetime.combine(last + ONE_DAY, dt.time.min, tzinfo=tz),
    )


@functools.lru_cache(maxsize=4096)
def _day_end(day: dt.date, tz) -> dt.datetime:
    """The local midnight after ``day`` in ``tz`` (read for every counted day of a period)."""
    return dt.datetime.combine(day + ONE_DAY, dt.time.min, tzinfo=tz)


def end_of_day(day: dt.date) -> dt.datetime:
    """When ``day`` ends, local time."""
    return _day_end(day, _tz())


def _runs(days) -> list[tuple[dt.date, dt.date]]:
    """Sorted days as contiguous (first, last) runs."""
    runs = []
    for day in sorted(set(days)):
        if runs and runs[-1][1] + ONE_DAY == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


# --- touching: which days an event may have changed -----------------------------------
def touch(organisation_id: int, moments) -> int:
    """Mark the local days of ``moments`` (None skipped) as to be counted again; in the
    caller's transaction. Returns how many days."""
    days = {local_day(moment) for moment in moments if moment is not None}
    if not days:
        return 0
    CountedDay.objects.bulk_create(
        [CountedDay(organisation_id=organisation_id, day=day, touched=True) for day in days],
        update_conflicts=True,
        unique_fields=["organisation", "day"],
        update_fields=["touched"],
    )
    return len(days)


def case_moments(case_ids) -> dict[int, list[dt.datetime]]:
    """{organisation id: every moment that puts a number of these cases in a day}."""
    cases = Case.objects.filter(Q(pk__in=case_ids) | Q(duplicates__in=case_ids)).distinct()
    # One query per table (this runs for every event recorded): a row is a case id and
    # its moments.
    case_rows = list(
        cases.values_list("pk", "organisation_id", "registered_at", "resolved_at", "called_back_at")
    )
    organisation_of = {case_id: organisation_id for case_id, organisation_id, *_ in case_rows}
    ids = list(organisation_of)
    found = defaultdict(list)
    rows = chain(
        ((case_id, *moments) for case_id, _organisation_id, *moments in case_rows),
        CaseEvent.objects.filter(case__in=ids).values_list("case", "at"),
        StageClock.objects.filter(case__in=ids).values_list("case", "met_at", "due_at"),
        Transfer.objects.filter(case__in=ids).values_list("case", "sent_at"),
        Callback.objects.filter(case__in=ids).values_list("case", "at"),
    )
    for case_id, *moments in rows:
        found[organisation_of[case_id]].extend(moments)
    return found


def touch_cases(case_ids) -> None:
    for organisation_id, moments in case_moments(case_ids).items():
        touch(organisation_id, moments)


# --- counting days --------------------------------------------------------------------
def count_days(organisation, days, now: dt.datetime) -> int:
    """Count ``days`` (dates up to yesterday's, or today's counted as far as ``now``) from
    the raw rows and replace their summary rows; returns how many rows were written.
    Idempotent: run twice, it writes the same rows."""
    org = getattr(organisation, "pk", organisation)
    days = sorted(set(days))
    if not days:
        return 0
    formula = _formula(org)
    written = 0
    with transaction.atomic():
        # The days' markers, locked: an event touching one of them while it is counted
        # waits, then marks it touched again (counted at the next sweep).
        CountedDay.objects.bulk_create(
            [CountedDay(organisation_id=org, day=day) for day in days], ignore_conflicts=True
        )
        list(
            CountedDay.objects.select_for_update()
            .filter(organisation=org, day__in=days)
            .order_by("day")
            .values_list("pk", flat=True)
        )
        DailyCount.objects.filter(organisation=org, day__in=days).delete()
        rows = []
        for first, last in _runs(days):
            start, end = _bounds(first, last)
            for level in LEVELS:
                counted = count_between(
                    org, start, end, level, formula=formula, now=now, by_day=True
                )
                for (day, subject), numbers in counted.items():
                    counts = [getattr(numbers, name) for name in COUNT_NAMES]
                    if any(counts):
                        rows.append((org, day, level, subject, *counts))
        _insert_rows(rows)
        written += len(rows)
        CountedDay.objects.filter(organisation=org, day__in=days).update(
            counted_at=now, touched=False
        )
    return written


_COLUMNS = ("organisation_id", "day", "level", "subject", *COUNT_NAMES)


def _insert_rows(rows) -> None:
    """Insert summary rows (tuples in the order of ``_COLUMNS``): by COPY on PostgreSQL (a
    first count of years of history writes a few hundred thousand rows), else in batches."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        columns = ", ".join(f'"{column}"' for column in _COLUMNS)
        with connection.cursor() as cursor:
            sql = f"COPY {DailyCount._meta.db_table} ({columns}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        return
    DailyCount.objects.bulk_create(
        [DailyCount(**dict(zip(_COLUMNS, row, strict=True))) for row in rows], batch_size=2000
    )


def _first_day(organisation) -> dt.date | None:
    first = (
        Case.objects.filter(organisation=organisation)
        .order_by("registered_at")
        .values_list("registered_at", flat=True)
        .first()
    )
    return None if first is None else local_day(first)


def days_to_count(organisation, now: dt.datetime, limit: int | None = BATCH_DAYS) -> list:
    """The days up to today that are not final: touched, counted before they ended, or
    never counted (from the organisation's first case on); the most recent first."""
    today = local_day(now)
    first = _first_day(organisation)
    if first is None:
        return []
    known = dict(
        CountedDay.objects.filter(organisation=organisation, day__gte=first, day__lte=today)
        .filter(touched=False, counted_at__isnull=False)
        .values_list("day", "counted_at")
    )
    due, day = [], today
    while day >= first and (limit is None or len(due) < limit):
        counted_at = known.get(day)
        if counted_at is None or counted_at < end_of_day(day):
            due.append(day)
        day -= ONE_DAY
    return due


def sweep_daily_counts(now: dt.datetime, organisations) -> int:
    """Count the days that are not final, for each organisation (a batch each); returns how
    many days were counted."""
    done = 0
    for organisation in organisations:
        days = days_to_count(organisation, now)
        count_days(organisation, days, now)
        done += len(days)
    return done


# --- reading ----------------------------------------------------------------------------
# Within ``shared_reads`` (one request of the dashboard or the notice), what the readers
# count live from the raw rows (a run of days at one level, at one ``now``: normally today)
# and the organisation's first day are looked up once and shared: the headline figures, the
# trend and the ranking read the same days several times.
_shared: ContextVar[dict | None] = ContextVar("daily_shared_reads", default=None)


@contextlib.contextmanager
def shared_reads():
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def _memo(key, compute):
    shared = _shared.get()
    if shared is None:
        return compute()
    if key not in shared:
        shared[key] = compute()
    return shared[key]


def _shared_by_subject(key, only, compute, subject_of=lambda key: key):
    """``compute(only)``: {key naming a subject: value}; within ``shared_reads``, computed
    once for every subject (``compute(None)``) and narrowed to ``only`` for each caller."""
    if _shared.get() is None:
        return compute(only)
    found = _memo(key, lambda: compute(None))
    if only is None:
        return found
    wanted = set(only)
    return {k: value for k, value in found.items() if subject_of(k) in wanted}


def _live(org, start, end, level, *, only, formula, now) -> dict:
    """``count_between`` by day: {(day, subject): Numbers}; shared within ``shared_reads``."""
    return _shared_by_subject(
        ("live", org, start, end, level, formula, now),
        only,
        lambda only: count_between(
            org, start, end, level, only=only, formula=formula, now=now, by_day=True
        ),
        subject_of=lambda key: key[1],
    )


def first_day(organisation) -> dt.date | None:
    """The local day of the organisation's first case (shared within ``shared_reads``)."""
    org = getattr(organisation, "pk", organisation)
    return _memo(("first", org), lambda: _first_day(org))


def final_days(organisation, first: dt.date, last: dt.date) -> set:
    """The days in [first, last] whose summary rows are final (counted after they ended,
    untouched since)."""
    counted = counted_days(organisation, first, last)
    return {day for day, counted_at in counted.items() if counted_at >= end_of_day(day)}


def counted_days(organisation, first: dt.date, last: dt.date, *, now=None) -> dict:
    """{day: counted at} of the days in [first, last] untouched since they were counted
    (within ``shared_reads``, every counted day of the organisation read once; there, with
    ``now``, also the touched days counted recently enough: ``stale_from``)."""
    org = getattr(organisation, "pk", organisation)
    days = CountedDay.objects.filter(organisation=org, counted_at__isnull=False)
    if _shared.get() is None:
        days = days.filter(touched=False, day__gte=first, day__lte=last)
        return dict(days.values_list("day", "counted_at"))
    every = _memo(
        ("counted", org),
        lambda: {d: (at, t) for d, at, t in days.values_list("day", "counted_at", "touched")},
    )
    oldest = stale_from(org, every, now) if now is not None else None
    found = {}
    for day, (counted_at, touched) in every.items():
        if not first <= day <= last:
            continue
        if touched:
            if oldest is None or counted_at < oldest:
                continue
            _note_stale(counted_at)
        found[day] = counted_at
    return found


def stale_from(org, every: dict, now: dt.datetime) -> dt.datetime | None:
    """The oldest count of a touched day that a page may read instead of counting the day
    live from the cases; None: touched days are counted live. ``every``: {day: (counted
    at, touched)} of the organisation's counted days.

    For a city: every event touches its days, and the sweep recounts them every few
    minutes; counting a busy day live costs a tenth of a second per level at ten million
    cases (a week of them seconds), so its pages read the last count when it is at most
    ``SUMMARY_STALE_SECONDS`` old, and say when it was made (``counted_as_of``). An older
    count (the workers stopped) is not used: slower, never staler. Where the touched days
    are small (at most ``SUMMARY_LIVE_CASES`` cases registered on them, by their last
    count) they are counted live, exact to the second: one query per page decides."""
    seconds = settings.SUMMARY_STALE_SECONDS
    if seconds <= 0:
        return None
    oldest = now - dt.timedelta(seconds=seconds)
    recent = [day for day, (at, touched) in every.items() if touched and at >= oldest]
    if not recent:
        return None

    def volume():
        rows = DailyCount.objects.filter(
            organisation=org, level=ORGANISATION, subject=0, day__in=recent
        )
        return rows.aggregate(cases=Sum("registered"))["cases"] or 0

    cases = _memo(("touched volume", org, oldest), volume)
    return oldest if cases > settings.SUMMARY_LIVE_CASES else None


def _note_stale(counted_at: dt.datetime) -> None:
    shared = _shared.get()
    if shared is not None:
        shared["stale"] = min(shared.get("stale", counted_at), counted_at)


def counted_as_of() -> dt.datetime | None:
    """Within ``shared_reads``: the oldest count of a touched day read so far (the page's
    figures may miss what happened since), or None when every day read was final or live."""
    shared = _shared.get()
    return None if shared is None else shared.get("stale")


class _Reader:
    """A range of days as ``compute`` counts them at ``now``: the days untouched since they
    were counted from their rows, plus, for a day counted before it ended, the open stages
    whose deadline passed since (the only number that moves without an event: the stage
    clock's ``counted_in`` says which); the other days (touched, never counted) and the
    days before the organisation's first case, live from the cases, a set of queries per
    run of consecutive days (on a page, a large touched day counted recently: from its
    rows, as if untouched; ``counted_days``)."""

    def __init__(self, organisation, first, last, level, *, now, formula, only, by, monthly=False):
        self.org = getattr(organisation, "pk", organisation)
        self.monthly = monthly  # ``by`` gives the same key to every day of a month
        self.names = COUNT_NAMES  # the counts summed from the rows
        self.formula = formula or _formula(self.org)
        self.level, self.now, self.only, self.by = level, now, only, by
        self.first, self.last = first, min(last, local_day(now))
        self.found = defaultdict(lambda: defaultdict(lambda: Numbers(formula=self.formula)))

    def read(self) -> dict:
        if self.last < self.first:
            return {}
        counted = {
            day: counted_at
            for day, counted_at in counted_days(
                self.org, self.first, self.last, now=self.now
            ).items()
            # Counted after ``now`` (a past moment asked for) and before the day ended: it
            # may hold stages that were not overdue yet at ``now``.
            if counted_at <= self.now or counted_at >= end_of_day(day)
        }
        if counted:
            self._sums(counted)
        for day, counted_at in counted.items():
            end = end_of_day(day)
            if counted_at < end and counted_at < self.now:
                self._overdue_since(day, counted_at, end)
        live, day = [], self.first
        while day <= self.last:
            if day not in counted:
                live.append(day)
            day += ONE_DAY
        # The days before the organisation's first case hold nothing (``days_to_count``
        # never counts them): a year that began before it reads no day live but today.
        if live and not (counted and live == [self.last]):
            first_case = first_day(self.org)
            live = [day for day in live if first_case is not None and day >= first_case]
        for run_first, run_last in _runs(live):
            start, end = _bounds(run_first, run_last)
            found = _live(
                self.org,
                start,
                end,
                self.level,
                only=self.only,
                formula=self.formula,
                now=self.now,
            )
            for (day, subject), numbers in found.items():
                self.found[self.by(day)][subject].add(numbers)
        return {
            key: {s: n for s, n in by_subject.items() if any(n.counts().values())}
            for key, by_subject in self.found.items()
        }

    def _sums(self, counted):
        # The counted days as ranges (usually one: the whole period) rather than a list of
        # every day, which a year's dashboard would send and have planned three times.
        ranges = Q()
        for first, last in _runs(counted):
            ranges |= Q(day__gte=first, day__lte=last)
        rows = DailyCount.objects.filter(ranges, organisation=self.org, level=self.level)
        if self.names != COUNT_NAMES:
            # A row with none of the counts read adds nothing; the open stages' counts,
            # summed over every day since the first case, have an index of their own.
            rows = rows.filter(any_counted(self.names))
        if self.only is not None:
            rows = rows.filter(subject__in=self.only)
        totals = _sums_of(tuple(self.names))
        if self.by(self.first) == self.by(self.last):  # one key: no need to group by day
            sums = rows.values("subject").annotate(**totals)
        elif self.monthly:  # a row per month and subject, summed by the database
            sums = rows.annotate(month=TruncMonth("day")).values("month", "subject")
            sums = sums.annotate(**totals)
        else:
            sums = rows.values("day", "subject").annotate(**totals)
        for row in sums.order_by():
            key = self.by(row.pop("month", None) or row.pop("day", self.first))
            self.found[key][row.pop("subject")].add(Numbers(formula=self.formula, **row))

    def _overdue_since(self, day, since, end):
        # Every stage clock has a department: the organisation's count is the sum of its
        # departments', so a page reads the stages once for both levels.
        level = DEPARTMENT if self.level == ORGANISATION else self.level
        only = None if self.level == ORGANISATION else self.only
        grouped = _shared_by_subject(
            ("overdue", self.org, level, since, end, self.now),
            only,
            lambda only: _overdue_between(self.org, since, end, self.now, level, only),
        )
        if self.level == ORGANISATION:
            total: dict[str, int] = defaultdict(int)
            for values in grouped.values():
                for name, value in values.items():
                    total[name] += value
            grouped = {0: total} if grouped else {}
        for subject, values in grouped.items():
            self.found[self.by(day)][subject].add(Numbers(formula=self.formula, **values))


def _overdue_between(org, since, end, now, level, only) -> dict:
    """{subject: counts} of the open stages whose deadline fell in [since, end) and had
    passed at ``now``."""
    stages = (
        StageClock.objects.counted_in(since, end, now)
        .filter(met_at__isnull=True)
        .filter(case__organisation=org, case__merged_into__isnull=True)
    )
    return _grouped(stages, "stage", level, only, **_overdue_counts())


@functools.cache
def _overdue_counts() -> dict:
    """The aggregates of ``_overdue_between`` (built once: a query resolves copies)."""
    aggregates = {f"{stage}_due": Count("pk", filter=Q(stage=stage)) for stage in STAGES}
    for stage in STAGES:
        aggregates[f"{stage}_open"] = Count("pk", filter=Q(stage=stage, paused_since__isnull=True))
    return aggregates


@functools.cache
def _sums_of(names: tuple) -> dict:
    """{name: Sum(name)} (built once per set of names: a query resolves copies)."""
    return {name: Sum(name) for name in names}


def numbers_between(
    organisation,
    first: dt.date,
    last: dt.date,
    level: str,
    *,
    now: dt.datetime,
    formula: str | None = None,
    only=None,
    names=None,
) -> dict:
    """{subject id: Numbers} of the days [first, last] as ``compute`` counts them at
    ``now``, from the summary rows where they can say it (see ``_Reader``); with
    ``names``, only those counts are summed from the rows (the others may be left 0)."""
    org = getattr(organisation, "pk", organisation)
    names = tuple(names or COUNT_NAMES)

    def read(only):
        reader = _Reader(
            org, first, last, level, now=now, formula=formula, only=only, by=lambda d: 0
        )
        reader.names = names
        return reader.read().get(0, {})

    # Within ``shared_reads`` the page's readers of the same days share one read of every
    # subject (the headline, what stands now and the ranking read the period): a read of
    # every count serves one of fewer.
    key = ("between", org, first, last, level, now, formula)
    shared = _shared.get()
    if shared is not None and names != COUNT_NAMES and (*key, COUNT_NAMES) in shared:
        names = COUNT_NAMES
    found = _shared_by_subject((*key, names), only, read)
    if shared is None:
        return found
    # The shared Numbers stay as read: each caller gets its own to add to.
    return {subject: dataclasses.replace(numbers) for subject, numbers in found.items()}


def numbers_by_month(
    organisation, months, level: str, *, now, formula=None, only=None, names=None
) -> dict:
    """{month label: {subject id: Numbers}} of consecutive ``months``, read as
    ``numbers_between`` reads a period (``names``: only those counts, the others 0)."""
    label_of = {(month.start.year, month.start.month): month.label for month in months}
    reader = _Reader(
        organisation,
        months[0].start,
        months[-1].last_day,
        level,
        now=now,
        formula=formula,
        only=only,
        by=lambda day: label_of[(day.year, day.month)],
        monthly=True,
    )
    reader.names = tuple(names or COUNT_NAMES)
    return reader.read()


def period_numbers(organisation, period, level: str, *, now, formula=None, only=None) -> dict:
    return numbers_between(
        organisation, period.start, period.last_day, level, now=now, formula=formula, only=only
    )


# --- consistency ------------------------------------------------------------------------
def summary_findings(organisation, period, now: dt.datetime):
    """(subject, count, summary, raw) for every count of ``period``'s final days whose sum
    differs from a recount of the same days from the raw rows, at each level."""
    org = getattr(organisation, "pk", organisation)
    last = min(period.last_day, local_day(now))
    final = final_days(org, period.start, last)
    findings = []
    for first, run_last in _runs(final):
        start, end = _bounds(first, run_last)
        for level in LEVELS:
            summed = defaultdict(dict)
            rows = DailyCount.objects.filter(
                organisation=org, level=level, day__gte=first, day__lte=run_last
            )
            sums = rows.values("subject").annotate(**{n: Sum(n) for n in COUNT_NAMES}).order_by()
            for row in sums:
                summed[row.pop("subject")] = row
            raw = {
                subject: numbers.counts()
                for subject, numbers in count_between(org, start, end, level, now=now).items()
            }
            for subject in sorted(set(summed) | set(raw)):
                for name in COUNT_NAMES:
                    stored = summed.get(subject, {}).get(name, 0)
                    counted = raw.get(subject, {}).get(name, 0)
                    if stored != counted:
                        findings.append(
                            (f"{level} {subject} {first}…{run_last}", name, stored, counted)
                        )
    return findings


def describe(finding) -> str:
    where, name, stored, counted = finding
    return _("%(where)s: %(count)s is %(stored)s in the daily counts, %(raw)s in the cases") % {
        "where": where,
        "count": name,
        "stored": stored,
        "raw": counted,
    }
