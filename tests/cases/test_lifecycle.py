"""Every transition of a case, and every refusal, through the service layer."""

import pytest

from cases import services
from cases.choices import ContactResult, EventAction, Satisfaction, State, TransferRole
from cases.errors import ActionNotAllowed, CaseChanged, InvalidInput
from tests.cases.conftest import later


def reload(case):
    case.refresh_from_db()
    return case


def test_full_happy_path_registered_transferred_resolved_called_back(org, register):
    case = register()
    services.case_transfer(case=case, by=org.clerk.user, note="请办理", at=later(5))
    services.case_accept(case=reload(case), by=org.handler.user, at=later(15))
    services.case_resolve(
        case=reload(case), by=org.handler.user, outcome="handled", result="已办结", at=later(90)
    )
    services.case_call_back(
        case=reload(case),
        by=org.clerk.user,
        contact_result="reached",
        satisfaction=Satisfaction.VERY_SATISFIED,
        at=later(200),
    )

    case = reload(case)
    assert case.state == State.CALLED_BACK
    assert case.handler == org.handler
    assert case.satisfaction == Satisfaction.VERY_SATISFIED
    actions = list(case.events.values_list("action", "from_state", "to_state"))
    assert actions == [
        (EventAction.REGISTER, "", State.REGISTERED),
        (EventAction.TRANSFER, State.REGISTERED, State.TRANSFERRED),
        (EventAction.ACCEPT, State.TRANSFERRED, State.TRANSFERRED),
        (EventAction.RESOLVE, State.TRANSFERRED, State.RESOLVED),
        (EventAction.CALL_BACK, State.RESOLVED, State.CALLED_BACK),
    ]


def test_signing_for_a_transfer_names_the_handler_and_stamps_the_transfer(org, transferred):
    services.case_accept(
        case=transferred, by=org.social_head.user, handler=org.handler, at=later(20)
    )

    case = reload(transferred)
    assert case.handler == org.handler
    assert case.accepted_at == later(20)
    assert case.current_transfer.accepted_by == org.social_head


def test_only_the_receiving_department_signs_for_a_transfer(org, transferred):
    with pytest.raises(ActionNotAllowed):
        services.case_accept(case=transferred, by=org.civil_handler.user)


def test_a_handler_from_another_department_cannot_be_named(org, transferred):
    with pytest.raises(InvalidInput) as error:
        services.case_accept(case=transferred, by=org.handler.user, handler=org.civil_handler)

    assert error.value.field == "handler"


def test_a_transfer_cannot_be_signed_for_twice(org, in_handling):
    with pytest.raises(ActionNotAllowed):
        services.case_accept(case=in_handling, by=org.social_clerk.user)


def test_resolving_before_signing_for_is_refused(org, transferred):
    with pytest.raises(ActionNotAllowed):
        services.case_resolve(case=transferred, by=org.handler.user, outcome="handled", result="x")


def test_only_the_receiving_department_resolves_a_transferred_case(org, in_handling):
    for outsider in (org.clerk, org.civil_handler):
        with pytest.raises(ActionNotAllowed):
            services.case_resolve(case=in_handling, by=outsider.user, outcome="handled", result="x")


def test_resolving_needs_an_outcome_and_a_result(org, in_handling):
    with pytest.raises(InvalidInput) as no_outcome:
        services.case_resolve(case=in_handling, by=org.handler.user, outcome="", result="x")
    with pytest.raises(InvalidInput) as no_result:
        services.case_resolve(case=in_handling, by=org.handler.user, outcome="handled", result=" ")

    assert (no_outcome.value.field, no_result.value.field) == ("outcome", "result")
    assert reload(in_handling).state == State.TRANSFERRED


def test_a_resolved_case_cannot_be_transferred(org, resolved):
    with pytest.raises(ActionNotAllowed) as error:
        services.case_transfer(case=resolved, by=org.clerk.user, to_department=org.civil)

    assert resolved.number in str(error.value)


def test_a_closed_case_cannot_be_resolved_again(org, resolved):
    services.case_call_back(
        case=resolved, by=org.clerk.user, contact_result="reached", satisfaction="satisfied"
    )

    with pytest.raises(ActionNotAllowed):
        services.case_resolve(
            case=reload(resolved), by=org.handler.user, outcome="handled", result="x"
        )


