"""Refusing oversized import files: time and added peak memory, old reading path against new.

    python -m bench.imports [--rows 100000]

Builds four files past the 10,000-row limit (``IMPORT_MAX_ROWS``) and reads each twice,
each time in a fresh process, measuring its time and the memory it adds (the peak resident
set size while reading, minus the resident size before; Linux only):

- ``old``: the reading path before issue 17, copied here: the whole first sheet read into a
  tablib Dataset (openpyxl, read-only) or the whole CSV decoded and parsed by tablib, the row
  count checked afterwards;
- ``new``: ``departments.spreadsheets.xlsx_reading`` and ``csv_reading``, which check an XLSX file's
  declared size before opening it and stop reading at the first row past the limit.

The files: an XLSX of ``--rows`` staff rows (10 columns, with a ``<dimension>``); the same
rows all alike, without cell references or ``<dimension>`` (a small upload that unpacks
large, like the 411 KB file of the issue); an XLSX of three short columns, small enough to
pass the part-size check, so that reading stops at the row limit; a UTF-8 CSV and a GBK CSV
of the staff rows. Target: every file refused by the new path, in under a second and a few
MB.
"""

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile

from bench._django import setup

HEADERS = [
    "工号",
    "姓名",
    "登录账号",
    "电子邮箱",
    "部门",
    "职务",
    "职级",
    "联系电话",
    "角色",
    "启用",
]


def staff_row(number):
    return [
        f"A{number:06d}",
        f"职员{number}",
        f"user{number}",
        f"user{number}@example.cn",
        f"第{number % 40}科",
        "科员",
        number % 5,
        f"+86 138 {number:08d}",
        "登记员、承办人",
        "是",
    ]


def write_xlsx(path, rows):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("工作人员")
    sheet.append(HEADERS)
    for number in range(rows):
        sheet.append(staff_row(number))
    book.save(path)


def write_narrow_xlsx(path, rows):
    """Three short columns (a calendar): small enough to pass the part-size check."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("工作日调整")
    sheet.append(["日期", "工作日", "备注"])
    for number in range(rows):
        sheet.append([f"2027-01-{1 + number % 28:02d}", "是", f"调休{number}"])
    book.save(path)


def write_compressed_xlsx(path, rows):
    """The same shape, every row alike, without cell references or a <dimension>: a
    small upload that unpacks large."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("工作人员")
    sheet.append(HEADERS)
    for _number in range(rows):
        sheet.append(staff_row(7))
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
                data = re.sub(rb' r="[A-Z]*[0-9]+"', b"", data)
            out.writestr(item.filename, data, compresslevel=9)


def write_csv(path, rows, encoding):
    import csv

    with open(path, "w", encoding=encoding, newline="") as target:
        writer = csv.writer(target)
        writer.writerow(HEADERS)
        for number in range(rows):
            writer.writerow(staff_row(number))


# --- the two reading paths ----------------------------------------------------------------
def old_xlsx(data):
    """departments.admin.imports.XLSXWithFormulas.create_dataset before issue 17."""
    import openpyxl
    import tablib

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    rows = book.active.iter_rows(values_only=True)
    dataset = tablib.Dataset()
    headers = list(next(rows, None) or [])
    while headers and headers[-1] is None:
        headers.pop()
    dataset.headers = headers
    for row in rows:
        values = list(row)[: len(headers)]
        if all(value in (None, "") for value in values):
            continue
        dataset.append(values + [None] * (len(headers) - len(values)))
    return dataset


def old_csv(data):
    """The library's CSV format with the admin's utf-8-sig, as before issue 17."""
    from import_export.formats.base_formats import CSV

    return CSV(encoding="utf-8-sig").create_dataset(data)


def read_old(kind, data):
    from django.conf import settings

    try:
        dataset = old_xlsx(data) if kind == "xlsx" else old_csv(data)
    except Exception as error:  # the GBK file: the old path failed on it
        return type(error).__name__
    if len(dataset) > settings.IMPORT_MAX_ROWS:  # TenantResource.check_file, afterwards
        return "refused"
    return "accepted"


def read_new(kind, data):
    from departments.spreadsheets.csv_reading import read_csv
    from departments.spreadsheets.sheet_reading import FileRefused
    from departments.spreadsheets.xlsx_reading import read_xlsx

    reader = read_xlsx if kind == "xlsx" else read_csv
    try:
        reader(io.BytesIO(data), frozenset(HEADERS))
    except FileRefused:
        return "refused"
    return "accepted"


def memory_mb(field):
    """``VmRSS`` (resident now) or ``VmHWM`` (its peak) of this process, in MB (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    raise SystemExit("bench.imports needs Linux's /proc/self/status")


def reset_peak_memory():
    # The peak so far (Django's start-up) is not the reading's.
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def child(path_name, variant):
    setup()
    import import_export.formats.base_formats  # noqa: F401
    import openpyxl  # noqa: F401
    import tablib  # noqa: F401

    kind = "xlsx" if path_name.endswith(".xlsx") else "csv"
    with open(path_name, "rb") as source:
        data = source.read()
    reset_peak_memory()
    before = memory_mb("VmRSS")
    started = time.perf_counter()
    outcome = (read_old if variant == "old" else read_new)(kind, data)
    seconds = time.perf_counter() - started
    added = memory_mb("VmHWM") - before
    print(json.dumps({"seconds": seconds, "added_mb": added, "outcome": outcome}))


def run_child(path, variant):
    done = subprocess.run(
        [sys.executable, "-m", "bench.imports", "--child", path, variant],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"{variant} {path} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "XLSX": (write_xlsx, "staff.xlsx"),
            "XLSX, packed, no <dimension>": (write_compressed_xlsx, "packed.xlsx"),
            "XLSX, 3 short columns": (write_narrow_xlsx, "calendar.xlsx"),
            "CSV UTF-8": (lambda p, r: write_csv(p, r, "utf-8"), "staff-utf8.csv"),
            "CSV GBK": (lambda p, r: write_csv(p, r, "gbk"), "staff-gbk.csv"),
        }
        print(f"{args.rows:,} rows each, against IMPORT_MAX_ROWS (10,000 unless set)")
        print(
            f"{'file':<30} {'size':>9} | {'old s':>7} {'+MB':>6} | {'new s':>7} {'+MB':>6} | "
            f"{'time ÷':>8} {'memory ÷':>9} | old outcome"
        )
        for label, (write, name) in files.items():
            path = os.path.join(folder, name)
            write(path, args.rows)
            old, new = run_child(path, "old"), run_child(path, "new")
            assert new["outcome"] == "refused", (label, new)
            size = os.path.getsize(path) / 1024
            ratios = f"{'—':>8} {'—':>9}"  # the old path failed on the file: no comparison
            if old["outcome"] == "refused":
                memory = old["added_mb"] / max(new["added_mb"], 0.1)
                ratios = f"{old['seconds'] / new['seconds']:>7.0f}× {memory:>8.0f}×"
            print(
                f"{label:<30} {size:>7.0f}KB | {old['seconds']:>7.2f} {old['added_mb']:>6.0f} | "
                f"{new['seconds']:>7.3f} {new['added_mb']:>6.1f} | {ratios} | {old['outcome']}"
            )


if __name__ == "__main__":
    main()
