import pytest
from django.urls import reverse

from cases import ratelimit
from cases.choices import Channel, EventAction, Kind, State
from cases.models import Case
from cases.services.public import case_register_public_complaint, complaint_receiver
from tests.factories import StaffFactory

TEXT = "11月23日上午在窗口咨询时，工作人员态度恶劣，拒绝解答。"


def url(org, name="complaint"):
    return reverse(f"public:{name}", args=[org.organisation.code])


def post(client, org, **overrides):
    data = {"staff": org.clerk.badge_number, "text": TEXT, "name": "市民乙", "phone": "139"}
    data.update(overrides)
    return client.post(url(org), data)


def test_a_complaint_creates_a_confidential_case_at_the_supervising_office(client, org):
    response = post(client, org)

    case = Case.objects.get()
    assert response.status_code == 302
    assert case.kind == Kind.COMPLAINT
    assert case.channel == Channel.WEB
    assert case.subject_staff == org.clerk
    assert case.current_department == org.office
    assert case.state == State.REGISTERED
    assert case.is_confidential
    assert case.person_name == "市民乙"


def test_the_complainant_gets_the_number_and_query_code(client, org):
    done = client.get(post(client, org)["Location"])

    case = Case.objects.get()
    assert done.status_code == 200
    assert case.number in done.content.decode()
    assert case.query_code in done.content.decode()


def test_the_staff_member_can_be_named_instead_of_the_badge(client, org):
    post(client, org, staff="王芳")

    assert Case.objects.get().subject_staff == org.clerk


def test_two_staff_with_one_name_must_be_told_apart(client, org):
    twin = StaffFactory(organisation=org.organisation, department=org.civil, name="王芳")

    first = post(client, org, staff="王芳")
    assert first.status_code == 400
    assert {m.pk for m in first.context["form"].candidates} == {org.clerk.pk, twin.pk}

    post(client, org, staff="王芳", chosen=twin.pk)
    assert Case.objects.get().subject_staff == twin


@pytest.mark.parametrize(
    "overrides",
    [{"staff": "无此人"}, {"text": "太差"}, {"staff": ""}, {"website": "http://spam"}],
)
def test_bad_input_is_refused_and_saves_nothing(client, org, overrides):
    response = post(client, org, **overrides)

    assert response.status_code == 400
    assert not Case.objects.exists()


def test_the_timeline_says_the_public_submitted_it_in_its_first_line(client, org):
    post(client, org)

    # Written with the line: the database refuses to change a timeline line afterwards.
    (registered,) = Case.objects.get().events.all()
    assert registered.action == EventAction.REGISTER
    assert registered.note.startswith("由群众通过投诉页面提交")


def test_the_complaint_is_never_registered_by_the_person_complained_about(org):
    org.office.head = org.supervisor
    org.office.save()

    case = case_register_public_complaint(
        organisation=org.organisation, subject_staff=org.supervisor, text=TEXT
    )

    assert case.registered_by != org.supervisor
    assert case.is_anonymous


def test_the_office_head_receives_complaints_when_there_is_one(org):
    org.office.head = org.auditor
    org.office.save()

    assert complaint_receiver(org.organisation, org.clerk) == org.auditor


def test_without_a_supervising_office_the_complaint_is_refused_politely(client, org):
    org.office.is_supervising_office = False
    org.office.save()

    response = post(client, org)

    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not Case.objects.exists()


def test_repeated_complaints_are_throttled(client, org):
    for _ in range(ratelimit.COMPLAINTS.limit):
        post(client, org, text="太短")

    response = post(client, org)

    assert response.status_code == 429
    assert not Case.objects.exists()


def test_the_done_page_without_a_complaint_goes_back_to_the_form(client, org):
    assert client.get(url(org, "complaint_done"))["Location"] == url(org)
