"""Load: gunicorn on PostgreSQL under a mix of clerks' and the public's requests.

    DATABASE_URL=postgres://… python -m bench.load [--seconds 30] [--clients 4] [--workers 3]

Builds a scratch database (``test_<name>``), starts gunicorn (DEBUG off, 127.0.0.1 only)
and a Celery worker draining the outbox, and for a fixed time sends a mix of intake POSTs
(register and transfer), workspace lists, case pages and public lookups, beside a
baseline view that does no database work (anonymous GET /login/), all in the same run.
Prints requests/second, p50/p95/p99 and errors per kind, then counts the registered rows:
every intake POST answered with a redirect must have exactly one case (none lost, none
doubled). ``--drop-connections-at S`` terminates the server's database connections S
seconds in, to show requests fail cleanly and recover. Stops everything it started.
"""

import argparse
import http.cookiejar
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-bench-Passw0rd!"
MARK = "LOADMARK"
# kind: weight in the mix
MIX = {"intake": 3, "workspace": 2, "case": 2, "lookup": 2, "baseline": 2}


def seed(code="LOAD", cases=40):
    """An organisation with a desk, a department, a clerk who can log in and some cases."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from cases import services
    from cases.timelimits.presets import load_time_limit_preset
    from departments.models import Department, Matter, Organisation, Staff
    from departments.roles import Role, sync_role_groups

    sync_role_groups()
    organisation = Organisation.objects.create(name=f"压力测试单位{code}", code=code)
    load_time_limit_preset(organisation, "municipal")
    Department.objects.create(organisation=organisation, name="首问办", is_supervising_office=True)
    desk = Department.objects.create(organisation=organisation, name="受理台")
    social = Department.objects.create(organisation=organisation, name="社会事务科")
    # The servers' default hasher, whatever the seeding process is configured with.
    hasher = PBKDF2PasswordHasher()
    password = hasher.encode(PASSWORD, hasher.salt())
    user = get_user_model().objects.create(username=f"{code}-clerk", password=password)
    user.groups.add(*_groups(Role.CLERK))
    clerk = Staff.objects.create(
        organisation=organisation, department=desk, user=user, name="王芳", badge_number="1"
    )
    matter = Matter.objects.create(organisation=organisation, department=social, name="低保申请")
    made = [
        services.case_register_and_route(
            route=services.Route.TRANSFER,
            by=user,
            channel="visit",
            kind="application",
            matter_text=f"申请低保{i}",
            matter=matter,
            person={"name": "市民", "phone": f"139{i:08d}"},
        )
        for i in range(cases)
    ]
    return {
        "org": code,
        "username": user.username,
        "clerk": clerk.pk,
        "matter": matter.pk,
        "cases": [(case.pk, case.number, case.query_code) for case in made],
    }


def _groups(role):
    from django.contrib.auth.models import Group

    return Group.objects.filter(name=role.value)


# --- the clients -------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Results:
    times: dict = field(default_factory=lambda: {kind: [] for kind in MIX})
    errors: dict = field(default_factory=lambda: dict.fromkeys(MIX, 0))
    error_samples: list = field(default_factory=list)
    registered: list = field(default_factory=list)  # markers answered with a redirect
    timeline: list = field(default_factory=list)  # (seconds since start, kind, ok)
    dropped_at: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind, started, seconds, ok, detail=""):
        with self.lock:
            if ok:
                self.times[kind].append(seconds)
            else:
                self.errors[kind] += 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{kind}: {detail}")
            self.timeline.append((started, kind, ok))


class Client:
    def __init__(self, base, target, results, started):
        self.base, self.target, self.results, self.started = base, target, results, started
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.anonymous = urllib.request.build_opener(_NoRedirect())

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, opener, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            request.add_header("X-CSRFToken", self.csrf())
            request.add_header("Referer", self.base + path)
        try:
            with opener.open(request, timeout=30) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def login(self):
        self.request(self.opener, "/login/")
        status = self.request(
            self.opener,
            "/login/",
            {"username": self.target["username"], "password": PASSWORD},
        )
        if status != 302:
            raise RuntimeError(f"login failed with HTTP {status}")

    def one(self, kind):
        target = self.target
        pk, number, code = random.choice(target["cases"])
        marker = ""
        if kind == "intake":
            marker = f"{MARK}-{uuid.uuid4().hex}"
            fields = {
                "channel": "visit",
                "kind": "application",
                "urgency": "normal",
                "person_name": "市民乙",
                "person_phone": f"137{random.randrange(10**8):08d}",
                "matter_text": f"申请低保 {marker}",
                "matter": target["matter"],
                "first_staff": target["clerk"],
                "route": "transfer",
            }
            call, expected = (self.opener, "/work/intake/", fields), 302
        elif kind == "workspace":
            call, expected = (self.opener, "/work/"), 200
        elif kind == "case":
            call, expected = (self.opener, f"/work/cases/{pk}/"), 200
        elif kind == "lookup":
            query = urllib.parse.urlencode({"number": number, "code": code})
            call, expected = (self.anonymous, f"/p/{target['org']}/lookup/?{query}"), 200
        else:
            call, expected = (self.anonymous, "/login/"), 200
        began = time.perf_counter()
        try:
            status = self.request(*call)
        except OSError as error:  # refused, reset, timed out
            status = f"{type(error).__name__}"
        seconds = time.perf_counter() - began
        ok = status == expected
        self.results.record(kind, began - self.started, seconds, ok, f"HTTP {status}")
        if ok and marker:
            with self.results.lock:
                self.results.registered.append(marker)

    def run(self, deadline, kinds):
        while time.perf_counter() < deadline:
            self.one(random.choice(kinds))


def run_load(base, target, seconds, clients, drop=None):
    """Send the mix from ``clients`` threads for ``seconds``; ``drop()`` is called halfway
    through when given. Returns the Results."""
    results = Results()
    pool = [Client(base, target, results, 0.0) for _ in range(clients)]
    for client in pool:
        client.login()
    kinds = [kind for kind, weight in MIX.items() for _ in range(weight)]
    started = time.perf_counter()
    for client in pool:
        client.started = started
    deadline = started + seconds
    threads = [threading.Thread(target=c.run, args=(deadline, kinds)) for c in pool]
    for thread in threads:
        thread.start()
    if drop is not None:
        drop_at, drop_connections = drop
        time.sleep(max(0.0, drop_at))
        results.dropped_at = time.perf_counter() - started
        drop_connections()
    for thread in threads:
        thread.join()
    return results


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def report(results, seconds):
    print(f"{'kind':10} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for kind in MIX:
        times = results.times[kind]
        if not times:
            print(f"{kind:10} {'-':>7} {'-':>8} {'-':>8} {'-':>8} {results.errors[kind]:>7}")
            continue
        print(
            f"{kind:10} {len(times) / seconds:7.1f} {statistics.median(times) * 1000:8.1f}"
            f" {percentile(times, 0.95):8.1f} {percentile(times, 0.99):8.1f}"
            f" {results.errors[kind]:>7}"
        )
    total = sum(len(t) for t in results.times.values())
    print(f"all: {total / seconds:.1f} requests/s, {sum(results.errors.values())} errors")
    for sample in results.error_samples:
        print(f"  error: {sample}")


def registrations(markers):
    """(answered, rows found for them, rows with a marker in all): lost and doubled."""
    from cases.models import Case

    rows = list(
        Case.objects.filter(matter_text__contains=MARK).values_list("matter_text", flat=True)
    )
    found = {text.rsplit(" ", 1)[-1] for text in rows}
    return len(markers), len(set(markers) & found), len(rows)


# --- the processes -------------------------------------------------------------------


def database_url():
    from django.db import connection

    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def server_env(data_dir, **extra):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(),
        # The production profile, on plain HTTP: TLS is the proxy's job, not gunicorn's.
        DJANGO_ENV="production",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        FIRSTASK_DATA_DIR=str(data_dir),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        CELERY_TASK_DEFAULT_QUEUE=f"load-bench-{uuid.uuid4().hex}",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        # The load comes from one address: the public pages' throttle would refuse it.
        PUBLIC_PAGES_PER_MINUTE=str(10**9),
    )
    # A random key: the production profile refuses a patterned one (a hex string twice).
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.update(extra)
    return env


def start(args, env, log_path):
    log = open(log_path, "w")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    process.log = log
    return process


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
    process.log.close()


def gunicorn(port, workers, env, log_path):
    args = [sys.executable, "-m", "gunicorn", "config.wsgi", f"--workers={workers}"]
    args += [f"--bind=127.0.0.1:{port}", "--timeout=30", "--graceful-timeout=5"]
    return start(args, env, log_path)


def celery_worker(env, log_path):
    args = [sys.executable, "-m", "celery", "-A", "config", "worker", "-B", "--pool=solo"]
    args += ["--loglevel=warning", f"--hostname=load-{uuid.uuid4().hex[:8]}@%h"]
    args += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    return start(args, env, log_path)


def wait_until_up(base, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {Path(process.log.name).read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/login/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not answer in time")


def terminate_server_connections():
    """Drop every other connection to this database, as a database restart would."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8121)
    parser.add_argument("--drop-connections-at", type=float, default=None, metavar="S")
    args = parser.parse_args()

    from bench._django import scratch_database, setup

    setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench.load needs PostgreSQL: set DATABASE_URL=postgres://…")
    data_dir = Path(os.environ.get("TMPDIR", "/tmp")) / f"firstask-load-{uuid.uuid4().hex[:8]}"
    data_dir.mkdir(parents=True)
    base = f"http://127.0.0.1:{args.port}"
    with scratch_database():
        target = seed()
        env = server_env(data_dir)
        server = gunicorn(args.port, args.workers, env, data_dir / "gunicorn.log")
        worker = celery_worker(env, data_dir / "worker.log")
        try:
            wait_until_up(base, server)
            drop = None
            if args.drop_connections_at is not None:
                drop = (args.drop_connections_at, terminate_server_connections)
            print(
                f"gunicorn: {args.workers} workers, DEBUG off; {args.clients} clients for "
                f"{args.seconds:.0f} s; mix {MIX}"
            )
            results = run_load(base, target, args.seconds, args.clients, drop)
        finally:
            stop(server)
            stop(worker)
        report(results, args.seconds)
        answered, found, rows = registrations(results.registered)
        print(
            f"registrations: {answered} answered, {found} found, {answered - found} lost, "
            f"{rows - found} rows without an answer (doubled or answered with an error)"
        )
        baseline = statistics.median(results.times["baseline"] or [float("nan")])
        intake = results.times["intake"] or [float("nan")]
        print(
            f"intake POST p95 {percentile(intake, 0.95):.0f} ms (target < 300); "
            f"median intake / baseline view: {statistics.median(intake) / baseline:.1f}x"
        )


if __name__ == "__main__":
    main()
