"""Layering rules: Qt only in annotator/ui, no star imports, no print outside the CLI."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "annotator"
UI = PACKAGE / "ui"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imported(tree: ast.Module) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_modules_were_found() -> None:
    names = {_rel(p) for p in MODULES}
    assert {"annotator/cli.py", "annotator/core/paragraphs.py", "annotator/store/project.py"} <= names


@pytest.mark.parametrize("path", [p for p in MODULES if UI not in p.parents], ids=_rel)
def test_no_qt_outside_ui(path: Path) -> None:
    bad = [n for n in _imported(_tree(path)) if n.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6")]
    assert not bad, f"{_rel(path)} imports {bad}"


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_no_star_imports(path: Path) -> None:
    stars = [node.lineno for node in ast.walk(_tree(path))
             if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)]
    assert not stars, f"{_rel(path)}: star import on line(s) {stars}"


@pytest.mark.parametrize("path", [p for p in MODULES if p != PACKAGE / "cli.py"], ids=_rel)
def test_no_print_outside_cli(path: Path) -> None:
    calls = [node.lineno for node in ast.walk(_tree(path))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"]
    assert not calls, f"{_rel(path)}: print() on line(s) {calls}"


def _run_python(code: str, **env: str) -> str:
    """What ``code`` writes to stdout, run by a fresh interpreter with the package importable."""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), **env))
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_cli_import_does_not_load_qt() -> None:
    code = ("import sys, annotator.cli, annotator.services.importing, annotator.store.project; "
            "sys.stdout.write(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6'))))")
    assert _run_python(code) == ""


def test_qt_check_can_see_qt() -> None:
    """The subprocess check above would notice Qt if it were loaded."""
    code = ("import sys, annotator.cli, PySide6.QtCore; "
            "sys.stdout.write(str(any(m.split('.')[0] == 'PySide6' for m in sys.modules)))")
    assert _run_python(code, QT_QPA_PLATFORM="offscreen") == "True"


def test_cli_import_does_not_load_pandas_or_numpy() -> None:
    """sqlite-utils would import them when installed (the test extra installs them): 0.45 s per process.
    They stay importable afterwards, and sqlite-utils works without them."""
    code = ("import sys, annotator.cli, annotator.services.exporting, annotator.store.project; "
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'numpy')); "
            "import importlib.util as u; "
            "have = [n for n in ('pandas', 'numpy') if u.find_spec(n) is not None]; "
            "[__import__(n) for n in have]; "
            "import sqlite_utils; db = sqlite_utils.Database(memory=True); db['t'].insert({'a': 1}); "
            "sys.stdout.write(','.join(loaded) + '|' + str(db['t'].count))")
    assert _run_python(code) == "|1"


# -- plain file handles: only annotator/fileguard.py opens files (see its docstring for why) ----------------
_OPENERS = {"open", "read_bytes", "read_text", "write_bytes", "write_text", "mmap"}  # any object's method
_MODULE_OPENERS = {"shutil": {"copy", "copy2", "copyfile", "copytree", "move"}, "sqlite3": {"connect"},
                   "io": {"open", "FileIO"}, "os": {"open", "popen"}, "mmap": {"mmap"}}
_FILEGUARD = PACKAGE / "fileguard.py"


def _plain_opens(tree: ast.Module) -> list[str]:
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in _MODULE_OPENERS and node.level == 0:
            found += [f"{node.lineno}: from {node.module} import {a.name}" for a in node.names
                      if a.name in _MODULE_OPENERS[node.module]]
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("open", "mmap"):
            found.append(f"{node.lineno}: {func.id}()")
        elif isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else None
            if owner in _MODULE_OPENERS and func.attr in _MODULE_OPENERS[owner]:
                found.append(f"{node.lineno}: {owner}.{func.attr}()")
            elif func.attr in _OPENERS and owner != "fileguard":
                found.append(f"{node.lineno}: .{func.attr}()")
    return found


@pytest.mark.parametrize("path", [p for p in MODULES if p != _FILEGUARD], ids=_rel)
def test_files_are_opened_only_through_fileguard(path: Path) -> None:
    """A plain open (and close) of the project file drops SQLite's locks on it; fileguard refuses such opens,
    so every open of a file, and every SQLite connection, goes through it."""
    found = _plain_opens(_tree(path))
    assert not found, f"{_rel(path)} opens files itself (use annotator.fileguard): {found}"


def test_the_scan_finds_plain_opens() -> None:
    sample = ast.parse("import sqlite3, shutil\nfrom os import open as o\nopen('p.db')\nPath('p').read_bytes()\n"
                       "sqlite3.connect('p.db')\nshutil.copy('a', 'b')\nwith x.open('rb'): pass\nfileguard.read_text(p)\n")
    assert len(_plain_opens(sample)) == 6
    assert _plain_opens(_tree(_FILEGUARD))  # the one module allowed to


_QT_FILE_READERS = {"QFileDialog", "QFileSystemModel", "QFile", "QSaveFile", "QMimeDatabase", "QFileIconProvider"}


@pytest.mark.parametrize("path", [p for p in MODULES if UI in p.parents and p.name != "file_dialogs.py"], ids=_rel)
def test_qt_file_dialogs_only_through_file_dialogs(path: Path) -> None:
    """Qt's file dialog reads the files it lists (their type) and so drops SQLite's locks on the project shown;
    ``annotator/ui/file_dialogs.py`` makes dialogs that do not."""
    used = sorted({n.id for n in ast.walk(_tree(path)) if isinstance(n, ast.Name) and n.id in _QT_FILE_READERS}
                  | {a.name for n in ast.walk(_tree(path)) if isinstance(n, ast.ImportFrom)
                     for a in n.names if a.name in _QT_FILE_READERS})
    assert not used, f"{_rel(path)} uses {used}; use annotator.ui.file_dialogs"