def test_only_the_first_inquiry_person_a_head_or_a_supervisor_calls_back(org, resolved):
    with pytest.raises(ActionNotAllowed):
        services.case_call_back(
            case=resolved, by=org.handler.user, contact_result="reached", satisfaction="satisfied"
        )

    services.case_call_back(
        case=resolved, by=org.supervisor.user, contact_result="reached", satisfaction="satisfied"
    )
    assert reload(resolved).state == State.CALLED_BACK


def test_a_reached_callback_needs_a_rating(org, resolved):
    with pytest.raises(InvalidInput) as error:
        services.case_call_back(case=resolved, by=org.clerk.user, contact_result="reached")

    assert error.value.field == "satisfaction"
    assert not resolved.callbacks.exists()


def test_unreachable_attempts_close_the_case_only_after_the_last_attempt(org, resolved):
    for attempt in range(1, 4):
        services.case_call_back(
            case=reload(resolved),
            by=org.clerk.user,
            contact_result=ContactResult.UNREACHABLE,
            note=f"第{attempt}次",
        )
        expected = State.CALLED_BACK if attempt == 3 else State.RESOLVED
        assert reload(resolved).state == expected

    assert resolved.satisfaction == Satisfaction.UNREACHABLE
    assert resolved.callbacks.count() == 3


def test_the_sender_cannot_act_for_the_receiver_a_stranger_cannot_transfer(org, register):
    case = register()

    with pytest.raises(ActionNotAllowed):
        services.case_transfer(case=case, by=org.civil_handler.user, to_department=org.civil)


def test_transfer_to_a_department_of_another_organisation_is_refused(
    org, register, other_organisation
):
    from tests.factories import DepartmentFactory

    foreign = DepartmentFactory(organisation=other_organisation)

    with pytest.raises(InvalidInput):
        services.case_transfer(case=register(), by=org.clerk.user, to_department=foreign)


def test_a_stale_copy_of_the_case_is_told_the_case_changed(org, transferred):
    stale = reload(transferred)
    services.case_accept(case=transferred, by=org.handler.user)

    with pytest.raises(CaseChanged):
        services.case_return(
            case=stale, by=org.social_clerk.user, reason="不是我们的", duty_item=None
        )


def test_the_urging_notice_is_recorded_on_the_case(org, in_handling):
    urging = services.case_urge(case=in_handling, by=org.supervisor.user, note="请加快办理")

    assert urging.to_department == org.social
    assert in_handling.events.filter(action=EventAction.URGE).exists()


def test_only_supervisors_urge(org, in_handling):
    with pytest.raises(ActionNotAllowed):
        services.case_urge(case=in_handling, by=org.clerk.user, note="快点")


def test_a_head_reassigns_the_handler(org, in_handling):
    services.case_assign_handler(
        case=in_handling, by=org.social_head.user, handler=org.social_clerk
    )

    assert reload(in_handling).handler == org.social_clerk


def test_a_handler_cannot_reassign_the_case(org, in_handling):
    with pytest.raises(ActionNotAllowed):
        services.case_assign_handler(
            case=in_handling, by=org.handler.user, handler=org.social_clerk
        )


