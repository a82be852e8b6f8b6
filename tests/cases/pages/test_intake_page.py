import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cases.choices import Kind, Outcome, State
from cases.models import Case
from departments.models.roster import DutyRole, Shift
from tests.cases.conftest import T0
from tests.factories import DutyRosterFactory, MatterFactory, OrganisationFactory, StaffFactory

URL = reverse("cases:intake")


def form_data(org, **overrides):
    data = {
        "channel": "visit",
        "kind": "consultation",
        "urgency": "normal",
        "person_name": "市民甲",
        "person_phone": "13800000001",
        "matter_text": "咨询低保申请需要什么材料",
        "matter": org.matter.pk,
        "first_staff": org.clerk.pk,
        "route": "handle_now",
        "outcome": "answered",
        "result": "已当场解答",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, org):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_login_without_a_staff_record_is_refused(client, org, django_user_model):
    operator = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(operator)

    assert client.get(URL).status_code == 403


def test_the_form_proposes_the_user_as_first_inquiry_person(login, org):
    response = login(org.clerk).get(URL)

    assert response.status_code == 200
    assert response.context["form"]["first_staff"].initial == org.clerk.pk


def test_on_behalf_of_the_window_the_reception_staff_on_duty_is_proposed(login, org):
    DutyRosterFactory(
        staff=org.clerk_chief, date=T0.date(), shift=Shift.DAY, role=DutyRole.RECEPTION
    )
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        response = login(org.handler).get(URL, {"on_behalf": "reception"})

    assert response.context["form"]["first_staff"].initial == org.clerk_chief.pk
    assert org.clerk_chief in response.context["on_duty"]


def test_handling_now_registers_the_case_resolved_and_shows_the_receipt(login, org):
    response = login(org.clerk).post(URL, form_data(org))

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:receipt", args=[case.pk])
    assert case.state == State.RESOLVED
    assert case.outcome == Outcome.ANSWERED
    assert case.registered_by == org.clerk


def test_a_one_time_notification_keeps_the_materials_as_edited(login, org):
    login(org.clerk).post(
        URL,
        form_data(org, route="one_time_notice", notification_text="身份证原件\n户口簿", result=""),
    )

    case = Case.objects.get()
    assert case.outcome == Outcome.ONE_TIME_NOTIFIED
    assert case.notification_text == "身份证原件\n户口簿"


def test_a_transfer_goes_to_the_matters_department_when_none_is_chosen(login, org):
    login(org.clerk).post(URL, form_data(org, route="transfer", outcome=None, result=None))

    case = Case.objects.get()
    assert case.state == State.TRANSFERRED
    assert case.current_department == org.social


def test_referring_out_records_the_agency(login, org):
    login(org.clerk).post(
        URL,
        form_data(org, route="refer_out", referred_to=org.agency.pk, result="请到不动产中心办理"),
    )

    case = Case.objects.get()
    assert case.outcome == Outcome.REFERRED_OUT
    assert case.referred_to == org.agency


def test_asked_together_the_higher_rank_is_responsible(login, org):
    login(org.clerk).post(URL, form_data(org, asked_with=f"  {org.clerk_chief.badge_number} "))

    case = Case.objects.get()
    assert case.first_staff == org.clerk_chief
    assert list(case.asked_with.all()) == [org.clerk]


def test_a_report_is_always_confidential(login, org):
    login(org.clerk).post(URL, form_data(org, kind=Kind.REPORT))

    assert Case.objects.get().is_confidential


