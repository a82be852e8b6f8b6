"""The admin case list at 10k and 1M cases: unfiltered, by deadline, searches, filters, page 500.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python -m bench.admin [--sizes ...]

Builds (once, then reuses) the cases of bench/_cases.py and requests the case list
in-process with Django's test client as a supervisor (who sees the whole organisation).
Prints p50/p95 and the SQL queries of each row beside the same figures of a plain query of
100 cases in the same run (the last column: how many times that query's p95 a row takes).
Target: p95 < 150 ms for each row, and the same number of queries at every size (on
PostgreSQL a page is its ids, then its rows by id: 17 queries for a first page). Most of a
row's time is rendering the hundred rows, not SQL: compare a row's p95 at both sizes.
"""

from bench._cases import use_database
from bench._pages import arguments, client_for, page, plain_query, prepare, report

SUPERVISOR = "bm-1"
LIST = "/admin/cases/case/"


def main():
    args = arguments(__doc__.splitlines()[0])
    prepare()
    from cases.models import Case
    from departments.models import Department, Organisation

    for size in args.sizes:
        build = use_database(size, rebuild=args.rebuild, drop=args.drop)
        if args.drop:
            continue
        organisation = Organisation.objects.get(code="BM")
        supervisor = client_for(SUPERVISOR)
        phone = (
            Case.objects.filter(organisation=organisation).order_by("pk")[size // 2].person_phone
        )
        last_page = min(500, size // 100)
        department = str(Department.objects.filter(organisation=organisation).order_by("pk")[1].pk)
        rows = [
            ("case list, unfiltered", page(supervisor, LIST)),
            ("case list, deadline overdue", page(supervisor, LIST, {"deadline": "overdue"})),
            ("case list, deadline on time", page(supervisor, LIST, {"deadline": "on_time"})),
            ("case list, phone search", page(supervisor, LIST, {"q": phone})),
            ("case list, text search", page(supervisor, LIST, {"q": "噪音扰民"})),
            ("case list, confidential", page(supervisor, LIST, {"is_confidential__exact": "1"})),
            (
                "case list, current department",
                page(supervisor, LIST, {"current_department__id__exact": department}),
            ),
            (
                "case list, first department",
                page(supervisor, LIST, {"first_department__id__exact": department}),
            ),
            (f"case list, page {last_page}", page(supervisor, LIST, {"p": str(last_page)})),
        ]
        report(size, build, rows, args.runs, plain_query(organisation))


if __name__ == "__main__":
    main()
