"""The managers' dashboard: every chart with its table, filters, constant query count."""

import pytest
import time_machine
from django.urls import reverse

from cases.models import StageClock
from tests.factories import DepartmentFactory, StaffFactory

from .metrics_data import NOW, at, build_quarter, callback, case, clock

pytestmark = pytest.mark.django_db
CHARTS = ("states", "overdue", "trends", "violations", "ranking")


@pytest.fixture
def quarter(people, preset):
    return build_quarter(people, preset)


@pytest.fixture(autouse=True)
def _in_july():
    with time_machine.travel(NOW, tick=False):
        yield


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
    # April: five stages ended (k1 k2 k6 on time, k3 k8 late); ratings very satisfied,
    # basically satisfied, dissatisfied.
    trends = text[text.index('id="chart-trends"') :]
    assert '<th scope="row">2026年4月</th><td>60.00</td><td>66.67</td>' in trends
    assert "季度通报" in text


def test_the_department_filter_narrows_every_chart(client, people, quarter):
    client.force_login(people.auditor.user)

    page = client.get(
        reverse("reports:dashboard"), {"period": "2026Q2", "department": people.civil.pk}
    )

    text = page.content.decode()
    overdue = text[text.index('id="chart-overdue"') : text.index('id="chart-trends"')]
    assert "社会事务科" not in overdue
    assert '<th scope="row">2026年4月</th><td>50.00</td><td>0.00</td>' in text


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

    # Session and user, departments, settings, the period's snapshot, four charts; with no
    # monthly snapshot at all (the beat task has not run) the ranking and the cases by
    # state each count the quarter live: ten aggregates each, whatever the size.
    with django_assert_max_num_queries(47):
        page = client.get(reverse("reports:dashboard"), {"period": "2026Q2"})

    assert page.status_code == 200
