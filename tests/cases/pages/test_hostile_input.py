"""A NUL byte anywhere in a query or a form is bad input, never a server error.

PostgreSQL refuses NUL in text; the test runs on SQLite too, and the ``postgres`` copy
is the one that used to answer 500.
"""

import pytest
from django.urls import reverse

from cases.models import Case
from departments.models import Department
from tests.cases.pages.test_intake_page import form_data
from tests.factories import StaffFactory

NUL = "\x00"


def search_urls(org):
    return [
        (None, reverse("public:directory", args=[org.organisation.code])),
        (None, reverse("public:lookup", args=[org.organisation.code])),
        (org.clerk, reverse("cases:my_cases")),
        (org.social_head, reverse("cases:queue")),
        (org.clerk, reverse("cases:matter_search")),
    ]


def _searches_survive_a_nul_byte(client, org):
    for person, url in search_urls(org):
        if person is not None:
            client.force_login(person.user)
        for params in ({"q": NUL}, {"q": f"低保{NUL}"}, {"number": NUL, "code": NUL}):
            response = client.get(url, params)
            assert response.status_code in (200, 400), (url, params, response.status_code)
        client.logout()


def _forms_survive_a_nul_byte(client, org):
    client.force_login(org.clerk.user)
    response = client.post(reverse("cases:intake"), form_data(org, matter_text=f"低保{NUL}材料"))
    assert response.status_code in (200, 302, 400)
    assert all(NUL not in text for text in Case.objects.values_list("matter_text", flat=True))

    client.logout()
    response = client.post(
        reverse("public:complaint", args=[org.organisation.code]),
        {"staff": f"{org.clerk.badge_number}{NUL}", "text": f"态度恶劣{NUL}", "phone": NUL},
    )
    assert response.status_code in (200, 302, 400)

    administrator = StaffFactory(
        organisation=org.organisation, department=org.office, roles=["administrator"]
    )
    client.force_login(administrator.user)
    response = client.post(
        reverse("admin:departments_department_add"), {"name": f"档案{NUL}科", "code": NUL}
    )
    assert response.status_code in (200, 302, 400)
    assert all(NUL not in name for name in Department.objects.values_list("name", flat=True))
    response = client.get(reverse("admin:cases_case_changelist"), {"q": NUL})
    assert response.status_code in (200, 400)


def test_searches_survive_a_nul_byte(client, org):
    _searches_survive_a_nul_byte(client, org)


def test_forms_survive_a_nul_byte(client, org):
    _forms_survive_a_nul_byte(client, org)


@pytest.mark.postgres
def test_searches_survive_a_nul_byte_on_postgresql(client, org):
    _searches_survive_a_nul_byte(client, org)


@pytest.mark.postgres
def test_forms_survive_a_nul_byte_on_postgresql(client, org):
    _forms_survive_a_nul_byte(client, org)


def test_a_nul_byte_in_the_path_finds_nothing(client, org):
    client.force_login(org.supervisor.user)

    response = client.get("/admin/cases/case/1%00/change/")

    assert response.status_code == 404
