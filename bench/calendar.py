"""Benchmark: working-day deadlines per second, against a naive day-by-day loop.

Run from the project root as ``python -m bench.calendar [--n 1000000]``. Needs no database and
no Django settings: the calendar is a pure module.
"""

import sys

if not __package__:
    # Run as a file (python bench/calendar.py): its folder comes first on sys.path, and this
    # file would shadow the standard library's calendar module for everything imported below.
    import os

    _here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]
    sys.path.insert(0, os.path.dirname(_here))

import argparse
import logging
import random
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from holidays.countries.china import China

from departments.calendar.workcalendar import WorkCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLOSING = clock(17, 30)


def naive_add_working_days(lib, start, n):
    """What one writes first: walk one day at a time, asking the library about each."""
    day = start.astimezone(SHANGHAI).date()
    while n:
        day += timedelta(days=1)
        if lib.is_working_day(day):
            n -= 1
    return datetime.combine(day, CLOSING, tzinfo=SHANGHAI)


def workload(n, seed):
    rng = random.Random(seed)
    first = datetime(2024, 1, 1, tzinfo=SHANGHAI).timestamp()
    span = datetime(2027, 1, 1, tzinfo=SHANGHAI).timestamp() - first
    starts = [datetime.fromtimestamp(first + rng.random() * span, SHANGHAI) for _ in range(n)]
    limits = [rng.randint(1, 60) for _ in range(n)]
    return starts, limits


def timed(fn, starts, limits):
    began = time.perf_counter()
    results = [fn(s, n) for s, n in zip(starts, limits, strict=True)]
    return time.perf_counter() - began, results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="deadlines to compute")
    parser.add_argument("--naive-n", type=int, default=20_000, help="sample for the naive loop")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")

    starts, limits = workload(args.n, args.seed)
    cal = WorkCalendar()
    # Warm the per-year tables once (2027 is reached by late-2026 starts and is not official
    # in the library yet, so it logs its fallback warning here).
    cal.add_working_days(datetime(2026, 12, 31, tzinfo=SHANGHAI), 60)
    fast_s, fast = timed(cal.add_working_days, starts, limits)

    lib = China(years=range(2023, 2028))
    k = min(args.naive_n, args.n)
    naive_s, naive = timed(lambda s, n: naive_add_working_days(lib, s, n), starts[:k], limits[:k])

    # Same answers wherever the library has the official calendar; in 2027 it only has
    # estimates, which the calendar deliberately ignores (weekends plus overrides instead).
    official = [(a, b) for a, b in zip(fast[:k], naive, strict=True) if a.year < 2027]
    mismatches = sum(a != b for a, b in official)

    fast_rate, naive_rate = args.n / fast_s, k / naive_s
    print(f"WorkCalendar.add_working_days: {args.n:,} deadlines (limits 1..60 working days,")
    print(f"  starts 2024-01-01..2026-12-31) in {fast_s:.3f} s")
    print(f"  {fast_rate:,.0f} deadlines/s, {100_000 / fast_rate:.3f} s per 100k")
    print(f"naive day-by-day loop: {k:,} deadlines in {naive_s:.3f} s")
    print(f"  {naive_rate:,.0f} deadlines/s, {100_000 / naive_rate:.3f} s per 100k")
    print(f"speed-up: {fast_rate / naive_rate:.1f}x")
    print(f"agreement on official years: {len(official) - mismatches:,}/{len(official):,}")
    later = sum(r.date() >= date(2027, 1, 1) for r in fast[:k])
    print(f"  ({later:,} of the sample end in 2027, where only estimates exist: not compared)")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
