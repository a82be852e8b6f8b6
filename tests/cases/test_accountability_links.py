"""What the case services hand to the accountability ledger, in the same transaction."""

import pytest

from cases import services
from cases.errors import InvalidInput
from penalties.models import Commendation, Source, Violation, ViolationKind, ViolationState

from .conftest import later

pytestmark = pytest.mark.django_db


def test_a_public_complaint_about_a_staff_member_is_a_suspected_violation(org):
    case = services.case_register_public_complaint(
        organisation=org.organisation,
        subject_staff=org.handler,
        text="窗口工作人员推诿，让我跑了三趟",
        at=later(5),
    )

    violation = Violation.objects.get()
    assert (violation.staff, violation.case, violation.kind, violation.source) == (
        org.handler,
        case,
        ViolationKind.COMPLAINT,
        Source.PUBLIC_COMPLAINT,
    )
    assert violation.state == ViolationState.SUSPECTED


def test_a_refused_complaint_leaves_no_violation(org):
    with pytest.raises(InvalidInput):
        services.case_register_public_complaint(
            organisation=org.organisation, subject_staff=None, text="投诉", at=later(5)
        )

    assert not Violation.objects.exists()


def test_a_rejected_return_is_a_suspected_refused_transfer_of_the_returner(org, transferred):
    returned = services.case_return(
        case=transferred, by=org.handler.user, reason="不归我们管", duty_item=None, at=later(30)
    )
    transferred.refresh_from_db()

    services.case_reject_return(
        case=transferred, by=org.supervisor.user, note="属于本科室职责清单", at=later(40)
    )

    violation = Violation.objects.get()
    assert (violation.staff, violation.kind, violation.case) == (
        org.handler,
        ViolationKind.REFUSED_TRANSFER,
        transferred,
    )
    assert violation.origin == f"return:{returned.pk}"


def test_an_accepted_return_is_no_violation(org, transferred):
    services.case_return(
        case=transferred, by=org.handler.user, reason="属民政科", duty_item=None, at=later(30)
    )

    assert not Violation.objects.exists()


def test_praise_at_the_callback_commends_the_handler(org, resolved):
    services.case_call_back(
        case=resolved,
        by=org.clerk.user,
        contact_result="reached",
        satisfaction="very_satisfied",
        praise=True,
        note="李娜办事热情",
        at=later(120),
    )

    commendation = Commendation.objects.get()
    assert (commendation.staff, commendation.case) == (org.handler, resolved)


def test_a_callback_without_praise_commends_nobody(org, resolved):
    services.case_call_back(
        case=resolved,
        by=org.clerk.user,
        contact_result="reached",
        satisfaction="satisfied",
        at=later(120),
    )

    assert not Commendation.objects.exists()