def test_an_anonymous_case_keeps_no_person_data(login, org):
    login(org.clerk).post(URL, form_data(org, is_anonymous="on"))

    case = Case.objects.get()
    assert case.is_anonymous
    assert case.person_name == case.person_phone == ""


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"matter_text": "  "}, "matter_text"),
        ({"result": ""}, "result"),
        ({"route": "one_time_notice", "notification_text": ""}, "notification_text"),
        ({"route": "refer_out", "referred_to": None}, "referred_to"),
        ({"route": "nowhere"}, "route"),
        ({"channel": "pigeon"}, "channel"),
        ({"asked_with": "NO-SUCH-BADGE"}, "asked_with"),
        ({"person_email": "not-an-address"}, "person_email"),
        ({"matter": "999999"}, "matter"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_saved(login, org, overrides, field):
    response = login(org.clerk).post(URL, form_data(org, **overrides))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'id="id_{field}-error"' in response.content.decode() or field == "route"
    assert not Case.objects.exists()


def test_a_matter_of_another_organisation_cannot_be_chosen(login, org):
    foreign = MatterFactory(organisation=OrganisationFactory(code="ZZ"))

    response = login(org.clerk).post(URL, form_data(org, matter=foreign.pk))

    assert "matter" in response.context["form"].errors
    assert not Case.objects.exists()


def test_a_suggested_handler_must_work_in_the_receiving_department(login, org):
    response = login(org.clerk).post(
        URL,
        form_data(org, route="transfer", to_department=org.social.pk, handler=org.civil_handler.pk),
    )

    assert "handler" in response.context["form"].errors
    assert not Case.objects.exists()


def test_a_refusal_of_the_service_is_shown_on_the_form(login, org):
    # The clerk's own department cannot be the destination of a transfer.
    response = login(org.clerk).post(
        URL, form_data(org, route="transfer", to_department=org.reception.pk)
    )

    assert response.status_code == 400
    assert "to_department" in response.context["form"].errors
    assert not Case.objects.exists()


def test_the_matter_search_finds_by_keyword_and_department(login, org):
    MatterFactory(
        organisation=org.organisation, department=org.civil, name="婚姻登记", keywords="结婚 离婚"
    )
    MatterFactory(organisation=OrganisationFactory(code="ZZ"), name="婚姻登记咨询")
    client = login(org.clerk)

    by_keyword = client.get(reverse("cases:matter_search"), {"q": "结婚"}).json()["results"]
    by_department = client.get(reverse("cases:matter_search"), {"q": "民政"}).json()["results"]

    assert [m["name"] for m in by_keyword] == ["婚姻登记"]
    assert by_keyword[0]["department"] == {"id": org.civil.pk, "name": "民政科"}
    assert by_keyword[0]["materials"] == ["身份证原件", "申请表"]
    assert [m["name"] for m in by_department] == ["婚姻登记"]


def test_the_matter_search_needs_a_login(client, org):
    response = client.get(reverse("cases:matter_search"), {"q": "低保"})

    assert response.status_code == 302


# --- staff are found by search, not listed -------------------------------------------


def test_the_form_lists_no_staff_and_shows_the_proposed_person_by_name(login, org):
    StaffFactory.create_batch(30, organisation=org.organisation, department=org.social)

    page = login(org.clerk).get(URL).content.decode()

    assert 'name="first_staff"' in page and 'name="handler"' in page
    assert '<select name="first_staff"' not in page and '<select name="handler"' not in page
    assert page.count("<option") < 100  # channels, kinds, matters, departments: no people
    assert f'type="hidden" name="first_staff" value="{org.clerk.pk}"' in page
    assert 'value="王芳（B' in page  # the search box shows who is proposed


def test_on_behalf_of_the_window_the_on_duty_person_is_filled_in_by_name(login, org):
    DutyRosterFactory(
        staff=org.clerk_chief, date=T0.date(), shift=Shift.DAY, role=DutyRole.RECEPTION
    )
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        page = login(org.handler).get(URL, {"on_behalf": "reception"}).content.decode()

    assert f'name="first_staff" value="{org.clerk_chief.pk}"' in page
    assert f"陈主任（{org.clerk_chief.badge_number}）· 首问接待处" in page


def test_the_staff_search_finds_active_colleagues_by_name_badge_or_department(login, org):
    StaffFactory(organisation=OrganisationFactory(code="ZZ"), name="李娜")
    StaffFactory(
        organisation=org.organisation, department=org.social, name="李娜娜", is_active=False
    )
    client = login(org.clerk)

    def search(**params):
        return client.get(reverse("cases:staff_search"), params).json()["results"]

    assert [person["id"] for person in search(q="李娜")] == [org.handler.pk]
    assert search(q=org.handler.badge_number)[0]["text"].startswith("李娜（")
    in_social = {person["id"] for person in search(q="社会事务")}
    assert in_social == {org.handler.pk, org.social_clerk.pk, org.social_head.pk}
    assert {p["id"] for p in search(q="", department=org.civil.pk)} == {org.civil_handler.pk}


def test_a_staff_member_of_another_organisation_cannot_be_posted(login, org):
    stranger = StaffFactory(organisation=OrganisationFactory(code="ZZ"))

    response = login(org.clerk).post(URL, form_data(org, first_staff=stranger.pk))

    assert response.status_code == 400
    assert "first_staff" in response.context["form"].errors
    assert not Case.objects.exists()


def test_the_staff_search_proposes_the_departments_person_on_duty(login, org):
    DutyRosterFactory(
        staff=org.social_clerk, date=T0.date(), shift=Shift.DAY, role=DutyRole.DEPARTMENT
    )
    DutyRosterFactory(staff=org.clerk, date=T0.date(), shift=Shift.DAY, role=DutyRole.RECEPTION)
    client = login(org.clerk)

    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        found = client.get(
            reverse("cases:staff_search"), {"department": org.social.pk, "on_duty": "1"}
        ).json()["results"]

    assert [person["id"] for person in found] == [org.social_clerk.pk]
