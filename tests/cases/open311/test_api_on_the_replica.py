"""The Open311 GET endpoints read from the read replica, and still find what was just filed."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from firstask.replica import REPLICA
from tests.cases.open311.client import post_request
from tests.replication import pause_replay, primary_position, wait_until_replica_has

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.xdist_group("replica"),
    pytest.mark.django_db(transaction=True),
]


def test_gets_read_the_replica_and_find_a_request_it_has_not_replayed_yet(
    read_replica, client, api
):
    earlier = post_request(client, api).json()[0]["service_request_id"]
    wait_until_replica_has(primary_position())
    pause_replay()
    filed = post_request(client, api).json()[0]
    number = filed["service_request_id"]
    client.cookies.clear()  # an integrating system keeps no cookies
    where = {"jurisdiction_id": api.org.organisation.code}

    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        listed = client.get("/open311/v2/requests.json", where).json()
        by_number = client.get(
            "/open311/v2/requests.json", {**where, "service_request_id": number}
        ).json()
        single = client.get(f"/open311/v2/requests/{number}.json", where)
        token = client.get(f"/open311/v2/tokens/{filed['token']}.json", where)

    # The list is the replica's (at most DATABASE_REPLICA_MAX_LAG behind); a request asked
    # for by number or token that the replica does not have yet comes from the primary.
    assert [r["service_request_id"] for r in listed] == [earlier]
    assert [r["service_request_id"] for r in by_number] == [number]
    assert single.status_code == 200 and single.json()[0]["service_request_id"] == number
    assert token.json()[0]["service_request_id"] == number
    assert any("cases_case" in query["sql"] for query in on_replica.captured_queries)
