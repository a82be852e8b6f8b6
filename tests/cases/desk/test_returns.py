"""A return (退回) names the duty-list item that makes the case someone else's, or says that
none does, and may propose the right department; the desk re-transfers it in one click."""

import pytest
from django.urls import reverse

from cases import services
from cases.choices import EventAction, State
from cases.errors import InvalidInput
from tests.cases.conftest import later
from tests.factories import MatterFactory


def reload(case):
    case.refresh_from_db()
    return case


@pytest.fixture
def civil_matter(org):
    return MatterFactory(organisation=org.organisation, department=org.civil, name="婚姻登记")


def test_a_return_names_the_duty_item_and_proposes_its_department(org, transferred, civil_matter):
    transfer = services.case_return(
        case=transferred,
        by=org.handler.user,
        reason="婚姻登记属民政科",
        duty_item=civil_matter,
        at=later(30),
    )

    assert transfer.return_duty_item == civil_matter
    assert transfer.proposed_department == org.civil
    event = reload(transferred).events.get(action=EventAction.RETURN)
    assert "婚姻登记" in event.note
    assert "民政科" in event.note


def test_a_return_may_state_that_no_duty_item_covers_it(org, transferred):
    transfer = services.case_return(
        case=transferred,
        by=org.handler.user,
        reason="本单位无此职责",
        duty_item=None,
        proposed_department=org.civil_b,
        at=later(30),
    )

    assert transfer.return_duty_item is None
    assert transfer.proposed_department == org.civil_b
    event = reload(transferred).events.get(action=EventAction.RETURN)
    assert "职责清单" in event.note or "duty list" in event.note


def test_a_return_must_name_the_duty_item_or_say_none_does(org, transferred):
    with pytest.raises(TypeError):
        services.case_return(case=transferred, by=org.handler.user, reason="不归我们")


def test_an_item_of_the_returning_departments_own_duty_list_is_refused(org, transferred):
    with pytest.raises(InvalidInput) as error:
        services.case_return(
            case=transferred, by=org.handler.user, reason="不归我们", duty_item=org.matter
        )

    assert error.value.field == "duty_item"
    assert reload(transferred).state == State.TRANSFERRED


def test_proposing_the_returning_department_itself_is_refused(org, transferred):
    with pytest.raises(InvalidInput) as error:
        services.case_return(
            case=transferred,
            by=org.handler.user,
            reason="不归我们",
            duty_item=None,
            proposed_department=org.social,
        )

    assert error.value.field == "proposed_department"


def test_the_return_form_requires_a_duty_item_choice(login, org, transferred):
    url = reverse("cases:case_action", args=[transferred.pk, "return_transfer"])
    response = login(org.handler).post(
        url,
        {"return_transfer-version": transferred.version, "return_transfer-reason": "不归我们"},
    )

    assert response.status_code == 400
    form = dict(response.context["action_forms"])["return_transfer"]
    assert "duty_item" in form.errors
    assert reload(transferred).state == State.TRANSFERRED


def test_the_return_form_proposes_the_duty_items_department(login, org, transferred, civil_matter):
    url = reverse("cases:case_action", args=[transferred.pk, "return_transfer"])
    login(org.handler).post(
        url,
        {
            "return_transfer-version": transferred.version,
            "return_transfer-reason": "婚姻登记属民政科",
            "return_transfer-duty_item": str(civil_matter.pk),
        },
    )

    case = reload(transferred)
    assert case.state == State.REGISTERED
    assert case.current_transfer.proposed_department == org.civil


def test_the_returned_case_is_marked_at_the_top_of_the_desk_list(
    login, org, register, transferred, civil_matter
):
    services.case_return(
        case=transferred, by=org.handler.user, reason="属民政科", duty_item=civil_matter
    )
    newer = register(at=later(90))

    response = login(org.clerk).get(reverse("cases:my_cases"))

    rows = list(response.context["page"])
    assert [c.pk for c in rows][:2] == [transferred.pk, newer.pk]
    assert rows[0].is_returned
    html = response.content.decode()
    assert 'class="tag returned"' in html
    assert f'data-retransfer="{transferred.pk}"' in html


def test_one_click_re_transfers_to_the_proposed_department(login, org, transferred, civil_matter):
    services.case_return(
        case=transferred, by=org.handler.user, reason="属民政科", duty_item=civil_matter
    )
    case = reload(transferred)
    client = login(org.clerk)
    page = client.get(reverse("cases:my_cases"))
    html = page.content.decode()
    start = html.index(f'data-retransfer="{case.pk}"')
    form = html[html.rindex("<form", 0, start) : html.index("</form>", start)]
    assert f'value="{org.civil.pk}"' in form

    response = client.post(
        reverse("cases:case_action", args=[case.pk, "transfer"]),
        {"transfer-version": case.version, "transfer-to_department": org.civil.pk},
    )

    assert response.status_code == 302
    case = reload(case)
    assert case.state == State.TRANSFERRED
    assert case.current_department == org.civil


def test_the_case_pages_transfer_form_proposes_the_returners_department(login, org, transferred):
    services.case_return(
        case=transferred,
        by=org.handler.user,
        reason="不归",
        duty_item=None,
        proposed_department=org.civil_b,
    )

    response = login(org.clerk).get(reverse("cases:case", args=[transferred.pk]))

    form = dict(response.context["action_forms"])["transfer"]
    assert form.fields["to_department"].initial == org.civil_b.pk
    assert "城建科" in response.content.decode()
