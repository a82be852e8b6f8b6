"""The intake form offers possible duplicates while the phone and matter are typed (same phone,
or same matter and address, in the last N days); the clerk links the new case as related or
registers it as a repeat of an open case. Confidential cases are never listed."""

import time_machine
from django.urls import reverse

from cases.choices import Kind, State
from cases.models import Case
from cases.views.intake import DUPLICATE_DAYS
from tests.cases.conftest import T0, later
from tests.cases.pages.test_intake_page import URL, form_data

DUPLICATES = reverse("cases:intake_duplicates")
PHONE = "13800000001"


def numbers(response):
    return [row["number"] for row in response.json()["results"]]


def test_a_case_with_the_same_phone_is_offered(login, org, register):
    earlier = register(matter=None, matter_text="问路")
    register(person={"name": "别人", "phone": "13900000000"})

    with time_machine.travel(later(60), tick=False):
        response = login(org.clerk).get(DUPLICATES, {"phone": PHONE})

    assert numbers(response) == [earlier.number]
    row = response.json()["results"][0]
    assert row["url"] == reverse("cases:case", args=[earlier.pk])
    assert row["is_open"] is True
    assert "市民甲" not in response.content.decode()


def test_a_case_about_the_same_matter_at_the_same_address_is_offered(login, org, register):
    neighbour = register(person={"name": "邻居", "phone": "13900000000", "address": "和平路1号"})
    register(person={"name": "别处", "phone": "13700000000", "address": "胜利路2号"})

    with time_machine.travel(later(60), tick=False):
        response = login(org.clerk).get(
            DUPLICATES, {"phone": "13600000000", "matter": org.matter.pk, "address": "和平路1号"}
        )

    assert numbers(response) == [neighbour.number]


def test_cases_older_than_the_window_are_not_offered(login, org, register):
    register()

    with time_machine.travel(T0 + __import__("datetime").timedelta(days=DUPLICATE_DAYS + 1)):
        response = login(org.clerk).get(DUPLICATES, {"phone": PHONE})

    assert numbers(response) == []


def test_confidential_cases_are_never_offered_not_even_to_a_supervisor(login, org, register):
    register(kind=Kind.REPORT, person={"name": "举报人", "phone": PHONE})

    with time_machine.travel(later(60), tick=False):
        for person in (org.clerk, org.supervisor):
            assert numbers(login(person).get(DUPLICATES, {"phone": PHONE})) == []


def test_nothing_to_match_offers_nothing(login, org, register):
    register()

    response = login(org.clerk).get(DUPLICATES, {"phone": " "})

    assert response.json() == {"results": []}


def test_linking_as_related_writes_related_cases_and_shows_them(login, org, register):
    earlier = register()
    client = login(org.clerk)

    response = client.post(URL, form_data(org, related=[earlier.pk]))

    assert response.status_code == 302
    new = Case.objects.exclude(pk=earlier.pk).get()
    assert list(new.related_cases.all()) == [earlier]
    assert list(earlier.related_cases.all()) == [new]
    page = client.get(reverse("cases:case", args=[new.pk]))
    assert f'href="{reverse("cases:case", args=[earlier.pk])}"' in page.content.decode()


def test_registering_as_a_repeat_merges_into_the_open_case(login, org, register):
    earlier = register()

    response = login(org.clerk).post(
        URL, form_data(org, repeat_of=earlier.pk, route="transfer", outcome=None, result=None)
    )

    assert response.status_code == 302
    new = Case.objects.exclude(pk=earlier.pk).get()
    assert new.merged_into == earlier
    assert earlier in new.related_cases.all()


def test_a_closed_case_cannot_be_repeated(login, org, register, resolved):
    from cases import services

    services.case_call_back(
        case=resolved, by=org.clerk.user, contact_result="reached", satisfaction="satisfied"
    )

    response = login(org.clerk).post(URL, form_data(org, repeat_of=resolved.pk))

    assert response.status_code == 400
    assert Case.objects.count() == 1
    assert Case.objects.get().state == State.CALLED_BACK
