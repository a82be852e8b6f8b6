"""Open311 API speed: GET requests of 1,000 cases and POST requests, beside a static view.

    python -m bench.api [--cases 1000] [--n 20]     (DATABASE_URL picks SQLite or PostgreSQL)

Everything runs in-process through Django's test client (the whole middleware stack, no
network). The baseline, measured in the same run and interleaved with the API calls, is
a static view: the API's own 404 answer, which reads no table. Prints milliseconds per
call, the ratio to the baseline, and SQL statements per call (constant in the number of
cases listed, or the list does one query per case).
"""

import argparse
import time

from bench._django import scratch_database, setup
from bench.intake import build_organisation, register_and_transfer


def timed_calls(call, n):
    started = time.perf_counter()
    for _ in range(n):
        call()
    return (time.perf_counter() - started) / n


def statements(call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000, help="cases listed by GET requests")
    parser.add_argument("--n", type=int, default=20, help="calls per measurement and round")
    args = parser.parse_args()
    setup()
    import logging

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from cases.models import Integration
    from cases.open311.keys import api_key_issue
    from cases.open311.views import MAX_REQUESTS

    settings.ALLOWED_HOSTS = ["testserver"]
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the baseline's 404s
    settings.OPEN311_READS_PER_MINUTE = 10**9
    with scratch_database() as connection:
        organisation, clerk, matter = build_organisation("API", 10, 3)
        matter.is_public = True
        matter.save()
        register_and_transfer(clerk, matter, args.cases)
        # The lists end here: the cases the POST requests file (the warm-up's too) are
        # left out, so every GET lists exactly --cases cases.
        listed = {"jurisdiction_id": organisation.code, "end_date": timezone.now().isoformat()}
        hotline = Integration.objects.create(
            organisation=organisation, name="热线", registrar=clerk, requests_per_minute=10**9
        )
        _key, key = api_key_issue(integration=hotline)
        client = Client()
        code = organisation.code
        form = {
            "jurisdiction_id": code,
            "api_key": key,
            "service_code": str(matter.pk),
            "attribute[kind]": "consultation",
            "description": "路灯不亮",
            "phone": "13900000000",
        }

        def static():
            assert client.get("/open311/v2/static.json").status_code == 404

        def list_json():
            response = client.get("/open311/v2/requests.json", listed)
            assert response.status_code == 200, response.status_code
            assert len(response.json()) == min(args.cases, MAX_REQUESTS), len(response.json())

        def list_xml():
            response = client.get("/open311/v2/requests.xml", listed)
            assert response.status_code == 200

        def services():
            response = client.get("/open311/v2/services.json", {"jurisdiction_id": code})
            assert response.status_code == 200

        def post():
            assert client.post("/open311/v2/requests.json", form).status_code == 201

        calls = {
            "static view (baseline)": static,
            f"GET requests.json ({args.cases} cases)": list_json,
            f"GET requests.xml ({args.cases} cases)": list_xml,
            "GET services.json": services,
            "POST requests.json": post,
        }
        for call in calls.values():  # warm the per-process caches
            call()
        counts = {name: statements(call) for name, call in calls.items()}
        totals = dict.fromkeys(calls, 0.0)
        rounds = 5
        for _ in range(rounds):  # interleaved, so a busy machine slows all alike
            for name, call in calls.items():
                # The list calls are slow: fewer of them per round.
                n = max(2, args.n // 10) if "cases)" in name else args.n
                totals[name] += timed_calls(call, n) / rounds
        baseline = totals["static view (baseline)"]
        print(f"database: {connection.vendor}")
        print(f"{'call':40} {'ms/call':>9} {'× static':>9} {'SQL':>5}")
        for name, seconds in totals.items():
            print(f"{name:40} {seconds * 1000:9.2f} {seconds / baseline:9.1f} {counts[name]:5}")
        per_case = (totals[f"GET requests.json ({args.cases} cases)"] - baseline) / args.cases
        print(f"GET requests: {per_case * 1e6:.0f} µs per case listed")


if __name__ == "__main__":
    main()
