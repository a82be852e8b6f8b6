"""The metrics cost a constant number of queries, however many cases, departments, staff."""

import datetime as dt

import pytest

from penalties import metrics
from penalties.periods import parse_period
from tests.factories import DepartmentFactory, StaffFactory

from .metrics_data import NOW, at, callback, case, clock

pytestmark = pytest.mark.django_db
QUERIES = 13  # settings + one per family of metrics (persons' ratings, merged cases)


def grow(people, departments, cases_each):
    for d in range(departments):
        department = DepartmentFactory(organisation=people.organisation, name=f"测试科{d}")
        member = StaffFactory(organisation=people.organisation, department=department)
        for n in range(cases_each):
            c = case(
                people,
                first=member,
                held_by=department,
                handler=member,
                state="called_back",
                registered=at(4, 1 + n % 28),
                resolved_at=at(4, 2 + n % 28),
                called_back_at=at(4, 2 + n % 28, 15),
            )
            clock(c, "resolve", department, member, due=at(4, 3 + n % 28), met=at(4, 2 + n % 28))
            callback(c, at(4, 2 + n % 28, 15), "satisfied")


@pytest.mark.parametrize(("departments", "cases_each"), [(2, 3), (8, 25)])
@pytest.mark.parametrize("level", [metrics.ORGANISATION, metrics.DEPARTMENT, metrics.STAFF])
def test_metrics_take_the_same_number_of_queries_at_any_size(
    people, django_assert_max_num_queries, departments, cases_each, level
):
    grow(people, departments, cases_each)

    with django_assert_max_num_queries(QUERIES):
        found = metrics.compute(people.organisation, parse_period("2026Q2"), level, now=NOW)

    assert sum(n.resolved for n in found.values()) == departments * cases_each


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2026-02", dt.date(2026, 2, 1), dt.date(2026, 3, 1)),
        ("2026-12", dt.date(2026, 12, 1), dt.date(2027, 1, 1)),
        ("2026Q4", dt.date(2026, 10, 1), dt.date(2027, 1, 1)),
        ("2026", dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
    ],
)
def test_periods_are_read_from_their_labels(label, start, end):
    period = parse_period(label)

    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    "label", ["", "2026-13", "2026Q5", "26", "2026-1", "x2026", "2026\x00", "2026\n"]
)
def test_a_bad_period_label_is_no_period(label):
    assert parse_period(label) is None


def test_a_period_starts_and_ends_at_midnight_in_shanghai():
    from zoneinfo import ZoneInfo

    start, end = parse_period("2026Q2").bounds(ZoneInfo("Asia/Shanghai"))

    assert start.astimezone(dt.UTC) == dt.datetime(2026, 3, 31, 16, tzinfo=dt.UTC)
    assert end.astimezone(dt.UTC) == dt.datetime(2026, 6, 30, 16, tzinfo=dt.UTC)
