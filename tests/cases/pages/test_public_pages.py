import datetime as dt

import time_machine
from django.urls import reverse

from departments.models.roster import DutyRole, Shift
from tests.cases.conftest import T0
from tests.factories import DepartmentFactory, DutyRosterFactory, MatterFactory


def url(name, org):
    return reverse(f"public:{name}", args=[org.organisation.code])


def test_the_directory_lists_public_matters_of_active_departments(client, org):
    MatterFactory(
        organisation=org.organisation, department=org.social, name="内部事项", is_public=False
    )
    closed = DepartmentFactory(organisation=org.organisation, name="已撤销科", is_active=False)
    MatterFactory(organisation=org.organisation, department=closed, name="撤销科事项")

    response = client.get(url("directory", org))
    text = response.content.decode()

    assert response.status_code == 200
    assert "最低生活保障申请" in text
    assert "内部事项" not in text
    assert "撤销科事项" not in text
    assert "身份证原件" in text


def test_the_directory_search_narrows_to_matching_matters(client, org):
    MatterFactory(
        organisation=org.organisation, department=org.civil, name="婚姻登记", keywords="结婚"
    )

    response = client.get(url("directory", org), {"q": "结婚"})

    assert [d.name for d in response.context["departments"]] == ["民政科"]
    assert [m.name for m in response.context["departments"][0].public_matters] == ["婚姻登记"]


def test_the_on_duty_board_shows_who_is_on_duty_now_without_phones(client, org):
    org.clerk.phone = "0123-555 0002"
    org.clerk.save()
    DutyRosterFactory(staff=org.clerk, date=T0.date(), shift=Shift.DAY, role=DutyRole.RECEPTION)
    DutyRosterFactory(staff=org.civil_handler, date=T0.date(), shift=Shift.NIGHT)

    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        response = client.get(url("on_duty", org))
    text = response.content.decode()

    assert [e.staff for e in response.context["entries"]] == [org.clerk]
    assert org.clerk.badge_number in text
    assert "0123-555" not in text


def test_the_on_duty_board_says_so_when_nobody_is_on_duty(client, org):
    response = client.get(url("on_duty", org))

    assert 'id="nobody-on-duty"' in response.content.decode()


def test_the_public_home_links_the_four_pages(client, org):
    text = client.get(url("home", org)).content.decode()

    for name in ("lookup", "directory", "on_duty", "complaint"):
        assert url(name, org) in text


def test_the_root_sends_staff_to_their_cases_and_visitors_to_the_public_pages(client, org):
    assert client.get("/")["Location"] == url("home", org)
    client.force_login(org.clerk.user)
    assert client.get("/")["Location"] == reverse("cases:my_cases")


def test_the_public_pages_need_no_login_and_show_no_staff_menu(client, org):
    for name in ("home", "lookup", "directory", "on_duty", "complaint"):
        response = client.get(url(name, org))
        assert response.status_code == 200
        assert reverse("cases:intake") not in response.content.decode()
