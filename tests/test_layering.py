"""The house's structure as a checked contract (issue 19): the floors themselves are checked
by import-linter in .ci/run (pyproject.toml, [tool.importlinter]); here, that no module hides
a circle behind an import inside a function. Only AppConfig.ready imports late (it must
wait for the app registry)."""

import ast
from pathlib import Path

from django.conf import settings

PACKAGES = ("config", "demo", "penalties", "cases", "departments", "firstask")


def _late_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if path.name == "apps.py" and node.name == "ready":
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import | ast.ImportFrom):
                yield f"{path.relative_to(settings.BASE_DIR)}:{inner.lineno}"


def test_no_module_imports_inside_a_function_except_app_ready():
    found = [
        place
        for package in PACKAGES
        for path in sorted((settings.BASE_DIR / package).rglob("*.py"))
        if "migrations" not in path.parts
        for place in _late_imports(path)
    ]
    assert found == []


def test_every_package_of_the_layers_is_checked():
    """A new top-level package must take its place in the contract, or it is unchecked."""
    pyproject = (settings.BASE_DIR / "pyproject.toml").read_text(encoding="utf-8")
    for package in PACKAGES:
        assert f'"{package}"' in pyproject.split("[tool.importlinter]")[1]
    top_level = {
        path.parent.name
        for path in settings.BASE_DIR.glob("*/__init__.py")
        if path.parent.name not in {"tests", "bench"}
    }
    assert top_level == set(PACKAGES)
