from tests.cases.browser.conftest import _chromium, artifacts, browser  # noqa: F401  (the same Chromium)
from tests.penalties.conftest import _eager_celery, people, preset  # noqa: F401
