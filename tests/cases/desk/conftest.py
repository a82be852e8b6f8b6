from tests.cases.pages.conftest import _empty_cache, login  # noqa: F401