class TestReturns:
    def test_a_return_needs_a_written_reason(self, org, transferred):
        with pytest.raises(InvalidInput) as error:
            services.case_return(case=transferred, by=org.handler.user, reason="  ", duty_item=None)

        assert error.value.field == "reason"
        assert reload(transferred).state == State.TRANSFERRED

    def test_a_return_goes_back_to_the_sender_and_can_be_transferred_again(self, org, transferred):
        transfer = services.case_return(
            case=transferred,
            by=org.handler.user,
            reason="不属于本科室职责，应由民政科办理",
            duty_item=None,
            at=later(30),
        )

        case = reload(transferred)
        assert case.state == State.REGISTERED
        assert case.current_department == org.reception
        assert transfer.return_reason.startswith("不属于")
        assert transfer.returned_by == org.handler

        services.case_transfer(case=case, by=org.clerk.user, to_department=org.civil)
        case = reload(case)
        assert case.state == State.TRANSFERRED
        assert case.current_department == org.civil
        assert case.transfers.count() == 2

    def test_a_signed_for_case_cannot_be_returned(self, org, in_handling):
        with pytest.raises(ActionNotAllowed):
            services.case_return(
                case=in_handling, by=org.handler.user, reason="后悔了", duty_item=None
            )

    def test_the_second_return_sends_the_case_to_arbitration(self, org, transferred):
        services.case_return(
            case=transferred, by=org.handler.user, reason="不归我们管", duty_item=None
        )
        case = reload(transferred)
        services.case_transfer(case=case, by=org.clerk.user, to_department=org.civil)
        services.case_return(
            case=reload(case), by=org.civil_handler.user, reason="也不归我们", duty_item=None
        )

        case = reload(case)
        assert case.state == State.REGISTERED
        assert case.needs_arbitration
        assert case.current_department == org.office
        assert case.events.filter(action=EventAction.ARBITRATION).exists()

    def test_an_arbitrated_assignment_cannot_be_returned(self, org, transferred):
        services.case_return(
            case=transferred, by=org.handler.user, reason="不归我们管", duty_item=None
        )
        services.case_transfer(case=reload(transferred), by=org.clerk.user, to_department=org.civil)
        services.case_return(
            case=reload(transferred), by=org.civil_handler.user, reason="也不归", duty_item=None
        )

        services.case_transfer(
            case=reload(transferred), by=org.supervisor.user, to_department=org.social
        )
        case = reload(transferred)
        assert case.current_transfer.is_forced
        with pytest.raises(ActionNotAllowed):
            services.case_return(
                case=case, by=org.handler.user, reason="还是不归我们", duty_item=None
            )

    def test_the_supervising_office_rejects_a_return_and_forces_the_assignment(
        self, org, transferred
    ):
        returned = services.case_return(
            case=transferred, by=org.handler.user, reason="推一推", duty_item=None
        )

        forced = services.case_reject_return(
            case=reload(transferred),
            by=org.supervisor.user,
            note="属于社会事务科职责清单，必须办理",
        )

        case = reload(transferred)
        returned.refresh_from_db()
        assert returned.return_rejected
        assert case.state == State.TRANSFERRED
        assert case.current_department == org.social
        assert forced.is_forced
        with pytest.raises(ActionNotAllowed):
            services.case_return(case=case, by=org.handler.user, reason="再推", duty_item=None)

    def test_only_a_supervisor_rejects_a_return(self, org, transferred):
        services.case_return(case=transferred, by=org.handler.user, reason="推一推", duty_item=None)

        with pytest.raises(ActionNotAllowed):
            services.case_reject_return(case=reload(transferred), by=org.clerk.user, note="不行")


class TestLeadAndAssisting:
    @pytest.fixture
    def joint(self, org, register):
        case = register()
        services.case_transfer(
            case=case,
            by=org.clerk.user,
            to_department=org.social,
            assisting=[org.civil, org.civil_b],
        )
        return reload(case)

    def test_a_transfer_names_one_lead_and_assisting_departments(self, org, joint):
        roles = dict(joint.transfers.values_list("to_department__name", "role"))

        assert roles == {
            "社会事务科": TransferRole.LEAD,
            "民政科": TransferRole.ASSISTING,
            "城建科": TransferRole.ASSISTING,
        }
        assert joint.current_department == org.social

    def test_assisting_departments_record_their_opinion(self, org, joint):
        assist = joint.transfers.get(to_department=org.civil)

        services.case_record_assist_opinion(
            transfer=assist, by=org.civil_handler.user, opinion="同意，民政科配合核查家庭情况"
        )

        assist.refresh_from_db()
        assert assist.opinion_by == org.civil_handler
        assert joint.events.filter(action=EventAction.ASSIST_OPINION).exists()

    def test_only_the_assisting_department_gives_its_opinion_once(self, org, joint):
        assist = joint.transfers.get(to_department=org.civil)
        with pytest.raises(ActionNotAllowed):
            services.case_record_assist_opinion(
                transfer=assist, by=org.handler.user, opinion="我替他写"
            )
        services.case_record_assist_opinion(
            transfer=assist, by=org.civil_handler.user, opinion="同意"
        )
        with pytest.raises(ActionNotAllowed):
            services.case_record_assist_opinion(
                transfer=assist, by=org.civil_handler.user, opinion="再写一次"
            )

    def test_only_the_lead_resolves(self, org, joint):
        with pytest.raises(ActionNotAllowed):
            services.case_accept(case=joint, by=org.civil_handler.user)
        services.case_accept(case=joint, by=org.handler.user)
        with pytest.raises(ActionNotAllowed):
            services.case_resolve(
                case=reload(joint), by=org.civil_handler.user, outcome="handled", result="x"
            )
        services.case_resolve(
            case=reload(joint), by=org.handler.user, outcome="handled", result="会同民政科办结"
        )
        assert reload(joint).state == State.RESOLVED


