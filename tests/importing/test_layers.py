"""annotator/importing uses only the layers below it, and only through fileguard does it open files."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "annotator"
MODULES = sorted((PACKAGE / "importing").rglob("*.py"))
ALLOWED = ("annotator.importing", "annotator.core", "annotator.store", "annotator.io", "annotator.fileguard",
           "annotator.errors")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [f"{node.module}.{a.name}" if node.module == "annotator" else node.module for a in node.names]
    return names


def test_the_package_is_there() -> None:
    names = {p.relative_to(PACKAGE).as_posix() for p in MODULES}
    assert {"importing/__init__.py", "importing/entry.py", "importing/readers/registry.py"} <= names
    assert not (PACKAGE / "services" / "importing.py").exists()
    assert not (PACKAGE / "io" / "import_annotated.py").exists()


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_only_lower_layers(path: Path) -> None:
    bad = [n for n in _imports(path) if n.split(".")[0] == "annotator"
           and not any(n == a or n.startswith(a + ".") for a in ALLOWED)]
    assert not bad, f"{path.name} imports {bad}"
