"""The lists cost a fixed number of queries, however many cases there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cases.pages.bulk import bulk_cases, bulk_transferred

# Session, user, staff, roles, headed departments, tab counts, page count, page rows and
# the nav's queue check: a handful, never one per row.
MAX_QUERIES = 12


@pytest.fixture
def thousand_cases(org):
    cases = bulk_cases(org, 1000)
    bulk_transferred(org, cases[:400], to_department=org.social)
    bulk_transferred(org, cases[400:700], to_department=org.social, accepted_by=org.handler)
    return cases


@pytest.mark.parametrize(
    ("who", "url", "params"),
    [
        ("clerk", "cases:my_cases", {}),
        ("clerk", "cases:my_cases", {"state": "registered", "q": "咨询"}),
        ("handler", "cases:my_cases", {"tab": "assigned"}),
        ("handler", "cases:my_cases", {"tab": "incoming", "page": "3"}),
        ("social_head", "cases:queue", {}),
        ("social_head", "cases:queue", {"view": "in_handling"}),
        ("supervisor", "cases:my_cases", {"tab": "incoming"}),
    ],
)
def test_a_list_of_a_thousand_cases_costs_a_fixed_number_of_queries(
    login, org, thousand_cases, django_assert_max_num_queries, who, url, params
):
    client = login(getattr(org, who))

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse(url), params)

    assert response.status_code == 200
    assert len(response.context["page"]) > 0 or who == "supervisor"


def test_the_query_count_does_not_grow_with_the_page(login, org, thousand_cases):
    client = login(org.handler)

    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("cases:my_cases"), params)
        return len(captured)

    assert queries({"tab": "incoming", "page": "1"}) == queries({"tab": "assigned", "page": "2"})
