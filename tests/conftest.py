"""Shared fixtures: three organisations' worth of named people, and service markers.

Tests marked ``postgres`` or ``redis`` skip with a reason when the service is not
available locally; in CI (``CI=true``) a skip would hide a broken setup, so it fails.
"""

import os
from unittest import mock

import django.test.utils
import pytest
from django.conf import settings

from sms.backends import MemoryBackend
from tests import sqlite_template, xdist_groups
from tests.demo_world import demo_world  # noqa: F401 (a fixture shared by modules)
from tests.factories import (
    DepartmentFactory,
    OrganisationFactory,
    StaffFactory,
)
from tests.flush import allow_the_test_flush_past_the_truncate_guard
from tests.pgbouncer import pgbouncer, through_pgbouncer  # noqa: F401 (fixtures)
from tests.replication import read_replica, standby  # noqa: F401 (fixtures)
from tests.xdist_groups import (  # noqa: F401 (hooks: xdist_group for --dist loadgroup)
    pytest_configure_node,
    pytest_unconfigure,
    pytest_xdist_make_scheduler,
)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

allow_the_test_flush_past_the_truncate_guard()


def _redis_available():
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return False, "CELERY_BROKER_URL does not point at Redis"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as exc:  # any failure means "not available"
        return False, f"Redis at {url} is not reachable: {exc}"
    return True, ""


def _postgres_available():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return False, "needs PostgreSQL (DATABASE_URL points elsewhere)"
    return True, ""


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory):
    """On SQLite, the test database of every xdist worker but the first is a copy of the
    first one's, not migrated again (tests/sqlite_template.py)."""
    if not sqlite_template.uses_an_in_memory_sqlite_database():
        yield
        return
    folder = sqlite_template.template_folder(tmp_path_factory)
    original = django.test.utils.setup_databases

    def setup_databases(*args, **kwargs):
        return sqlite_template.setup_sqlite_databases(folder, lambda: original(*args, **kwargs))

    with mock.patch.object(django.test.utils, "setup_databases", setup_databases):
        yield


@pytest.fixture
def migrated_sqlite_file(tmp_path_factory):
    """``copy(path)`` puts a migrated SQLite database at ``path``, for processes started on
    a fresh data folder (migrating each one would take seconds)."""
    folder = sqlite_template.template_folder(tmp_path_factory)
    return lambda path: sqlite_template.copy_template(folder, path)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # Tests that start processes mostly wait on them: started first, they overlap the
    # rest of the suite on the other xdist workers instead of ending it alone. The groups
    # (xdist_group: a module that builds its data once) come next, so that the single
    # tests after them even out the workers' ends.
    items.sort(
        key=lambda item: (
            item.get_closest_marker("processes") is None,
            xdist_groups.group_of(item) is None,
        )
    )
    xdist_groups.write_groups(config, items)


def pytest_runtest_setup(item):
    for marker, check in (("postgres", _postgres_available), ("redis", _redis_available)):
        if item.get_closest_marker(marker) is None:
            continue
        available, reason = check()
        if available:
            continue
        if IN_CI:
            pytest.fail(f"{marker} test cannot run in CI: {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="城东区政务服务中心", code="CD")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="城西区政务服务中心", code="CX")


@pytest.fixture
def supervising_office(organisation):
    return DepartmentFactory(organisation=organisation, name="首问办", is_supervising_office=True)


@pytest.fixture
def department(organisation):
    return DepartmentFactory(organisation=organisation, name="社会事务科")


@pytest.fixture
def administrator(organisation, department):
    return StaffFactory(organisation=organisation, department=department, roles=["administrator"])


@pytest.fixture
def auditor(organisation, department):
    return StaffFactory(organisation=organisation, department=department, roles=["auditor"])


@pytest.fixture
def other_administrator(other_organisation):
    department = DepartmentFactory(organisation=other_organisation, name="综合科")
    return StaffFactory(
        organisation=other_organisation, department=department, roles=["administrator"]
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashers take a second per login on purpose; tests create hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _second_factor_verified_at_login(monkeypatch):
    # Administrators, supervisors and auditors need a verified authenticator in the
    # session (departments/two_factor.py): the test client's logins do that second step
    # for them; tests/two_factor.py has a login without it for the two-factor tests.
    from django.test import Client

    from tests import two_factor

    monkeypatch.setattr(Client, "force_login", two_factor.force_login)
    monkeypatch.setattr(Client, "login", two_factor.login)


@pytest.fixture(autouse=True)
def _no_login_lockout(settings):
    # The suite logs in hundreds of times; only the lockout tests turn django-axes on.
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _site_language_after_each_test():
    # The language middleware activates a visitor's language on the thread and leaves it
    # there; the test client shares the thread, so a test requesting English pages would
    # hand English to the next test on the worker.
    yield
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _sms_in_memory(settings):
    # As pytest-django does for mail: SMS are kept in memory (sms.backends.MemoryBackend),
    # never printed or sent; tests/sms/fake_aliyun.py stands in for the real provider.
    settings.SMS_BACKEND = "sms.backends.MemoryBackend"
    MemoryBackend.sent = []
