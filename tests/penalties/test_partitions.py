"""A violation's admin page and history read only the timeline's and the history's
partitions from the report's month on (PostgreSQL; ``EXPLAIN``)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from firstask import partitions
from tests.cases.test_partitions import of, relations

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

DECEMBER = dt.datetime(2025, 12, 1, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_a_violations_page_and_history_read_from_its_report_on(people, preset, report, client):
    preset("municipal")
    partitions.ensure(DECEMBER, ahead=6)  # December 2025 to June 2026
    violation = report()  # 2 March 2026
    people.auditor.user.is_staff = True
    people.auditor.user.save()
    client.force_login(people.auditor.user)

    with CaptureQueriesContext(connection) as queries:
        for name in ("admin:penalties_violation_change", "admin:penalties_violation_history"):
            assert client.get(reverse(name, args=[violation.pk])).status_code == 200

    for table in ("penalties_violationevent", "penalties_historicalviolation"):
        reads = [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]
        assert reads, [q["sql"][:300] for q in queries if table in q["sql"]]
        for sql in reads:
            read = of(table, relations(sql))
            assert f"{table}_p2026_03" in read, sql
            earlier = {f"{table}_p2025_12", f"{table}_p2026_01", f"{table}_p2026_02"}
            assert not read & earlier, sql
