"""bin/test's ``--dist loadgroup``: the tests of one ``xdist_group`` run on one worker
(tests/xdist_groups.py), and the others are shared out. A small suite with the same hooks
runs on two workers and writes down which worker ran each test."""

import os
import subprocess
import sys
from collections import defaultdict

from django.conf import settings

CONFTEST = """
import pytest
from tests import xdist_groups
from tests.xdist_groups import (
    pytest_configure_node, pytest_unconfigure, pytest_xdist_make_scheduler,
)

@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    xdist_groups.write_groups(config, items)
"""

RECORD = """
import os
import time

def record(name):
    time.sleep(0.2)  # long enough for the other worker to ask for work meanwhile
    with open(os.environ["RAN_ON"], "a") as ran_on:
        ran_on.write(f"{name} {os.environ['PYTEST_XDIST_WORKER']}\\n")
"""

GROUPED = """
import pytest
from record import record

pytestmark = pytest.mark.xdist_group("built_once")

@pytest.mark.parametrize("n", range(6))
def test_grouped(n):
    record(f"grouped-{n}")
"""

ALONE = """
import pytest
from record import record

@pytest.mark.parametrize("n", range(6))
def test_alone(n):
    record(f"alone-{n}")
"""


def test_the_tests_of_a_group_run_on_one_worker_and_the_others_on_both(tmp_path):
    for name, text in {
        "conftest.py": CONFTEST,
        "record.py": RECORD,
        "test_grouped.py": GROUPED,
        "test_alone.py": ALONE,
    }.items():
        (tmp_path / name).write_text(text)
    ran_on = tmp_path / "ran_on.txt"
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO", "PYTEST"))
    }
    env.update(
        RAN_ON=str(ran_on),
        PYTHONPATH=f"{settings.BASE_DIR}{os.pathsep}{tmp_path}",
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",  # xdist alone: the three processes start faster
    )
    arguments = ["-p", "xdist", "-n", "2", "--dist", "loadgroup", "--no-loadscope-reorder"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *arguments],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    workers = defaultdict(set)
    for line in ran_on.read_text().splitlines():
        name, worker = line.split()
        workers[name.split("-")[0]].add(worker)
    assert len(workers["grouped"]) == 1
    assert workers["alone"] == {"gw0", "gw1"}
