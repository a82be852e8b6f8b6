"""The promised resolution date (承诺办结时间) is the person's: stored at registration, never
moved by the office's own steps, moved later only by an approved extension or a
reclassification to a longer limit — each time with a timeline line, a notice to the
person and the reason on the lookup page."""

import pytest
from django.urls import reverse

from cases import mail, services
from cases.choices import EventAction
from cases.models import Case
from firstask.models import OutboxMessage
from tests.cases.time_limits import CD, WD, at, make_policy, sent_at_the_desk
from tests.factories import MatterFactory

MON_9 = at(2026, 11, 23, 9, 5)
PROMISED = at(2026, 11, 27, 17, 30)  # sign-for by Tuesday's close + 3 working days


def reload(case):
    return Case.objects.select_related("current_clock").get(pk=case.pk)


def person_notices(case):
    return [
        m.payload["args"]
        for m in OutboxMessage.objects.filter(topic="cases.tasks.send_person_notice")
        if m.payload["args"][1] == case.pk
    ]


@pytest.fixture
def desk_case(org):
    make_policy(org.organisation, sign_for=(1, WD), resolve=(3, WD), max_extension=(10, WD))
    return sent_at_the_desk(org, MON_9)


def test_the_promise_is_stored_at_registration(desk_case):
    assert desk_case.promised_by == PROMISED
    assert desk_case.history.count() == 1  # written with the case, in its one history row


def test_sign_for_returns_and_re_transfers_leave_the_promise_alone(org, desk_case):
    # Misrouted: returned on Wednesday, sent again to 民政科 on Thursday, signed for Friday.
    services.case_return(
        case=desk_case,
        by=org.handler.user,
        reason="不属本科职责",
        duty_item=None,
        at=at(2026, 11, 25, 10),
    )
    services.case_transfer(
        case=reload(desk_case), by=org.clerk.user, to_department=org.civil, at=at(2026, 11, 26, 9)
    )
    services.case_accept(case=reload(desk_case), by=org.civil_handler.user, at=at(2026, 11, 27, 9))

    case = reload(desk_case)
    assert case.promised_by == PROMISED
    assert case.current_clock.due_at > PROMISED  # the office's own deadline is its business
    assert not case.events.filter(action=EventAction.PROMISE_MOVED).exists()
    assert person_notices(case) == []


def test_an_early_sign_for_keeps_the_promise(org, desk_case):
    services.case_accept(case=desk_case, by=org.handler.user, at=at(2026, 11, 23, 10))

    case = reload(desk_case)
    assert case.current_clock.due_at < PROMISED
    assert case.promised_by == PROMISED


def test_an_approved_extension_past_the_promise_moves_it_openly(client, org, desk_case):
    services.case_accept(case=desk_case, by=org.handler.user, at=at(2026, 11, 23, 10))
    extension = services.extension_request(
        case=reload(desk_case),
        by=org.handler.user,
        reason="需要实地核查",
        requested_due=at(2026, 12, 2, 17, 30),
        at=at(2026, 11, 24, 9),
    )
    services.extension_approve(
        extension=extension, by=org.social_head.user, at=at(2026, 11, 24, 10)
    )

    case = reload(desk_case)
    assert case.promised_by == at(2026, 12, 2, 17, 30)
    assert "需要实地核查" in case.promise_reason
    line = case.events.get(action=EventAction.PROMISE_MOVED)
    assert "2026-11-27 17:30" in line.note and "2026-12-02 17:30" in line.note
    assert person_notices(case) == [["promise_moved", case.pk]]
    page = client.get(
        reverse("public:lookup", args=[org.organisation.code]),
        {"number": case.number, "code": case.query_code},
    ).content.decode()
    assert 'id="lookup-promised">2026-12-02 17:30<' in page
    assert "需要实地核查" in page


def test_an_extension_within_the_promise_does_not_move_it(org, desk_case):
    services.case_accept(case=desk_case, by=org.handler.user, at=at(2026, 11, 23, 10))
    extension = services.extension_request(
        case=reload(desk_case),
        by=org.handler.user,
        reason="等待材料",
        requested_due=at(2026, 11, 27, 12),
        at=at(2026, 11, 24, 9),
    )
    services.extension_approve(
        extension=extension, by=org.social_head.user, at=at(2026, 11, 24, 10)
    )

    case = reload(desk_case)
    assert case.promised_by == PROMISED
    assert person_notices(case) == []


def test_a_reclassification_to_a_longer_limit_moves_the_promise_by_that_limit(org, desk_case):
    disclosure = MatterFactory(
        organisation=org.organisation, department=org.social, name="政府信息公开申请"
    )
    make_policy(org.organisation, name="信息公开", matter=disclosure, resolve=(20, WD))
    # The office lost two days before anyone noticed: that is not the person's to bear.
    services.case_accept(case=desk_case, by=org.handler.user, at=at(2026, 11, 25, 9))

    services.case_reclassify(
        case=reload(desk_case),
        by=org.handler.user,
        matter=disclosure,
        kind="application",
        reason="实为信息公开申请",
        at=at(2026, 11, 25, 10),
    )

    case = reload(desk_case)
    # Sign-for by Tuesday's close, then 20 working days: the close of Tuesday 22 December.
    assert case.promised_by == at(2026, 12, 22, 17, 30)
    assert "政府信息公开申请" in case.promise_reason
    assert "实为信息公开申请" not in case.promise_reason  # the office's note stays inside
    assert case.events.filter(action=EventAction.PROMISE_MOVED).count() == 1
    assert person_notices(case) == [["promise_moved", case.pk]]


def test_the_person_is_mailed_the_new_date_and_never_the_matter(org, desk_case, mailoutbox):
    case = reload(desk_case)
    case.person_email = "person@example.cn"
    case.promised_by, case.promise_reason = at(2026, 12, 2, 17, 30), "延期获批：需要实地核查"
    case.save()

    assert mail.send_person_notice("promise_moved", case.pk) == ["person@example.cn"]

    (message,) = mailoutbox
    assert "2026-12-02 17:30" in message.body
    assert "需要实地核查" in message.body
    assert case.matter_text not in message.body


def test_an_anonymous_person_gets_no_mail(org, desk_case, mailoutbox):
    Case.objects.filter(pk=desk_case.pk).update(is_anonymous=True)  # test set-up only

    assert mail.send_person_notice("promise_moved", desk_case.pk) == []
    assert mailoutbox == []


def test_a_letter_is_promised_thirty_days(org):
    make_policy(org.organisation, sign_for=(1, WD), resolve=(3, WD))
    make_policy(org.organisation, name="来信", channel="letter", sign_for=(1, WD), resolve=(30, CD))
    case = services.case_register_and_route(
        route=services.Route.TRANSFER,
        routing={"to_department": org.social},
        by=org.clerk.user,
        channel="letter",
        kind="complaint",
        matter_text="来信反映噪声扰民",
        at=MON_9,
    )

    assert case.promised_by == at(2026, 12, 25, 0, 0)  # to the end of the 30th day after Tuesday
