"""The kernel imports no app: every app builds on lip/, and only fortschritt/ reads them all.

Migrations are left out: Django writes their dependencies itself, and data migrations reach
models through ``apps.get_model`` anyway.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = {"gremien", "wahlen", "etappen", "beteiligung", "fortschritt"}


def kernel_modules() -> list[Path]:
    return sorted(path for path in (ROOT / "lip").rglob("*.py") if "migrations" not in path.parts)


def imported_apps(path: Path) -> set[str]:
    """The project apps a module imports, at any place in it (also inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & APPS
    return found


def test_the_kernel_has_modules_to_check():
    assert len(kernel_modules()) > 20


@pytest.mark.parametrize("path", kernel_modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_kernel_module_imports_no_app(path):
    assert imported_apps(path) == set()


def test_the_check_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from etappen.models import Draft\n    import gremien\n")

    assert imported_apps(module) == {"etappen", "gremien"}
