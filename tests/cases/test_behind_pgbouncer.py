"""The application behind PgBouncer in transaction mode: intake, a transition, the sweep, a
server-side-cursor read and a list page, each transaction on whichever server connection
PgBouncer hands out."""

import datetime as dt

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, StageAlert
from cases.timelimits.sweep import sweep
from tests.cases.time_limits import at, make_policy

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MON_9 = at(2026, 11, 23, 9)


def test_intake_a_transfer_the_sweep_and_the_case_list_work_through_pgbouncer(
    through_pgbouncer, org, register, client
):
    database = through_pgbouncer.connection_database()
    before = through_pgbouncer.stats().get(database, 0)
    make_policy(org.organisation)

    case = register(at=MON_9)
    services.case_transfer(case=case, by=org.clerk.user, at=MON_9 + dt.timedelta(minutes=10))
    result = sweep(MON_9 + dt.timedelta(days=10))
    again = sweep(MON_9 + dt.timedelta(days=10, minutes=1))
    # QuerySet.iterator() across chunks: a named cursor would not survive PgBouncer.
    numbers = [c.number for c in Case.objects.order_by("pk").iterator(chunk_size=1)]
    client.force_login(org.handler.user)
    page = client.get(reverse("cases:my_cases"))

    case.refresh_from_db()
    assert case.current_department == org.social
    assert result.overdue >= 1 and (again.warnings, again.overdue) == (0, 0)
    assert StageAlert.objects.filter(case=case).exists()
    assert numbers == [case.number]
    assert page.status_code == 200 and case.number in page.content.decode()
    assert through_pgbouncer.stats()[database] > before
