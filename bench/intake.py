"""Registration throughput and queries per registration through the service layer.

    python -m bench.intake [--n 500]      (DATABASE_URL picks SQLite or PostgreSQL)

Prints cases/second for register + transfer through ``cases.services`` beside a
baseline measured in the same run (plain ``Case.objects.create`` of the same rows),
and the SQL queries per registration with a small and a large organisation, to show
the count does not grow with departments, staff or existing cases. Both organisations
carry the municipal time-limit preset, so every stage clock computes its deadlines on
the organisation's working calendar as in production.
"""

import argparse
import time

from bench._django import scratch_database, setup


def build_organisation(code, departments, staff_per_department):
    from django.contrib.auth import get_user_model

    from cases.timelimits.presets import load_time_limit_preset
    from departments.models import Department, Matter, Organisation, Staff

    organisation = Organisation.objects.create(name=f"基准测试单位{code}", code=code)
    load_time_limit_preset(organisation, "municipal")
    Department.objects.create(organisation=organisation, name="首问办", is_supervising_office=True)
    made = Department.objects.bulk_create(
        Department(organisation=organisation, name=f"科室{i}") for i in range(departments)
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"{code}-{i}") for i in range(departments * staff_per_department)
    )
    Staff.objects.bulk_create(
        Staff(
            organisation=organisation,
            department=made[i % departments],
            user=user,
            name=f"职员{i}",
            badge_number=f"{code}{i}",
            rank=1 + i % 5,
        )
        for i, user in enumerate(users)
    )
    matter = Matter.objects.create(organisation=organisation, department=made[1], name="低保申请")
    clerk = Staff.objects.filter(organisation=organisation, department=made[0]).first()
    return organisation, clerk, matter


def register_and_transfer(clerk, matter, n):
    """What the intake page does: register and transfer in one transaction."""
    from cases import services

    for i in range(n):
        services.case_register_and_route(
            route=services.Route.TRANSFER,
            by=clerk.user,
            channel="visit",
            kind="application",
            matter_text=f"申请低保{i}",
            matter=matter,
            person={"name": "市民", "phone": f"138{i:08d}"},
        )


def baseline_creates(clerk, matter, n, start):
    from django.utils import timezone

    from cases.models import Case

    now = timezone.now()
    for i in range(n):
        Case.objects.create(
            organisation=clerk.organisation,
            number=f"{clerk.organisation.code}-BASE-{start + i}",
            year=now.year,
            sequence=start + i,
            query_code="BASELINE",
            channel="visit",
            kind="application",
            matter_text=f"申请低保{i}",
            matter=matter,
            person_name="市民",
            person_phone=f"138{i:08d}",
            first_staff=clerk,
            first_department=clerk.department,
            current_department=matter.department,
            registered_by=clerk,
            registered_at=now,
        )


def queries_per_registration(clerk, matter, samples=5):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases import services

    counts = []
    # The first call warms per-process caches (the clerk's staff record, roles).
    services.case_register(by=clerk.user, channel="phone", kind="consultation", matter_text="预热")
    for i in range(samples):
        with CaptureQueriesContext(connection) as register_queries:
            case = services.case_register(
                by=clerk.user,
                channel="phone",
                kind="consultation",
                matter_text=f"咨询{i}",
                matter=matter,
            )
        with CaptureQueriesContext(connection) as transfer_queries:
            services.case_transfer(case=case, by=clerk.user)
        counts.append((len(register_queries), len(transfer_queries)))
    return counts


def queries_per_route(clerk, matter, samples=3):
    """SQL statements of what the throughput measures: register and transfer in one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = set()
    for _ in range(samples):
        with CaptureQueriesContext(connection) as queries:
            register_and_transfer(clerk, matter, 1)
        counts.add(len(queries))
    return sorted(counts)


def timed(function, *args):
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="cases per measurement")
    args = parser.parse_args()
    setup()
    with scratch_database() as connection:
        print(f"database: {connection.vendor}, n = {args.n}")
        _small, clerk, matter = build_organisation("SM", departments=10, staff_per_department=3)
        small_counts = queries_per_registration(clerk, matter)

        # Interleaved rounds, so a busy machine slows both sides alike.
        service_seconds = baseline_seconds = 0.0
        rounds = 10
        for round_ in range(rounds):
            service_seconds += timed(register_and_transfer, clerk, matter, args.n // rounds)
            baseline_seconds += timed(
                baseline_creates, clerk, matter, args.n // rounds, 1_000_000 + round_ * args.n
            )
        measured = rounds * (args.n // rounds)
        service_rate, baseline_rate = measured / service_seconds, measured / baseline_seconds
        print(f"service layer (register + transfer): {service_rate:8.1f} cases/s")
        print(f"baseline (Case.objects.create):      {baseline_rate:8.1f} cases/s")
        print(f"ratio service/baseline: {service_rate / baseline_rate:.2f} (target >= 0.33)")
        print(
            f"per case: service {1000 / service_rate:.2f} ms, "
            f"baseline {1000 / baseline_rate:.2f} ms"
        )
        small_route = queries_per_route(clerk, matter)

        _large, big_clerk, big_matter = build_organisation(
            "LG", departments=200, staff_per_department=25
        )
        register_and_transfer(big_clerk, big_matter, args.n)
        large_counts = queries_per_registration(big_clerk, big_matter)
        large_route = queries_per_route(big_clerk, big_matter)
        print("queries per (registration, transfer):")
        print(f"  10 departments, 30 staff, {args.n + 5} cases:       {sorted(set(small_counts))}")
        print(
            f"  200 departments, 5000 staff, {2 * args.n + 5} more cases: "
            f"{sorted(set(large_counts))}"
        )
        print(
            "statements per register-and-transfer call (with BEGIN and COMMIT): "
            f"{small_route} small, {large_route} large"
        )
        constant = set(small_counts) == set(large_counts) and len(set(small_counts)) == 1
        print("query count constant:", "yes" if constant else "NO")


if __name__ == "__main__":
    main()
