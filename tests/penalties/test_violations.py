"""Violation lifecycle through the services: who may do what, and what each step needs."""

import pytest
from django.utils import translation

from penalties import services
from penalties.errors import ActionNotAllowed, InvalidInput, ViolationChanged
from penalties.models import Source, ViolationAction, ViolationKind, ViolationState
from tests.factories import StaffFactory

from .conftest import at, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def municipal(preset):
    return preset("municipal")


def reload(violation):
    violation.refresh_from_db()
    return violation


def test_a_supervisor_records_a_suspected_violation(people, report):
    violation = report(kind=ViolationKind.RUDE_LANGUAGE, evidence="使用服务忌语“不归我管”")

    assert violation.state == ViolationState.SUSPECTED
    assert (violation.department, violation.reported_by) == (people.social, people.supervisor)
    assert violation.source == Source.SUPERVISOR
    assert violation.events.get().action == ViolationAction.REPORT


@pytest.mark.parametrize("who", ["clerk", "head", "auditor", "administrator"])
def test_only_supervisors_record_violations(people, who):
    with pytest.raises(ActionNotAllowed):
        services.violation_report(
            by=getattr(people, who).user,
            staff=people.colleague,
            kind=ViolationKind.SHIRKING,
            evidence="推诿",
        )


def test_a_violation_needs_evidence_and_a_staff_member_of_the_organisation(
    people, other_administrator
):
    with pytest.raises(InvalidInput) as error:
        services.violation_report(
            by=people.supervisor.user, staff=people.clerk, kind="shirking", evidence=" "
        )
    assert error.value.field == "evidence"
    with pytest.raises(InvalidInput) as error:
        services.violation_report(
            by=people.supervisor.user, staff=other_administrator, kind="shirking", evidence="x"
        )
    assert error.value.field == "staff"


@pytest.mark.parametrize("who", ["clerk", "head", "auditor", "administrator", "leader"])
def test_only_supervisors_substantiate_or_dismiss(people, report, who):
    violation = report()
    user = getattr(people, who).user

    with pytest.raises(ActionNotAllowed):
        services.violation_substantiate(violation=violation, by=user)
    with pytest.raises(ActionNotAllowed):
        services.violation_dismiss(violation=violation, by=user, reason="不属实")
    assert reload(violation).state == ViolationState.SUSPECTED


def test_a_supervisor_of_another_organisation_cannot_decide(people, report, other_organisation):
    outsider = StaffFactory(organisation=other_organisation, roles=["supervisor"])

    with pytest.raises(ActionNotAllowed):
        services.violation_substantiate(violation=report(), by=outsider.user)


def test_dismissal_needs_the_evidence_it_rests_on(people, report):
    violation = report()

    with pytest.raises(InvalidInput) as error:
        services.violation_dismiss(violation=violation, by=people.supervisor.user, reason="")

    assert error.value.field == "reason"
    services.violation_dismiss(
        violation=violation, by=people.supervisor.user, reason="监控录像显示已耐心解释"
    )
    assert reload(violation).decision_reason == "监控录像显示已耐心解释"


def test_a_dismissed_violation_cannot_be_substantiated(people, report):
    violation = report()
    services.violation_dismiss(violation=violation, by=people.supervisor.user, reason="不属实")

    with pytest.raises(ActionNotAllowed) as error, translation.override("en"):
        services.violation_substantiate(violation=reload(violation), by=people.supervisor.user)

    assert "Dismissed" in str(error.value)


def test_a_form_filled_on_an_older_version_is_told_it_changed(people, report):
    violation = report()
    stale = reload(violation)
    services.violation_send_self_check(violation=violation, by=people.supervisor.user)

    with pytest.raises(ViolationChanged):
        services.violation_dismiss(violation=stale, by=people.supervisor.user, reason="不属实")


def test_the_person_appeals_and_a_supervisor_upholds(people, substantiated):
    violation = substantiated()

    with pytest.raises(InvalidInput):
        services.violation_appeal(violation=violation, by=people.clerk.user, reason="")
    services.violation_appeal(violation=violation, by=people.clerk.user, reason="事实有误")
    with pytest.raises(ActionNotAllowed):
        services.violation_uphold(violation=reload(violation), by=people.head.user)
    services.violation_uphold(violation=reload(violation), by=people.supervisor.user, note="维持")

    violation = reload(violation)
    assert violation.state == ViolationState.UPHELD
    assert violation.penalties.live().count() == 4
    assert [e.action for e in violation.events.all()] == [
        ViolationAction.REPORT,
        ViolationAction.SUBSTANTIATE,
        ViolationAction.APPEAL,
        ViolationAction.UPHOLD,
    ]


def test_a_colleague_cannot_appeal_for_someone_else(people, substantiated):
    with pytest.raises(ActionNotAllowed):
        services.violation_appeal(violation=substantiated(), by=people.colleague.user, reason="x")


def test_revocation_needs_a_reason_and_leaves_the_ledger_with_its_revocations(
    people, substantiated
):
    violation = substantiated()
    services.violation_appeal(violation=violation, by=people.head.user, reason="有新证据")
    with pytest.raises(InvalidInput):
        services.violation_revoke(violation=reload(violation), by=people.supervisor.user, reason="")

    services.violation_revoke(violation=reload(violation), by=people.supervisor.user, reason="撤销")

    violation = reload(violation)
    assert violation.state == ViolationState.REVOKED
    assert violation.penalties.live().count() == 0
    assert violation.penalties.filter(entry="imposed").count() == 4
    assert violation.penalties.filter(entry="revocation").count() == 4


def test_a_public_complaint_about_a_staff_member_creates_one_suspected_violation(people):
    case = make_case(
        people.office,
        people.supervisor,
        kind="complaint",
        subject_staff=people.clerk,
        matter_text="窗口工作人员态度恶劣",
        at=at(2026, 4, 1),
    )

    first = services.violation_from_complaint(case, at=at(2026, 4, 1, 11))
    again = services.violation_from_complaint(case, at=at(2026, 4, 2))

    assert first == again
    assert (first.staff, first.case, first.source) == (people.clerk, case, Source.PUBLIC_COMPLAINT)
    assert (first.kind, first.state) == (ViolationKind.COMPLAINT, ViolationState.SUSPECTED)
    assert first.evidence == "窗口工作人员态度恶劣"
    assert first.occurred_at == at(2026, 4, 1)
    assert first.reported_by is None


def test_a_complaint_case_without_a_staff_member_creates_no_violation(people):
    case = make_case(people.office, people.supervisor, kind="complaint")

    assert services.violation_from_complaint(case) is None


def test_a_rejected_return_is_a_suspected_refused_transfer_of_whoever_returned_it(people):
    from cases.models import Transfer

    case = make_case(people.office, people.supervisor, state="registered")
    transfer = Transfer.objects.create(
        case=case,
        from_department=people.office,
        from_staff=people.supervisor,
        to_department=people.civil,
        sent_at=at(2026, 4, 1, 9),
        returned_at=at(2026, 4, 1, 15),
        returned_by=people.civil_clerk,
        return_reason="不归我们管",
        return_rejected=True,
    )

    first = services.violation_from_rejected_return(
        transfer, by=people.supervisor.user, at=at(2026, 4, 2)
    )
    again = services.violation_from_rejected_return(transfer, at=at(2026, 4, 3))

    assert first == again
    assert (first.staff, first.department, first.kind) == (
        people.civil_clerk,
        people.civil,
        ViolationKind.REFUSED_TRANSFER,
    )
    assert (first.reported_by, first.occurred_at) == (people.supervisor, at(2026, 4, 1, 15))
    assert "不归我们管" in first.evidence
