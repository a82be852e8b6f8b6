"""Tasks are leaves: services enqueue them by name through the outbox, and no module but
the Celery configuration imports a tasks module (issue 19: the import circles through
tasks). Each name a service enqueues is a registered task."""

import re
from pathlib import Path

from django.conf import settings

from cases.notifications import SEND_CASE_NOTICE
from cases.timelimits.notifications_deadlines import SEND_TIME_LIMIT_NOTICE
from cases.timelimits.sweep import SEND_DEADLINE_ALERTS
from config.celery import app
from departments.admin.exports import RUN_EXPORT
from penalties.notifications import SEND_VIOLATION_NOTICE
from penalties.services.assessments import ASSESS

APPS = ("cases", "departments", "firstask", "penalties")
IMPORTS_A_TASKS_MODULE = re.compile(
    r"^\s*(from\s+(\.+|[\w.]+\.)tasks\s+import|import\s+[\w.]+\.tasks\b)", re.M
)


def test_no_module_imports_a_tasks_module():
    root = Path(settings.BASE_DIR)
    importers = [
        str(path.relative_to(root))
        for app_name in APPS
        for path in (root / app_name).rglob("*.py")
        if "migrations" not in path.parts
        and path.name not in ("tasks.py", "celery.py")
        and IMPORTS_A_TASKS_MODULE.search(path.read_text())
    ]
    assert importers == []


def test_every_task_enqueued_by_name_is_registered():
    app.loader.import_default_modules()
    names = [
        SEND_CASE_NOTICE,
        SEND_TIME_LIMIT_NOTICE,
        SEND_DEADLINE_ALERTS,
        RUN_EXPORT,
        SEND_VIOLATION_NOTICE,
        ASSESS,
    ]
    assert [name for name in names if name not in app.tasks] == []
