"""The registry of project files open in SQLite, and the plain-file helpers that refuse them."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator import fileguard
from annotator.errors import AnnotatorError
from annotator.io.atomic import AtomicFiles, OutputError
from annotator.services import annotate
from annotator.services.backup import backup_project, rolling_backup
from annotator.export import ExportOptions, export_corpus
from annotator.store import filecheck
from annotator.store.project import Project, open_project, reading_connection
from tests.safety.helpers import make_project

READ_AND_CLOSE = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                  "c.execute('SELECT count(*) FROM annotations').fetchone(); c.close()")

PLAIN: dict[str, Callable[[Path], Any]] = {
    "read_bytes": fileguard.read_bytes,
    "read_text": fileguard.read_text,
    "open_file": lambda p: fileguard.open_file(p, "rb"),
    "open_file_w": lambda p: fileguard.open_file(p, "a"),
    "os_open": lambda p: fileguard.os_open(p, os.O_RDONLY),
    "refuse_held": fileguard.refuse_held,
}


@pytest.fixture()
def held(tmp_path: Path) -> Iterator[Project]:
    project = open_project(make_project(tmp_path / "p.db", articles=2))
    annotate.add_annotation(project, 2, "ana", "PERSON", 0, 4)  # the -wal exists, SQLite holds its locks
    yield project
    project.close()


def _names(project: Project) -> list[Path]:
    p = project.path
    link, hard = p.parent / "link.db", p.parent / "hard.db"
    link.symlink_to(p)
    os.link(p, hard)
    return [p, Path(f"{p}-wal"), Path(f"{p}-shm"), link, hard, Path(f"{link}-wal")]


@pytest.mark.parametrize("helper", PLAIN)
def test_every_plain_open_of_a_held_project_is_refused_with_the_rule(held: Project, helper: str) -> None:
    for name in _names(held):
        with pytest.raises(fileguard.HeldFileError) as info:
            PLAIN[helper](name)
        msg = str(info.value)
        assert msg.startswith(f"{name}: ") and "\n" not in msg
        assert "plain file" in msg and "SQLite's locks" in msg and "Data safety" in msg
        assert isinstance(info.value, AnnotatorError)  # the CLI and GUI show it as one line
    assert fileguard.read_head(held.path, 100) is None
    _another_program_reads(held.path)
    assert _journal_kept(held)


def test_an_output_never_replaces_a_held_project(held: Project, tmp_path: Path) -> None:
    for name in _names(held):
        with pytest.raises(OutputError, match=r"is a project file open in this program \(or its journal\)"):
            AtomicFiles([name]).__enter__()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    _another_program_reads(held.path)
    assert _journal_kept(held)


def test_other_files_are_opened_as_usual(held: Project, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("x\n", encoding="utf-8")
    assert fileguard.read_text(other) == "x\n"
    assert not fileguard.is_held(other) and not fileguard.is_held(tmp_path / "missing.db")
    copy = make_project(tmp_path / "copy.db", articles=1)
    assert fileguard.read_head(copy, 16) == b"SQLite format 3\x00"  # a project not open here


def test_released_when_the_connection_is_closed_or_collected(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.db", articles=1)
    project = open_project(path)
    second = reading_connection(path)
    assert fileguard.is_held(path)
    project.close()
    assert fileguard.is_held(path)  # the second connection still holds it
    second.close()
    assert not fileguard.is_held(path)
    project = open_project(path)
    del project
    gc.collect()
    assert not fileguard.is_held(path)
    assert fileguard.read_bytes(path)[:6] == b"SQLite"


def _another_program_reads(path: Path) -> None:
    """Opens and closes the project: if it sees no other user, SQLite checkpoints and deletes the -wal."""
    subprocess.run([sys.executable, "-c", READ_AND_CLOSE, str(path)], check=True, timeout=60)


def _journal_kept(project: Project) -> bool:
    links = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            links.append(os.readlink(fd))
        except OSError:  # the descriptor listing the folder
            continue
    return Path(f"{project.path}-wal").exists() and not [x for x in links if x.endswith("-wal (deleted)")]


CHECKS: dict[str, Callable[[Path, Path], Any]] = {
    "validate": lambda p, _t: filecheck.validate(p),
    "is_read_only": lambda p, _t: filecheck.is_read_only(p),
    "open_project": lambda p, _t: open_project(p).close(),
    "reading_connection": lambda p, _t: reading_connection(p).close(),
    "rolling_backup": lambda p, t: rolling_backup(p, t / "rolling"),
    "backup_project": lambda p, t: backup_project(p, t / "copy.db"),
    "export": lambda p, t: export_corpus(open_project(p), ExportOptions(status="any"), t / "out.jsonl"),
}


@pytest.mark.parametrize("check", CHECKS)
def test_what_runs_on_an_open_project_keeps_sqlite_s_locks(held: Project, tmp_path: Path, check: str) -> None:
    """What the window, the review queue, the rolling backup and the export dialog run on the project they
    have open: afterwards another program opens and closes the project, and the journal must still be there."""
    CHECKS[check](held.path, tmp_path)
    gc.collect()
    _another_program_reads(held.path)
    assert _journal_kept(held), f"{check} dropped SQLite's locks: the -wal was deleted under the open project"
    annotate.add_annotation(held, 2, "ana", "GPE", 5, 9)
    held.close()
    with open_project(held.path) as again:
        assert again.scalar("SELECT count(*) FROM annotations") == 2
