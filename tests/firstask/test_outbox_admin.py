"""Backlog and dead letters in the admin: the platform operator sees all, an organisation's
administrators their own, nobody else anything."""

import pytest
from django.urls import reverse

from firstask.models import OutboxMessage, OutboxState
from tests.factories import StaffFactory

CHANGELIST = reverse("admin:firstask_outboxmessage_changelist")


@pytest.fixture
def messages(organisation, other_organisation):
    ours = OutboxMessage.objects.create(
        topic="ours", organisation_id=organisation.pk, state=OutboxState.DEAD, attempts=10
    )
    theirs = OutboxMessage.objects.create(topic="theirs", organisation_id=other_organisation.pk)
    unmarked = OutboxMessage.objects.create(topic="unmarked")
    return ours, theirs, unmarked


def listed(client, user):
    client.force_login(user)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    return {m.topic for m in response.context["cl"].result_list}


def test_the_platform_operator_sees_every_message(client, django_user_model, messages):
    operator = django_user_model.objects.create_superuser("platform", password="x")
    assert listed(client, operator) == {"ours", "theirs", "unmarked"}


def test_an_administrator_sees_only_their_organisations_messages(client, administrator, messages):
    assert listed(client, administrator.user) == {"ours"}
    theirs = messages[1]
    url = reverse("admin:firstask_outboxmessage_change", args=[theirs.pk])
    assert client.get(url).status_code == 302  # "does not exist" → back to the index


def test_other_roles_do_not_see_the_outbox(client, organisation, department, messages):
    head = StaffFactory(organisation=organisation, department=department, roles=["supervisor"])
    client.force_login(head.user)
    assert client.get(CHANGELIST).status_code == 403


def test_an_administrator_retries_a_dead_message(client, administrator, messages):
    ours, theirs, _unmarked = messages
    client.force_login(administrator.user)
    OutboxMessage.objects.filter(pk=theirs.pk).update(state=OutboxState.DEAD)

    response = client.post(
        CHANGELIST,
        {"action": "retry_messages", "_selected_action": [ours.pk, theirs.pk]},
        follow=True,
    )

    assert response.status_code == 200
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.state, ours.attempts) == (OutboxState.PENDING, 0)
    assert theirs.state == OutboxState.DEAD  # not theirs to retry
