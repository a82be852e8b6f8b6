import pytest

from cases import services
from cases.choices import EventAction, Kind, State
from cases.errors import ActionNotAllowed, InvalidInput
from cases.models import Case
from tests.cases.conftest import T0
from tests.factories import StaffFactory


def test_registration_numbers_cases_per_organisation_and_year(org, register):
    first, second = register(), register()

    assert first.number == "CD-2026-000001"
    assert second.number == "CD-2026-000002"
    assert first.state == State.REGISTERED


def test_numbering_restarts_each_year(org, register):

    register()
    next_year = register(at=T0.replace(year=2027, month=1, day=4))

    assert next_year.number == "CD-2027-000001"


def test_each_case_gets_a_readable_random_query_code(org, register):
    codes = {register().query_code for _ in range(5)}

    assert len(codes) == 5
    assert all(len(code) == 8 and not set(code) & set("01IO") for code in codes)


def test_registrar_is_first_responsible_by_default(org, register):
    case = register()

    assert case.first_staff == org.clerk
    assert case.first_department == org.reception
    assert case.current_department == org.reception


def test_the_higher_rank_asked_together_becomes_first_responsible(org, register):
    case = register(asked_with=[org.clerk_chief])

    assert case.first_staff == org.clerk_chief
    assert list(case.asked_with.all()) == [org.clerk]


def test_registering_on_behalf_of_the_reception_staff(org, register):
    case = register(by=org.supervisor, first_staff=org.clerk)

    assert case.first_staff == org.clerk
    assert case.registered_by == org.supervisor


def test_an_anonymous_case_keeps_no_personal_data(org, register):
    case = register(is_anonymous=True, person={"name": "不该保存", "phone": "1"})

    assert case.person_name == "" and case.person_phone == ""


def test_a_report_is_always_confidential(org, register):
    case = register(kind=Kind.REPORT, is_confidential=False)

    assert case.is_confidential


def test_registration_writes_the_first_timeline_line(org, register):
    case = register()

    event = case.events.get()
    assert event.action == EventAction.REGISTER
    assert event.actor == org.clerk
    assert event.to_state == State.REGISTERED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"matter_text": "   "}, "matter_text"),
        ({"channel": "pigeon"}, "channel"),
        ({"kind": "gossip"}, "kind"),
    ],
)
def test_bad_registration_input_is_refused_and_saves_nothing(org, register, overrides, field):
    with pytest.raises(InvalidInput) as error:
        register(**overrides)

    assert error.value.field == field
    assert not Case.objects.exists()


def test_a_matter_of_another_organisation_is_refused(org, register, other_organisation):
    from tests.factories import MatterFactory

    foreign = MatterFactory(organisation=other_organisation)

    with pytest.raises(InvalidInput):
        register(matter=foreign)


def test_a_login_without_staff_record_cannot_register(org, register, django_user_model):
    outsider = django_user_model.objects.create_user("outsider")

    with pytest.raises(ActionNotAllowed):
        services.case_register(by=outsider, channel="visit", kind="consultation", matter_text="x")


def test_staff_of_another_organisation_cannot_be_asked_together(org, register, other_organisation):
    stranger = StaffFactory(organisation=other_organisation)

    with pytest.raises(InvalidInput):
        register(asked_with=[stranger])
