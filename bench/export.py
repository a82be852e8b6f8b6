"""Case exports at 10k and 100k rows: rows per second and peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python -m bench.export [--sizes ...]

Uses the page benchmarks' databases (bench._cases: built once per size and kept; 2 % of the
cases confidential) and exports every case four ways, each in a fresh process so that its
peak memory (maximum resident set size) is its own, as a clerk who may not see confidential
reporters:

- ``firstask``: the admin's export path (departments.spreadsheets.exports: the case
  resource with its
  masking, deadline and overdue columns, written by firstask.xlsx on XlsxWriter in
  constant_memory mode, with the title and filter lines, widths and print setup);
- ``hand-written``: the same rows through the hand-written streaming writer firstask had
  before XlsxWriter (bench._handwritten_xlsx, kept here as the baseline);
- ``bare openpyxl``: a write-only openpyxl workbook filled from ``values_list`` of the same
  rows and columns, no resource, no masking — the floor the issue names;
- ``library default``: django-import-export's own path (``Resource.export`` into a tablib
  Dataset, then its XLSX format), which holds the whole sheet in memory.

Targets: firstask's peak memory under 150 MB and flat from 10k to 100k rows. Its rows per
second are printed against the hand-written writer and the bare loop: XlsxWriter costs more
per cell than the hand-written writer did (it buys widths, formats, title lines and print
setup), so these ratios are watched, not promised.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from bench._django import setup

CLERK = "bm-2"  # see bench._cases: a clerk of the benchmark organisation
VARIANTS = ("firstask", "hand-written", "bare openpyxl", "library default")
HEADING = ["工单导出 · 基准机关 · 2026-12-03 导出", "全部记录，未筛选。"]


def queryset(user):
    from cases.masking import with_identity_visibility
    from cases.models import Case

    return with_identity_visibility(Case.objects.order_by("pk"), user)


def export_firstask(path, user):
    from cases.resources import CaseResource
    from departments.spreadsheets.exports import export_rows, write_sheet

    case_resource = CaseResource(user=user)
    with open(path, "wb") as target:
        return write_sheet(
            target,
            "xlsx",
            "工单",
            case_resource.get_export_headers(),
            export_rows(case_resource, queryset(user), None),
            heading=HEADING,
        )


def export_handwritten(path, user):
    from bench._handwritten_xlsx import StreamingXlsx
    from cases.resources import CaseResource
    from departments.spreadsheets.exports import export_rows
    from firstask.spreadsheets import cell_value

    case_resource = CaseResource(user=user)
    rows = 0
    with open(path, "wb") as target:
        sheet = StreamingXlsx(target, "工单")
        sheet.write_header([cell_value(header) for header in case_resource.get_export_headers()])
        for row in export_rows(case_resource, queryset(user), None):
            sheet.write_row([cell_value(value) for value in row])
            rows += 1
        sheet.close()
    return rows


def export_bare(path, user):
    from openpyxl import Workbook

    from cases.models import Case
    from cases.resources import COLUMNS

    columns = [name for name in COLUMNS if name not in ("deadline", "overdue")]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("cases")
    sheet.append(columns)
    rows = 0
    values = Case.objects.order_by("pk").values_list(*columns)
    for row in values.iterator(chunk_size=2000):
        sheet.append([v.replace(tzinfo=None) if hasattr(v, "tzinfo") else v for v in row])
        rows += 1
    book.save(path)
    return rows


def export_library_default(path, user):
    from import_export.formats.base_formats import XLSX
    from import_export.resources import modelresource_factory

    from cases.models import Case
    from cases.resources import COLUMNS

    columns = [name for name in COLUMNS if name not in ("deadline", "overdue")]
    meta = {"fields": columns}
    dataset = modelresource_factory(Case, meta_options=meta)().export(queryset(user))
    with open(path, "wb") as target:
        target.write(XLSX().export_data(dataset))
    return len(dataset)


EXPORTERS = {
    "firstask": export_firstask,
    "hand-written": export_handwritten,
    "bare openpyxl": export_bare,
    "library default": export_library_default,
}


def child(variant):
    """Run one export in this process; print seconds, rows and peak memory as JSON."""
    setup()
    from django.contrib.auth import get_user_model

    # A clerk, who may not see confidential reporters: the masking runs on every such row.
    user = get_user_model().objects.get(username=CLERK)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "export.xlsx")
        started = time.perf_counter()
        rows = EXPORTERS[variant](path, user)
        seconds = time.perf_counter() - started
        size = os.path.getsize(path)
    peak_mb = peak_memory_mb()
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": peak_mb, "bytes": size}))


def peak_memory_mb():
    """This process's peak resident set size. Linux keeps ``ru_maxrss`` across exec, so a
    child started by a large parent would report the parent's; VmHWM starts anew with the
    program."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(variant, database_url):
    env = {**os.environ, "DATABASE_URL": database_url}
    done = subprocess.run(
        [sys.executable, "-m", "bench.export", "--child", variant],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"{variant} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    setup()
    from django.db import connection

    from bench._cases import use_database

    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        raise SystemExit("bench.export needs PostgreSQL: set DATABASE_URL")
    base = connection.settings_dict["NAME"]
    print(
        f"{'rows':>7} | "
        + " | ".join(f"{variant:>16}: {'rows/s':>7} {'peak MB':>7}" for variant in VARIANTS)
        + " | firstask ÷ hand-written | firstask ÷ bare"
    )
    for size in args.sizes:
        connection.settings_dict["NAME"] = base
        use_database(size, rebuild=args.rebuild)
        child_url = base_url.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
        connection.close()
        results = {variant: run_child(variant, child_url) for variant in VARIANTS}
        for variant, result in results.items():
            assert result["rows"] == size, (variant, result)
        rates = {v: r["rows"] / r["seconds"] for v, r in results.items()}
        print(
            f"{size:>7} | "
            + " | ".join(
                f"{'':>16}  {rates[v]:>7.0f} {results[v]['peak_mb']:>7.0f}" for v in VARIANTS
            )
            + f" | {rates['firstask'] / rates['hand-written']:>22.2f}×"
            + f" | {rates['firstask'] / rates['bare openpyxl']:>14.2f}×"
        )


if __name__ == "__main__":
    main()
