"""The managers' dashboard: every chart with its table, filters, constant query count."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.models import StageClock
from penalties.metrics import daily
from tests.factories import DepartmentFactory, StaffFactory

from .metrics_data import NOW, at, callback, case, clock

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_july")]
SVG = "{http://www.w3.org/2000/svg}"
CHARTS = ("states", "overdue", "trends", "violations", "ranking")


def test_the_dashboard_shows_each_chart_and_its_table(client, people, quarter):
    client.force_login(people.supervisor.user)

    page = client.get(reverse("reports:dashboard"), {"period": "2026Q2"})

    text = page.content.decode()
    assert page.status_code == 200
    for slug in CHARTS:
        section = text[text.index(f'id="chart-{slug}"') :]
        section = section[: section.index("</section>")]
        assert "<svg" in section and "<table" in section, slug
    # Cases by state, registered in Q2 (five): 2 registered, 1 transferred, 1 resolved,
    # 1 called back.
    states = text[text.index('id="chart-states"') :]
    assert '<th scope="row">已登记</th><td>2</td>' in states
    assert '<th scope="row">已回访</th><td>1</td>' in states
    # c3's forwarding stage is open and overdue in 社会事务科.
    overdue = text[text.index('id="chart-overdue"') :]
    assert '<th scope="row">社会事务科</th><td>1</td>' in overdue
    # April: three resolution stages ended (k1 on time, k3 k7 late); ratings very
    # satisfied, basically satisfied, dissatisfied. May and June: nothing to measure.
    trends = page.context["charts"][0]
    assert trends.slug == "trends"
    assert trends.rows[-3:] == [
        ["2026年4月", Decimal("33.33"), Decimal("66.67")],
        ["2026年5月", None, None],
        ["2026年6月", None, None],
    ]
    assert "季度通报" in text


def test_the_department_filter_narrows_every_chart(client, people, quarter):
    client.force_login(people.auditor.user)

    page = client.get(
        reverse("reports:dashboard"), {"period": "2026Q2", "department": people.civil.pk}
    )

    text = page.content.decode()
    overdue = text[text.index('id="chart-overdue"') : text.index('id="chart-violations"')]
    assert "社会事务科" not in overdue
    # April in 民政科: c2's late resolution; c7 rated dissatisfied.
    assert page.context["charts"][0].rows[-3] == ["2026年4月", Decimal("0.00"), Decimal("0.00")]


@pytest.mark.parametrize(
    "query",
    [{"period": "2026Q9"}, {"period": "\x00"}, {"department": "x\x00"}, {"department": "99999"}],
)
def test_bad_filters_fall_back_to_the_defaults(client, people, quarter, query):
    client.force_login(people.supervisor.user)

    assert client.get(reverse("reports:dashboard"), query).status_code == 200


def test_the_dashboard_is_linked_from_the_admin_index_and_the_staff_pages(client, people):
    client.force_login(people.supervisor.user)
    url = reverse("reports:dashboard")

    assert url in client.get(reverse("admin:index")).content.decode()
    assert url in client.get(reverse("cases:my_cases")).content.decode()


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
                state="transferred",
                registered=at(4, 1 + n % 28),
            )
            open_clock = clock(c, "resolve", department, member, due=at(4, 3 + n % 28))
            c.current_clock = open_clock
            c.save(update_fields=["current_clock"])
            callback(c, at(4, 2 + n % 28, 15), "satisfied")
    return StageClock.objects.count()


@pytest.mark.parametrize(("departments", "cases_each"), [(2, 3), (6, 20)])
def test_the_dashboard_takes_the_same_number_of_queries_at_any_size(
    client, people, django_assert_max_num_queries, departments, cases_each
):
    grow(people, departments, cases_each)
    client.force_login(people.supervisor.user)
    client.get(reverse("reports:dashboard"))  # session and permissions warm

    # Session and user, departments, settings, the snapshots, the charts, the merged and
    # the late callbacks; with no day of the summary tables counted yet (the sweep has not
    # run) the headline counts the quarter and the one before live, the ranking the quarter
    # again and the trend its twelve months by day: twelve aggregates each (the persons'
    # ratings among them), whatever the size.
    with django_assert_max_num_queries(62):
        page = client.get(reverse("reports:dashboard"), {"period": "2026Q2"})

    assert page.status_code == 200


@pytest.mark.parametrize(("departments", "cases_each"), [(2, 3), (6, 20)])
def test_with_its_days_counted_the_dashboard_reads_no_case_for_a_closed_period(
    client, people, django_assert_max_num_queries, departments, cases_each
):
    grow(people, departments, cases_each)
    daily.count_days(people.organisation, daily.days_to_count(people.organisation, NOW), NOW)
    client.force_login(people.supervisor.user)
    client.get(reverse("reports:dashboard"))

    # As above, but the quarter and the trend's months from the daily counts; the quarter
    # before, before the first case (never counted), and today counted live.
    with django_assert_max_num_queries(46):
        page = client.get(reverse("reports:dashboard"), {"period": "2026Q2"})

    assert page.status_code == 200


def test_the_trend_has_twelve_months_with_gaps_where_nothing_was_measured(client, people, quarter):
    # A resolution in February in time, one in March late: with April's, three months
    # in a row; the year's other months have nothing to measure.
    for month, met_day in ((2, 3), (3, 6)):
        c = case(
            people,
            first=people.clerk,
            held_by=people.social,
            handler=people.colleague,
            state="resolved",
            registered=at(month, 2),
            resolved_at=at(month, met_day),
        )
        clock(
            c, "resolve", people.social, people.colleague, due=at(month, 4), met=at(month, met_day)
        )
    client.force_login(people.supervisor.user)

    page = client.get(reverse("reports:dashboard"), {"period": "2026Q2"})

    trends = page.context["charts"][0]
    assert [row[0] for row in trends.rows] == [
        *(f"2025年{m}月" for m in range(7, 13)),
        *(f"2026年{m}月" for m in range(1, 7)),
    ]
    on_time = [row[1] for row in trends.rows]
    assert (
        on_time == [None] * 7 + [Decimal("100.00"), Decimal("0.00"), Decimal("33.33")] + [None] * 2
    )
    svg = ET.fromstring(str(trends.svg))
    # One slot per month, 68 units wide between the margins (52 + 816 + 12 = 880).
    lines = [
        [float(p.split(",")[0]) for p in line.get("points").split()]
        for line in svg.iter(f"{SVG}polyline")
    ]
    assert lines == [[562.0, 630.0, 698.0]]  # February to April; satisfaction: April alone
    shaded = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "no-data"]
    assert len(shaded) == 9
    years = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "year"]
    assert years == ["2025年", "2026年"]
    assert trends.labels[:2] == ["2025年7月", "8月"] and trends.labels[6] == "2026年1月"
