"""oparl/ sits on top: it reads gremien and etappen, and no app imports it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("lip", "gremien", "wahlen", "etappen", "beteiligung", "fortschritt", "umsetzung")


def imports_oparl(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        if any(name.split(".")[0] == "oparl" for name in names):
            return True
    return False


def test_no_app_imports_oparl():
    modules = [
        path
        for package in PACKAGES
        if (ROOT / package).is_dir()
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    ]
    assert len(modules) > 50
    assert [str(path.relative_to(ROOT)) for path in modules if imports_oparl(path)] == []
