"""Another program reading the project never costs the window a saved action.

POSIX locks belong to a process: if the window's process opened its own project
file with a plain handle and closed it (a header check, a read-only probe, the
rolling backup's file check), the kernel dropped SQLite's locks, and the next
program that opened and closed the project deleted the window's live ``-wal``; a
crash then lost every action saved since (see ``annotator/fileguard.py``).

Real processes throughout: the window (``tests/safety/window_driver.py``, its
whole start-up and rolling backup), then another program reads the project
(``annotator stats``, ``export``, ``backup``, ``merge``), then more acknowledged
actions, then SIGKILL: every acknowledged action must be in the file.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from annotator.services import annotate
from annotator.store import annotations as rows
from annotator.store.articles import paragraphs
from annotator.store.project import open_project
from tests.safety.helpers import ROOT, cli, env, kill, make_project

ACTIONS_AFTER = 6  # acknowledged actions between the other program's read and the kill


def window(project: Path, home: Path, *args: str) -> subprocess.Popen[str]:
    e = env()
    e.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
    proc = subprocess.Popen([sys.executable, "-m", "tests.safety.window_driver", str(project), *args],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=e, cwd=ROOT)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.startswith("READY "), (first, kill(proc))
    return proc


def send(proc: subprocess.Popen[str], command: str) -> dict[str, Any]:
    """One command; its acknowledgement (the status bar said "saved ✓")."""
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(command + "\n")
    proc.stdin.flush()
    line = proc.stdout.readline()
    tag, _, body = line.partition(" ")
    assert tag == "A", (command, line, kill(proc))
    return dict(json.loads(body))


def work(proc: subprocess.Popen[str], n: int) -> list[dict[str, Any]]:
    """``n`` acknowledged actions: a label, Enter (paragraph done), a label, ..."""
    return [send(proc, "done" if i % 2 else "label") for i in range(n)]


def lost(project: Path, acked: list[dict[str, Any]], annotator: str = "ana") -> list[dict[str, Any]]:
    """The acknowledged actions that are not in the file."""
    missing = []
    with open_project(project, create=False) as p:
        assert p.scalar("PRAGMA integrity_check") == "ok"
        for act in acked:
            if act["op"] in ("add", "gold"):
                have = {(a.label, a.start, a.end) for a in rows.for_paragraph(p, act["paragraph"], annotator)}
                if (act["label"], act["start"], act["end"]) not in have:
                    missing.append(act)
            elif rows.status(p, act["paragraph"], annotator) != act["status"]:
                missing.append(act)
    return missing


def wal_deleted(proc: subprocess.Popen[str]) -> bool:
    """Whether the process writes into a ``-wal`` that is no longer in its folder (Linux)."""
    fds = Path(f"/proc/{proc.pid}/fd")
    return any(os.readlink(fd).endswith("-wal (deleted)") for fd in fds.iterdir())


def other_program(kind: str, project: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    if kind == "stats":
        return cli("stats", project)
    if kind == "export":
        return cli("export", project, tmp / "out.jsonl", "--status", "any")
    if kind == "backup":
        return cli("backup", project, tmp / "copy.db")
    if kind == "merge-from":  # the project is a source
        return cli("merge", tmp / "merged.db", project)
    assert kind == "merge-into"  # the project is the target, written by the merge meanwhile
    other = make_project(tmp / "other.db", articles=2)
    return cli("merge", project, other)


@pytest.mark.parametrize("kind", ["stats", "export", "backup", "merge-from", "merge-into"])
def test_window_keeps_every_saved_action_after_another_program_read(tmp_path: Path, kind: str) -> None:
    project = make_project(tmp_path / "p.db")
    proc = window(project, tmp_path)
    acked = work(proc, 1)  # label ("saved ✓")
    done = other_program(kind, project, tmp_path)
    assert done.returncode == 0, done.stderr
    acked += work(proc, ACTIONS_AFTER)  # label, label, Enter, ...
    deleted = wal_deleted(proc)
    kill(proc)
    assert proc.returncode == -signal.SIGKILL
    assert not lost(project, acked), f"lost after {kind} (the window's -wal deleted under it: {deleted})"
    assert not deleted


def test_two_windows_on_one_project(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.db")
    ana = window(project, tmp_path / "ana")
    budi = window(project, tmp_path / "budi", "--annotator", "budi")
    acked = {"ana": work(ana, 2), "budi": work(budi, 2)}
    assert cli("stats", project).returncode == 0
    acked["ana"] += work(ana, ACTIONS_AFTER)
    acked["budi"] += work(budi, ACTIONS_AFTER)
    for proc in (ana, budi):
        kill(proc)
    for who, acts in acked.items():
        assert not lost(project, acts, who), who


def _disputes(project: Path) -> None:
    """ana and budi disagree on two words of every paragraph of the second and third article."""
    with open_project(project, create=False) as p:
        for article in (2, 3):
            for par in paragraphs(p, article)[1:]:
                words = [m.span() for m in re.finditer(r"[^\W\d_]{4,}", par.text)][:2]
                for who, label in (("ana", "PERSON"), ("budi", "ORG")):
                    for start, end in words:
                        annotate.add_annotation(p, par.id, who, label, start, end)
                    annotate.set_status(p, par.id, who, "done")


def test_review_window(tmp_path: Path) -> None:
    """The review window builds its queue on a connection of its own at start-up; gold decisions survive."""
    project = make_project(tmp_path / "p.db")
    _disputes(project)
    proc = window(project, tmp_path, "--annotator", "rev", "--review")
    acked = [send(proc, "gold")]
    assert cli("stats", project).returncode == 0
    acked += [send(proc, "done" if i % 2 else "gold") for i in range(ACTIONS_AFTER)]
    kill(proc)
    assert not lost(project, acked, "rev")