class TestReopen:
    def test_a_dissatisfied_callback_allows_reopening_into_a_new_round(self, org, resolved):
        services.case_call_back(
            case=resolved,
            by=org.clerk.user,
            contact_result="reached",
            satisfaction=Satisfaction.DISSATISFIED,
            note="没解决",
        )

        services.case_reopen(case=reload(resolved), by=org.clerk.user, note="重新核实家庭收入")

        case = reload(resolved)
        assert case.state == State.TRANSFERRED
        assert case.round == 2
        assert case.current_department == org.social
        assert case.current_transfer.round == 2
        assert case.satisfaction == ""

        services.case_accept(case=case, by=org.handler.user)
        services.case_resolve(
            case=reload(case), by=org.handler.user, outcome="handled", result="重新核实后已纳入低保"
        )
        services.case_call_back(
            case=reload(case),
            by=org.clerk.user,
            contact_result="reached",
            satisfaction=Satisfaction.SATISFIED,
        )
        case = reload(case)
        assert case.state == State.CALLED_BACK
        assert list(case.callbacks.values_list("round", "satisfaction")) == [
            (1, Satisfaction.DISSATISFIED),
            (2, Satisfaction.SATISFIED),
        ]

    def test_a_satisfied_case_cannot_be_reopened(self, org, resolved):
        services.case_call_back(
            case=resolved,
            by=org.clerk.user,
            contact_result="reached",
            satisfaction=Satisfaction.SATISFIED,
        )

        with pytest.raises(ActionNotAllowed):
            services.case_reopen(case=reload(resolved), by=org.clerk.user, note="想再办一次")


class TestMerge:
    def test_a_merged_duplicate_is_resolved_and_called_back_with_its_main_case(
        self, org, register, in_handling
    ):
        duplicate = register(matter_text="同一人再次来问低保")

        services.case_merge(duplicate=duplicate, main=in_handling, by=org.supervisor.user)
        services.case_resolve(
            case=reload(in_handling), by=org.handler.user, outcome="handled", result="已办结"
        )
        duplicate = reload(duplicate)
        assert duplicate.state == State.RESOLVED
        assert duplicate.merged_into == in_handling

        services.case_call_back(
            case=reload(in_handling),
            by=org.clerk.user,
            contact_result="reached",
            satisfaction="satisfied",
        )
        duplicate = reload(duplicate)
        assert duplicate.state == State.CALLED_BACK
        assert duplicate.satisfaction == "satisfied"
        assert not duplicate.callbacks.exists()

    def test_a_merged_duplicate_counts_once(self, org, register, in_handling):
        from cases.models import Case

        services.case_merge(duplicate=register(), main=in_handling, by=org.supervisor.user)

        assert Case.objects.counted().count() == 1

    def test_a_merged_case_cannot_be_handled_on_its_own(self, org, register, in_handling):
        duplicate = services.case_merge(
            duplicate=register(), main=in_handling, by=org.supervisor.user
        )

        with pytest.raises(ActionNotAllowed):
            services.case_transfer(case=duplicate, by=org.clerk.user, to_department=org.civil)

    def test_a_case_cannot_be_merged_into_itself_or_a_closed_case(self, org, register, resolved):
        case = register()
        with pytest.raises(ActionNotAllowed):
            services.case_merge(duplicate=case, main=case, by=org.supervisor.user)
        services.case_call_back(
            case=resolved, by=org.clerk.user, contact_result="reached", satisfaction="satisfied"
        )
        with pytest.raises(ActionNotAllowed):
            services.case_merge(duplicate=case, main=reload(resolved), by=org.supervisor.user)
