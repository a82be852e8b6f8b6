"""The case lists read only what their page needs, so they cost the same at a million cases:
tabs and queues from their own indexes, the admin list counted only as far as its pages,
searched exactly by number, phone and name."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import selectors, services
from cases.admin.paging import EXACT_UP_TO, CappedCountPaginator
from cases.models import Case
from tests.cases.conftest import later
from tests.cases.pages.bulk import bulk_cases, bulk_transferred

LIST = "admin:cases_case_changelist"


@pytest.fixture
def as_user(client):
    def login(staff):
        staff.user.is_staff = True
        staff.user.save()
        client.force_login(staff.user)
        return client

    return login


@pytest.fixture
def mixed(org, register):
    """Cases at the desk, waiting to be signed for, in handling, and another department's."""
    at_desk = register()
    waiting = register(person={"name": "市民乙", "phone": "13800000002"})
    services.case_transfer(case=waiting, by=org.clerk.user, at=later(10))
    handling = register(person={"name": "市民丙", "phone": "13800000003"})
    services.case_transfer(case=handling, by=org.clerk.user, at=later(10))
    handling.refresh_from_db()
    services.case_accept(case=handling, by=org.handler.user, at=later(20))
    elsewhere = register(by=org.civil_handler, person={"name": "市民丁", "phone": "13800000004"})
    return at_desk, waiting, handling, elsewhere


@pytest.mark.parametrize(
    "who", ["clerk", "handler", "social_head", "civil_handler", "supervisor", "auditor"]
)
def test_every_tab_holds_exactly_the_visible_cases_of_its_condition(org, mixed, who):
    staff = getattr(org, who)
    tabs = selectors.my_tabs(staff)

    for name, condition in tabs.items():
        expected = set(selectors.visible_cases(staff.user).filter(condition))
        assert set(selectors.tab_cases(staff.user, tabs, name)) == expected, name
    counts = selectors.tab_counts(staff.user, tabs)
    assert counts == {name: len(selectors.tab_cases(staff.user, tabs, name)) for name in tabs}


def test_the_queue_holds_exactly_the_visible_open_cases_of_the_departments(org, mixed):
    head = org.social_head
    departments = selectors.queue_departments(head, head.user)

    queue = set(selectors.department_queue(head.user, departments))

    assert queue == set(
        selectors.visible_cases(head.user).filter(
            current_department__in=departments, state__in=("registered", "transferred")
        )
    )
    assert queue


def test_a_case_number_is_found_in_any_letter_case(org, mixed, as_user):
    case = mixed[1]
    client = as_user(org.supervisor)

    for term in (case.number, case.number.lower(), f"  {case.number} "):
        result = client.get(reverse(LIST), {"q": term}).context["cl"].result_list
        assert list(result) == [case], term


def test_words_of_the_matter_find_the_case_and_a_part_of_a_phone_does_not(org, register, as_user):
    case = register(
        matter_text="反映小区路灯损坏无人维修", person={"name": "王五", "phone": "13912345678"}
    )
    client = as_user(org.supervisor)

    def found(term):
        return list(client.get(reverse(LIST), {"q": term}).context["cl"].result_list)

    assert found("路灯损坏") == [case]
    assert found("13912345678") == [case]
    assert found("1234567") == []  # a phone is looked up whole, through its index


def test_the_search_keeps_the_filters_chosen(org, mixed, as_user):
    at_desk, *_ = mixed
    client = as_user(org.supervisor)

    result = client.get(reverse(LIST), {"q": "13800000002", "state__exact": "registered"})

    assert list(result.context["cl"].result_list) == []  # found, but transferred
    result = client.get(reverse(LIST), {"q": "13800000001", "state__exact": "registered"})
    assert list(result.context["cl"].result_list) == [at_desk]


def test_the_list_filters_by_a_fixed_period_and_has_no_date_drill_down(org, register, as_user):
    now = timezone.now()
    recent = register(at=now - dt.timedelta(hours=1))
    register(at=now - dt.timedelta(days=40), person={"name": "市民戊", "phone": "13800000005"})
    client = as_user(org.supervisor)
    changelist = client.get(reverse(LIST)).context["cl"]
    period = next(
        s for s in changelist.filter_specs if getattr(s, "field_path", "") == "registered_at"
    )
    past_week = list(period.choices(changelist))[2]  # any date, today, past 7 days, …

    response = client.get(reverse(LIST) + past_week["query_string"])

    assert list(response.context["cl"].result_list) == [recent]
    assert changelist.date_hierarchy is None


def test_the_matter_is_one_line_with_the_whole_text_on_hover(org, register, as_user):
    register(matter_text="第一行：申请低保\n第二行：家庭收入情况说明")

    page = as_user(org.supervisor).get(reverse(LIST)).content.decode()

    assert 'title="第一行：申请低保\n第二行：家庭收入情况说明"' in page
    assert ">第一行：申请低保</span>" in page
    assert "cases/admin_cases.css" in page


