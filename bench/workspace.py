"""The staff workspace at 10k and 1M cases: "My cases" (each tab) and the department queue.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python -m bench.workspace [--sizes ...]

Builds (once, then reuses) the cases of bench/_cases.py and requests the pages in-process
with Django's test client as the head of a department that holds a tenth of the cases,
and as one of its handlers. Prints p50/p95 and the SQL queries of each page beside the
same figures of a plain query of 100 cases in the same run (the last column: how many
times that query's p95 a page takes). Target: each tab p95 < 150 ms and the queue < 100 ms,
flat from 10k to 1M.
"""

from bench._cases import use_database
from bench._pages import arguments, client_for, page, plain_query, prepare, report

HEAD, HANDLER = "bm-20", "bm-21"  # department 1: its head, and one of its handlers


def main():
    args = arguments(__doc__.splitlines()[0])
    prepare()
    from departments.models import Organisation

    for size in args.sizes:
        build = use_database(size, rebuild=args.rebuild, drop=args.drop)
        if args.drop:
            continue
        organisation = Organisation.objects.get(code="BM")
        head, handler = client_for(HEAD), client_for(HANDLER)
        rows = [
            ("/work/ follow up (head)", page(head, "/work/")),
            ("/work/ assigned (head)", page(head, "/work/", {"tab": "assigned"})),
            ("/work/ incoming (head)", page(head, "/work/", {"tab": "incoming"})),
            ("/work/ assigned (handler)", page(handler, "/work/", {"tab": "assigned"})),
            (
                "/work/ incoming, page 3 (handler)",
                page(handler, "/work/", {"tab": "incoming", "page": "3"}),
            ),
            ("/work/queue/ waiting (head)", page(head, "/work/queue/")),
            (
                "/work/queue/ in handling (head)",
                page(head, "/work/queue/", {"view": "in_handling"}),
            ),
        ]
        report(size, build, rows, args.runs, plain_query(organisation))


if __name__ == "__main__":
    main()
