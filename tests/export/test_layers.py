"""The export package stays in its layer: it uses store, core, io (atomic files, the output check), fileguard,
errors and leftovers, and never the services or the UI above it; the old export modules are gone."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "annotator" / "export"
ALLOWED = ("annotator.export", "annotator.store", "annotator.core", "annotator.io.atomic",
           "annotator.io.output_check", "annotator.fileguard", "annotator.errors", "annotator.leftovers")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module] if node.module != "annotator" else [f"annotator.{a.name}" for a in node.names]
    return [n for n in names if n.split(".")[0] == "annotator"]


@pytest.mark.parametrize("path", sorted(EXPORT.rglob("*.py")), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_export_imports_only_lower_layers(path: Path) -> None:
    bad = [n for n in _imports(path) if not any(n == a or n.startswith(a + ".") for a in ALLOWED)]
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_no_export_code_is_left_in_services_or_io() -> None:
    left = sorted(p.name for folder in ("services", "io") for p in (ROOT / "annotator" / folder).glob("export*.py"))
    assert left == []
