from tests.cases.browser.conftest import (  # noqa: F401  (the same Chromium)
    _chromium,
    artifacts,
    browser,
    pytest_runtest_teardown,
)
from tests.penalties.conftest import _eager_celery, people, preset  # noqa: F401
