"""A file attached by mistake is withdrawn, never erased: who, when and why are kept, a
timeline line and a history row written, and the file is no longer served to the case's
staff; the database refuses deleting attachment rows."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from cases import services
from cases.attachments.content import check_bytes
from cases.choices import AttachmentSource, EventAction, Kind
from cases.errors import ActionNotAllowed, InvalidInput
from cases.models import Case, CaseAttachment
from cases.resources import CaseResource

from .conftest import stored_files
from .files import pdf_bytes

pytestmark = pytest.mark.django_db


def attach(case, by, name="错传的身份证.pdf"):
    [attachment] = services.case_attach(
        case=case, files=[check_bytes(name, pdf_bytes())], by=by.user, source=AttachmentSource.DESK
    )
    return attachment


def download(client, attachment):
    return client.get(reverse("cases:attachment", args=[attachment.token]))


def withdraw_url(attachment):
    return reverse("cases:withdraw_attachment", args=[attachment.token])


def test_the_handler_withdraws_a_wrong_file_with_a_reason_and_it_is_kept(
    login, org, in_handling, attachment_store
):
    attachment = attach(in_handling, org.handler)

    response = login(org.handler).post(
        withdraw_url(attachment), {f"withdraw-{attachment.pk}-reason": "传错了，是别人的材料"}
    )

    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.is_withdrawn
    assert attachment.withdrawn_by == org.handler
    assert attachment.withdrawal_reason == "传错了，是别人的材料"
    assert len(stored_files(attachment_store)) == 1  # the bytes are kept too
    line = in_handling.events.get(action=EventAction.WITHDRAW_ATTACHMENT)
    assert "错传的身份证.pdf" in line.note and "传错了" in line.note
    assert line.actor == org.handler
    history = CaseAttachment.history.filter(id=attachment.pk).order_by("history_date")
    assert [row.withdrawn_at is not None for row in history] == [False, True]
    assert history.last().history_user == org.handler.user


def test_a_withdrawn_file_is_no_longer_served_to_the_cases_staff(login, org, in_handling):
    attachment = attach(in_handling, org.handler)
    services.case_withdraw_attachment(attachment=attachment, by=org.handler.user, reason="传错")

    assert download(login(org.handler), attachment).status_code == 404
    assert download(login(org.clerk), attachment).status_code == 404
    assert download(login(org.supervisor), attachment).status_code == 200  # to check it
    page = login(org.handler).get(reverse("cases:case", args=[in_handling.pk]))
    html = page.content.decode()
    assert attachment.get_absolute_url() not in html
    assert "错传的身份证.pdf" in html and "传错" in html  # listed: who, when, why
    assert withdraw_url(attachment) not in html


def test_a_withdrawal_needs_a_reason_and_someone_who_may_act_on_the_case(org, in_handling):
    attachment = attach(in_handling, org.handler)

    with pytest.raises(InvalidInput):
        services.case_withdraw_attachment(attachment=attachment, by=org.handler.user, reason=" ")
    with pytest.raises(ActionNotAllowed):
        services.case_withdraw_attachment(
            attachment=attachment, by=org.civil_handler.user, reason="不是我的案子"
        )
    services.case_withdraw_attachment(attachment=attachment, by=org.handler.user, reason="传错")
    with pytest.raises(ActionNotAllowed):
        services.case_withdraw_attachment(attachment=attachment, by=org.handler.user, reason="再撤")
    assert in_handling.events.filter(action=EventAction.WITHDRAW_ATTACHMENT).count() == 1


def test_the_page_says_what_is_missing_when_the_reason_is_left_empty(login, org, in_handling):
    attachment = attach(in_handling, org.handler)

    response = login(org.handler).post(
        withdraw_url(attachment), {f"withdraw-{attachment.pk}-reason": ""}, follow=True
    )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]]
    attachment.refresh_from_db()
    assert not attachment.is_withdrawn


def test_the_case_page_offers_the_withdrawal_to_whoever_may_add_files(login, org, in_handling):
    attachment = attach(in_handling, org.handler)

    page = login(org.handler).get(reverse("cases:case", args=[in_handling.pk])).content.decode()

    assert withdraw_url(attachment) in page


def test_a_confidential_cases_withdrawal_line_names_no_file(org, register):
    report = register(kind=Kind.REPORT, person={"name": "举报人", "phone": "13800000002"})
    attachment = attach(report, org.clerk, "举报人身份证.pdf")

    services.case_withdraw_attachment(attachment=attachment, by=org.clerk.user, reason="传错")

    line = report.events.get(action=EventAction.WITHDRAW_ATTACHMENT)
    assert "举报人身份证" not in line.note and "传错" in line.note


def test_a_withdrawn_file_is_not_counted_in_the_export_nor_against_the_limit(
    org, in_handling, settings
):
    settings.ATTACHMENTS_PER_CASE = 1
    wrong = attach(in_handling, org.handler)
    services.case_withdraw_attachment(attachment=wrong, by=org.handler.user, reason="传错")

    attach(in_handling, org.handler, "正确的材料.pdf")  # the right file takes its place

    resource = CaseResource(user=org.supervisor.user)
    dataset = resource.export(queryset=Case.objects.filter(pk=in_handling.pk))
    column = dataset.headers.index(resource.fields["attachments"].column_name)
    assert dataset[0][column] == 1
    assert in_handling.attachments.count() == 2


@pytest.mark.postgres
def test_the_database_refuses_deleting_attachment_rows(org, in_handling):
    attachment = attach(in_handling, org.handler)
    table = CaseAttachment._meta.db_table

    with (
        pytest.raises(DatabaseError, match="never deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [attachment.pk])
    with pytest.raises(DatabaseError, match="never deleted"), transaction.atomic():
        CaseAttachment.objects.filter(pk=attachment.pk).delete()
    assert CaseAttachment.objects.filter(pk=attachment.pk).exists()
