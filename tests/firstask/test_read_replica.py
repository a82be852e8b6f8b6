"""Reads through the router against a real streaming replica of the test cluster.

The standby (tests/replication.py) replays the primary's WAL; pausing its replay makes
it lag for as long as a test needs, without waiting for a clock.
"""

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from departments.models import Organisation
from firstask import replica
from firstask.replica import PIN_COOKIE, REPLICA, reading_from_replica, request_reads
from tests.factories import DepartmentFactory, OrganisationFactory, StaffFactory
from tests.replication import (
    free_port,
    pause_replay,
    primary_position,
    replica_alias,
    resume_replay,
    wait_until_replica_has,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.xdist_group("replica"),
    pytest.mark.django_db(transaction=True),
]


def in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


def codes() -> set[str]:
    return set(Organisation.objects.values_list("code", flat=True))


def caught_up():
    wait_until_replica_has(primary_position())


def health_details(client, settings) -> dict:
    settings.HEALTH_TOKEN = "monitor"
    return client.get(reverse("health"), headers={"X-Health-Token": "monitor"}).json()


def test_reads_inside_a_replica_block_go_to_the_standby_and_others_to_the_primary(read_replica):
    OrganisationFactory(code="CD")
    caught_up()

    with reading_from_replica() as alias:
        inside = Organisation.objects.all().db
        found = codes()

    assert alias == inside == REPLICA
    assert in_recovery(REPLICA) and not in_recovery(DEFAULT_DB_ALIAS)
    assert found == {"CD"}
    assert Organisation.objects.all().db == DEFAULT_DB_ALIAS


def test_a_write_goes_to_the_primary_and_pins_the_rest_of_the_request_there(read_replica):
    pause_replay()  # the standby cannot see the write: a read that finds it read the primary

    with request_reads():
        with reading_from_replica() as first:
            written = OrganisationFactory(code="CD")
            read_back = codes()
        with reading_from_replica() as later:
            pass

    assert first == REPLICA
    assert written._state.db == DEFAULT_DB_ALIAS
    assert read_back == {"CD"}
    assert later == DEFAULT_DB_ALIAS


def test_reads_in_a_transaction_on_the_primary_stay_there(read_replica):
    pause_replay()

    with reading_from_replica(pin_on_write=False) as alias, transaction.atomic():
        OrganisationFactory(code="CD")
        seen = codes()

    assert alias == REPLICA
    assert seen == {"CD"}


def test_a_replica_lagging_more_than_the_setting_is_skipped(read_replica, settings, client):
    OrganisationFactory(code="CD")
    caught_up()
    pause_replay()
    OrganisationFactory(code="CX")
    wait_until_replica_has(primary_position(), replayed=False)  # received, not replayed
    settings.DATABASE_REPLICA_MAX_LAG = 0

    status = replica.check(fresh=True)
    with reading_from_replica() as alias:
        seen = codes()

    assert status.reachable and status.lag_seconds > 0 and not status.usable
    assert alias == DEFAULT_DB_ALIAS and seen == {"CD", "CX"}
    shown = health_details(client, settings)["replica"]
    assert shown["status"] == "lagging" and shown["lag_seconds"] > 0


def test_a_replica_lagging_within_the_setting_serves_its_older_rows(read_replica, settings, client):
    OrganisationFactory(code="CD")
    caught_up()
    pause_replay()
    OrganisationFactory(code="CX")
    settings.DATABASE_REPLICA_MAX_LAG = 3600

    with reading_from_replica() as alias:
        seen = codes()

    assert alias == REPLICA and seen == {"CD"}
    assert health_details(client, settings)["replica"]["status"] == "ok"


def test_after_a_post_reads_wait_until_the_replica_has_replayed_it(read_replica, client):
    pause_replay()
    before = replica.parse_lsn(primary_position())
    OrganisationFactory(code="CD")

    answer = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    position = answer.cookies[PIN_COOKIE].value
    assert replica.parse_lsn(position) > before
    with request_reads(needs_position=position), reading_from_replica() as while_behind:
        pass
    resume_replay()
    wait_until_replica_has(position)
    with request_reads(needs_position=position), reading_from_replica() as once_replayed:
        seen = codes()
    assert while_behind == DEFAULT_DB_ALIAS
    assert once_replayed == REPLICA and seen == {"CD"}


def test_a_get_sets_no_pin_cookie(read_replica, client):
    answer = client.get(reverse("login"))

    assert PIN_COOKIE not in answer.cookies


def test_the_dashboard_reads_from_the_replica(read_replica, client):
    organisation = OrganisationFactory(code="CD")
    department = DepartmentFactory(organisation=organisation, name="社会事务科")
    supervisor = StaffFactory(
        organisation=organisation, department=department, roles=["supervisor"]
    )
    client.force_login(supervisor.user)
    caught_up()

    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        page = client.get(reverse("reports:dashboard"))

    assert page.status_code == 200
    tables = " ".join(query["sql"] for query in on_replica.captured_queries)
    assert "cases_case" in tables and "departments_department" in tables


def test_a_replica_that_does_not_answer_is_skipped(transactional_db, settings, client):
    with replica_alias(free_port(), settings):
        status = replica.check(fresh=True)
        with reading_from_replica() as alias:
            seen = codes()
        shown = health_details(client, settings)["replica"]

    assert not status.reachable and not status.usable
    assert alias == DEFAULT_DB_ALIAS and seen == set()
    assert shown["status"] == "unavailable"