def test_a_short_list_is_counted_exactly(org):
    bulk_cases(org, 30)

    paginator = CappedCountPaginator(Case.objects.order_by("-registered_at"), 10).for_page("2")

    assert (paginator.count, paginator.is_capped, paginator.num_pages) == (30, False, 3)
    page = paginator.page(3)
    assert [case.sequence for case in page] == list(range(21, 31))


def test_a_long_list_is_counted_only_past_the_page_asked_for(org):
    bulk_cases(org, 400)
    cases = Case.objects.order_by("-registered_at", "-pk")

    paginator = CappedCountPaginator(cases, 10).for_page("5")
    paginator_cap = paginator.cap

    assert paginator_cap == EXACT_UP_TO  # never less than the exact range
    small = CappedCountPaginator(cases, 10)
    small.cap = 150  # as for a list past EXACT_UP_TO rows
    assert (small.count, small.is_capped, small.num_pages) == (150, True, 15)
    assert [case.sequence for case in small.page(15)] == list(range(141, 151))


def test_the_admin_says_more_than_when_the_list_is_longer_than_counted(org, monkeypatch, as_user):
    bulk_cases(org, 120)
    monkeypatch.setattr("cases.admin.paging.EXACT_UP_TO", 50)
    monkeypatch.setattr("cases.admin.paging.PAGES_AHEAD", 0)

    page = as_user(org.supervisor).get(reverse(LIST), {"p": "1"})

    assert page.context["cl"].paginator.is_capped
    assert "more than 100" in page.content.decode() or "超过 100" in page.content.decode()


def test_a_search_is_counted_only_as_far_as_its_pages_and_says_more_than(org, monkeypatch, as_user):
    bulk_cases(org, 120)  # every matter "第n件咨询"
    monkeypatch.setattr("cases.admin.paging.SEARCH_EXACT_UP_TO", 30)
    monkeypatch.setattr("cases.admin.paging.PAGES_AHEAD", 0)
    client = as_user(org.supervisor)

    searched = client.get(reverse(LIST), {"q": "件咨询"})
    listed = client.get(reverse(LIST))

    paginator = searched.context["cl"].paginator
    assert (paginator.count, paginator.is_capped) == (100, True)  # the first page's 100
    assert len(searched.context["cl"].result_list) == 100
    assert "more than 100" in searched.content.decode() or "超过 100" in searched.content.decode()
    assert listed.context["cl"].paginator.count == 120  # without words: exact to 10,000


def test_a_searchs_count_walks_the_lists_order_and_stops_at_the_cap(org):
    bulk_cases(org, 60)
    ordered = Case.objects.order_by("-registered_at", "-pk")

    paginator = CappedCountPaginator(ordered, 10).for_page("1", searched=True)
    paginator.cap = 25
    with CaptureQueriesContext(connection) as queries:
        assert (paginator.count, paginator.is_capped) == (25, True)

    (count,) = queries.captured_queries
    assert "ORDER BY" in count["sql"] and "LIMIT 26" in count["sql"]


@pytest.mark.postgres
def test_a_deep_page_is_read_by_id_in_the_lists_order(org):
    cases = bulk_cases(org, 300)
    bulk_transferred(org, cases[:50], to_department=org.social)
    ordered = Case.objects.order_by("-registered_at", "-pk")

    paginator = CappedCountPaginator(ordered, 20).for_page("7")

    assert [case.pk for case in paginator.page(7)] == [case.pk for case in ordered[120:140]]


FILTER_INDEXES = {
    "case_confidential_newest": lambda org: {"is_confidential": True},
    "case_current_dept_newest": lambda org: {"current_department": org.social},
    "case_first_dept_newest": lambda org: {"first_department": org.social},
}


@pytest.mark.postgres
@pytest.mark.parametrize("index", FILTER_INDEXES)
def test_the_admin_lists_filters_read_their_own_index_newest_first(org, index):
    page = Case.objects.filter(
        organisation=org.organisation, **FILTER_INDEXES[index](org)
    ).order_by("-registered_at", "-pk")[:100]

    with transaction.atomic(), connection.cursor() as cursor:
        # A test's few rows: no seq scan, and no sort of another index's rows (whichever
        # index the statistics left by earlier tests favour).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = page.explain()

    assert index in plan


@pytest.mark.parametrize("count", [50, 1_100])  # every tenth confidential: 5 or 110 kept
def test_a_filtered_list_shows_its_cases_newest_first_on_one_page_or_more(org, as_user, count):
    """Read by id after the ids of the page (PostgreSQL), a list and each of its pages
    hold exactly the cases the filter keeps, newest first, with the person masked as the
    list masks it."""
    bulk_cases(org, count)
    kept = Case.objects.filter(is_confidential=True).order_by("-registered_at", "-pk")

    page = as_user(org.clerk).get(reverse(LIST), {"is_confidential__exact": "1"})

    listed = page.context["cl"].result_list
    assert [case.pk for case in listed] == [case.pk for case in kept[:100]]
    assert not any(case.identity_visible for case in listed)
