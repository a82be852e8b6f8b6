"""A local S3-compatible server for the object-store tests: moto's ``moto_server`` on a
free port, started once per test session (per xdist worker) and stopped after it.

Without moto installed the tests skip; in CI (``CI=true``, where requirements-dev installs
it) that is an error, as for the PostgreSQL and Redis tests.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answering(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def s3_endpoint():
    program = Path(sys.executable).parent / "moto_server"
    if not program.exists():
        reason = "moto_server is not installed (pip install -r requirements-dev.txt)"
        if IN_CI:
            pytest.fail(f"the object-store test cannot run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    port = free_port()
    server = subprocess.Popen(
        [str(program), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not answering(port):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"moto_server did not start on port {port}", pytrace=False)
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
