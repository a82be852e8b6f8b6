"""Possible duplicates (并单) are offered from one selector; confidential reports stay out of
them for anyone who may not see who made them."""

from django.urls import reverse

from cases import selectors
from cases.choices import Kind

PHONE = "13800000001"


def test_duplicates_offered_are_open_cases_of_the_same_person_and_matter(org, register):
    earlier = register()
    register(person={"name": "别人", "phone": "13900000000"})

    offered = selectors.possible_duplicates(org.clerk.user, phone=PHONE, matter=org.matter)

    assert list(offered) == [earlier]


def test_a_confidential_report_is_never_offered_to_a_clerk(org, register):
    register(kind=Kind.REPORT, person={"name": "举报人", "phone": PHONE})
    visible = register()

    offered = selectors.possible_duplicates(org.clerk.user, phone=PHONE, matter=org.matter)

    assert list(offered) == [visible]


def test_supervisors_and_auditors_are_offered_confidential_reports(org, register):
    report = register(kind=Kind.REPORT, person={"name": "举报人", "phone": PHONE})

    for person in (org.supervisor, org.auditor):
        offered = selectors.possible_duplicates(person.user, phone=PHONE, matter=org.matter)
        assert list(offered) == [report]


def test_duplicates_never_cross_organisations(org, register, other_administrator):
    register()

    offered = selectors.possible_duplicates(other_administrator.user, phone=PHONE)

    assert list(offered) == []


def test_the_case_page_does_not_link_a_visible_case_to_a_confidential_report(client, org, register):
    report = register(kind=Kind.REPORT, person={"name": "举报人", "phone": PHONE})
    visible = register()
    client.force_login(org.clerk.user)

    response = client.get(reverse("cases:case", args=[visible.pk]))

    assert response.status_code == 200
    assert response.context["duplicates"] == []
    assert report.number not in response.content.decode()
    assert reverse("cases:case", args=[report.pk]) not in response.content.decode()
