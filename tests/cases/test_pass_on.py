"""After signing for a case its handler may pass it on to the department whose duty it is,
with a written opinion (seed 002), instead of returning it to the desk."""

import pytest
from django.urls import reverse

from cases import services
from cases.choices import EventAction, Stage, State
from cases.errors import ActionNotAllowed, InvalidInput
from cases.forms.actions import available_actions
from cases.models import Case, StageClock
from tests.cases.conftest import later
from tests.cases.time_limits import make_policy

pytestmark = pytest.mark.django_db


def pass_on(case, staff, to_department, reason="属民政科婚姻登记职责"):
    return services.case_pass_on(
        case=case, by=staff.user, to_department=to_department, reason=reason, at=later(30)
    )


def test_the_handler_passes_a_signed_for_case_on_with_the_opinion(org, in_handling):
    transfer = pass_on(in_handling, org.handler, org.civil)

    case = Case.objects.get(pk=in_handling.pk)
    assert (case.state, case.current_department) == (State.TRANSFERRED, org.civil)
    assert case.handler is None and case.accepted_at is None
    assert case.first_staff == org.clerk  # the first-inquiry person keeps following it
    assert (transfer.from_department, transfer.to_department) == (org.social, org.civil)
    assert "属民政科婚姻登记职责" in transfer.note
    line = case.events.order_by("at", "pk").last()
    assert line.action == EventAction.TRANSFER and "属民政科婚姻登记职责" in line.note
    # 民政科 signs for it as for any transfer.
    services.case_accept(case=case, by=org.civil_handler.user, at=later(40))
    case.refresh_from_db()
    assert (case.handler, case.is_signed_for) == (org.civil_handler, True)


def test_the_next_department_has_its_own_sign_for_deadline(org, register):
    make_policy(org.organisation)
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, at=later(10))
    case.refresh_from_db()
    services.case_accept(case=case, by=org.handler.user, at=later(20))

    pass_on(Case.objects.get(pk=case.pk), org.handler, org.civil)

    running = StageClock.objects.get(case=case, met_at__isnull=True)
    assert (running.stage, running.department) == (Stage.SIGN_FOR, org.civil)


def test_the_department_head_may_pass_it_on_and_a_colleague_may_not(org, in_handling):
    with pytest.raises(ActionNotAllowed):
        pass_on(in_handling, org.social_clerk, org.civil)

    pass_on(in_handling, org.social_head, org.civil)

    assert Case.objects.get(pk=in_handling.pk).current_department == org.civil


def test_before_signing_for_it_the_way_is_a_return(org, transferred):
    assert "pass_on" not in dict(available_actions(transferred, org.handler.user))

    with pytest.raises(ActionNotAllowed, match="已签收"):
        pass_on(transferred, org.handler, org.civil)


@pytest.mark.parametrize(
    ("department", "reason", "field"),
    [
        ("civil", "  ", "reason"),
        ("social", "本科室", "to_department"),
        (None, "x", "to_department"),
    ],
)
def test_without_an_opinion_or_a_new_department_nothing_changes(
    org, in_handling, department, reason, field
):
    with pytest.raises(InvalidInput) as refused:
        pass_on(in_handling, org.handler, getattr(org, department) if department else None, reason)

    assert refused.value.field == field
    case = Case.objects.get(pk=in_handling.pk)
    assert (case.current_department, case.handler) == (org.social, org.handler)
    assert case.version == in_handling.version


def test_the_handler_is_offered_the_step_on_the_case_page(org, in_handling, client):
    client.force_login(org.handler.user)

    page = client.get(reverse("cases:case", args=[in_handling.pk]))

    assert "pass_on" in dict(available_actions(in_handling, org.handler.user))
    assert 'id="action-pass_on"' in page.content.decode()
    assert "pass_on" not in dict(available_actions(in_handling, org.clerk.user))
