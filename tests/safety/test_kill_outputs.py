"""Killed at random moments, ``assign`` and ``backup`` leave their outputs whole or absent, never half:
what a kill left is hidden (``.NAME.PID-XXXX.part`` and its SQLite side files) and removed by the next run,
which succeeds."""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

from annotator.importing import import_paths
from annotator.store.project import open_project
from tests.safety.helpers import cli, cli_popen, kill, write_jsonl

KILLS = 20
NAMES = ("ana", "budi", "citra")


def _big_project(path: Path) -> Path:
    with open_project(path) as p:
        import_paths(p, [write_jsonl(path.parent / "in.jsonl", 2500, "k", paragraphs=4)])
    return path


def _complete(path: Path) -> bool:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return bool(conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
                    and conn.execute("SELECT count(*) FROM articles").fetchone()[0] > 0)
    finally:
        conn.close()


def _timed(*args: str | Path) -> float:
    started = time.monotonic()
    done = cli(*args)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def test_assign_killed_20_times(tmp_path: Path) -> None:
    project = _big_project(tmp_path / "p.db")
    rng = random.Random(21)
    args = ("assign", project, "--annotators", ",".join(NAMES), "--seed", "3")
    duration = _timed(*args, "--out", tmp_path / "reference")
    halves = 0
    for run in range(KILLS):
        out = tmp_path / f"out-{run}"
        proc = cli_popen(*args, "--out", out)
        time.sleep(rng.uniform(0.1, 1.1) * duration)
        kill(proc)
        visible = sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) if out.exists() else []
        if visible and "assignment.json" not in visible:
            halves += 1  # published, killed before the manifest: only in the few ms between the renames
        everything = sorted([*(f"{n}.db" for n in NAMES), "assignment.json"])
        assert visible in ([], everything) or set(visible) <= {f"{n}.db" for n in NAMES}, (run, visible)
        for name in visible:
            if name.endswith(".db"):
                assert _complete(out / name), (run, name)
        done = cli(*args, "--out", out)  # the next run takes over (or says it is done already)
        if visible == everything:
            assert done.returncode == 1 and "assignment.json: already exists" in done.stderr
        else:
            assert done.returncode == 0, (run, visible, done.stderr)
        assert sorted(p.name for p in out.iterdir()) == sorted([*(f"{n}.db" for n in NAMES), "assignment.json"])
        for name in NAMES:
            assert _complete(out / f"{name}.db")
    assert halves <= 2


def test_backup_killed_20_times(tmp_path: Path) -> None:
    project = _big_project(tmp_path / "p.db")
    rng = random.Random(22)
    duration = _timed("backup", project, tmp_path / "reference.db")
    dest = tmp_path / "copy.db"
    whole = 0
    for _ in range(KILLS):
        dest.unlink(missing_ok=True)
        proc = cli_popen("backup", project, dest)
        time.sleep(rng.uniform(0.05, 1.2) * duration)
        kill(proc)
        if dest.exists():
            assert _complete(dest)
            whole += 1
    assert whole < KILLS  # some kills came before the end
    done = cli("backup", project, dest, "--force")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".copy.db")) == []  # tidied
    assert _complete(dest)
