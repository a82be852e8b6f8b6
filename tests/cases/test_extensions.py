"""延期: the handler asks with a reason and a date; the head or a supervisor decides."""

import pytest

from cases import services
from cases.choices import EventAction, ExtensionStatus
from cases.errors import ActionNotAllowed, InvalidInput
from cases.models import Case
from firstask.outbox import drain
from tests.cases.time_limits import CD, WD, at, make_policy

MON_10 = at(2026, 11, 23, 10)
THU_CLOSE = at(2026, 11, 26, 17, 30)  # the resolve deadline: 3 working days from Monday


@pytest.fixture
def policy(org):
    return make_policy(org.organisation, max_extension=(5, WD))


@pytest.fixture
def handling(org, policy, register):
    case = register(at=at(2026, 11, 23, 9))
    services.case_transfer(case=case, by=org.clerk.user, at=MON_10)
    services.case_accept(case=reload(case), by=org.handler.user, at=MON_10)
    return reload(case)


def reload(case):
    return Case.objects.select_related("current_clock").get(pk=case.pk)


def ask(org, case, due, reason="需要实地核查", at=MON_10):
    return services.extension_request(
        case=case, by=org.handler.user, reason=reason, requested_due=due, at=at
    )


def test_an_approved_extension_moves_the_deadline_and_is_on_the_timeline(org, handling):
    extension = ask(org, handling, at(2026, 12, 1, 17, 30))

    services.extension_approve(
        extension=extension, by=org.social_head.user, note="同意", at=at(2026, 11, 24, 9)
    )

    clock = reload(handling).current_clock
    assert clock.due_at == at(2026, 12, 1, 17, 30)
    assert clock.limit_due_at == THU_CLOSE  # the limit's own deadline stays the base
    assert clock.warn_at > THU_CLOSE  # the warning follows the new deadline
    extension.refresh_from_db()
    assert (extension.status, extension.decided_by, extension.previous_due) == (
        ExtensionStatus.APPROVED,
        org.social_head,
        THU_CLOSE,
    )
    notes = dict(handling.events.values_list("action", "note"))
    assert "2026-12-01 17:30" in notes[EventAction.EXTENSION_REQUESTED]
    assert "2026-11-26 17:30" in notes[EventAction.EXTENSION_APPROVED]


def test_a_rejected_extension_leaves_the_deadline_and_needs_a_reason(org, handling):
    extension = ask(org, handling, at(2026, 11, 30, 17, 30))
    with pytest.raises(InvalidInput):
        services.extension_reject(extension=extension, by=org.social_head.user, note="")

    services.extension_reject(
        extension=extension, by=org.supervisor.user, note="材料已齐，应按期办结"
    )

    assert reload(handling).current_clock.due_at == THU_CLOSE
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.REJECTED
    assert handling.events.filter(action=EventAction.EXTENSION_REJECTED).exists()


def test_the_policy_caps_how_far_an_extension_goes(org, handling):
    with pytest.raises(InvalidInput) as error:
        ask(org, handling, at(2026, 12, 4, 9))  # 5 working days after Thursday: Dec 3 17:30

    assert error.value.field == "requested_due"
    assert "2026-12-03 17:30" in str(error.value)
    ask(org, handling, at(2026, 12, 3, 17, 30))


def test_letters_may_be_extended_by_up_to_60_working_days(org, register):
    make_policy(org.organisation, channel="letter", forward=(30, CD), max_extension=(60, WD))
    case = register(channel="letter", at=at(2026, 11, 23, 9))
    clock = reload(case).current_clock
    assert clock.due_at == at(2026, 12, 24, 0)

    with pytest.raises(InvalidInput):
        services.extension_request(
            case=case,
            by=org.clerk.user,
            reason="情况复杂",
            requested_due=at(2027, 3, 31),
            at=MON_10,
        )
    services.extension_request(
        case=case, by=org.clerk.user, reason="情况复杂", requested_due=at(2027, 3, 1), at=MON_10
    )


def test_only_the_stage_owner_asks_and_only_the_head_or_a_supervisor_decides(org, handling):
    with pytest.raises(ActionNotAllowed):
        services.extension_request(
            case=handling, by=org.social_clerk.user, reason="x", requested_due=at(2026, 12, 1)
        )
    extension = ask(org, handling, at(2026, 12, 1, 17, 30))
    for outsider in (org.handler, org.social_clerk, org.civil_handler):
        with pytest.raises(ActionNotAllowed):
            services.extension_approve(extension=extension, by=outsider.user)


def test_one_open_request_per_stage_and_a_request_is_decided_once(org, handling):
    extension = ask(org, handling, at(2026, 12, 1, 17, 30))
    with pytest.raises(ActionNotAllowed):
        ask(org, handling, at(2026, 11, 30, 17, 30))
    services.extension_approve(extension=extension, by=org.social_head.user)
    with pytest.raises(ActionNotAllowed):
        services.extension_reject(extension=extension, by=org.social_head.user, note="反悔")


def test_the_new_deadline_must_be_later_and_asked_for_before_the_old_one_passes(org, handling):
    with pytest.raises(InvalidInput):
        ask(org, handling, at(2026, 11, 25, 17, 30))
    with pytest.raises(ActionNotAllowed):
        ask(org, handling, at(2026, 12, 1, 17, 30), at=at(2026, 11, 27, 9))


def test_an_extension_of_a_stage_that_ended_cannot_be_approved(org, handling):
    extension = ask(org, handling, at(2026, 12, 1, 17, 30))
    services.case_resolve(
        case=handling, by=org.handler.user, outcome="handled", result="已办", at=at(2026, 11, 24)
    )

    with pytest.raises(ActionNotAllowed):
        services.extension_approve(extension=extension, by=org.social_head.user)


def test_the_head_is_told_of_a_request_and_the_handler_of_the_decision(
    org, handling, mailoutbox, django_capture_on_commit_callbacks
):
    drain()  # the notices of the case's earlier steps, still in the outbox
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        extension = ask(org, handling, at(2026, 12, 1, 17, 30))
    with django_capture_on_commit_callbacks(execute=True):
        services.extension_approve(extension=extension, by=org.social_head.user)

    assert [m.to for m in mailoutbox] == [
        [org.social_head.user.email],
        [org.handler.user.email],
    ]
    assert handling.number in mailoutbox[0].subject
