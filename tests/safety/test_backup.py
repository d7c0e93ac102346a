"""Backups: ``annotator backup`` and the rolling backup copy one consistent moment of a project, also while
another process writes it; the copy opens and passes ``PRAGMA integrity_check``."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest
from platformdirs import user_data_dir

from annotator.errors import AnnotatorError
from annotator.services import annotate
from annotator.services.backup import backup_folder, backup_project, rolling_backup
from annotator.store.project import open_project
from tests.safety.helpers import cli, driver, kill, make_project, parse, read_lines


def _consistent(copy: Path) -> int:
    """The copy opens, is intact, and each action is whole in it: the annotations of "ana" are exactly
    those her logged "add" events made and her "delete" events did not remove (one transaction each)."""
    with open_project(copy, create=False) as p:
        assert p.scalar("PRAGMA integrity_check") == "ok"
        added, deleted = set(), set()
        for action, payload in p.conn.execute("SELECT action, payload FROM events WHERE annotator = 'ana'"):
            if action == "add":
                added.add(json.loads(payload)["id"])
            elif action == "delete":
                deleted.add(json.loads(payload)["id"])
        have = {r[0] for r in p.conn.execute(
            "SELECT a.id FROM annotations a JOIN annotators n ON n.id = a.annotator_id WHERE n.name = 'ana'")}
        assert have == added - deleted
        return len(added)


def test_cli_backup_while_another_process_writes(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.db")
    session = driver(path, "--annotator", "ana", "--seed", "5")
    try:
        lines = read_lines(session, 40)
        sizes = []
        for i in range(3):
            acked_before, _, _ = parse("".join(lines))
            proc = cli("backup", path, tmp_path / f"copy-{i}.db")
            assert proc.returncode == 0, proc.stderr
            assert "locked" not in proc.stderr
            sizes.append(_consistent(tmp_path / f"copy-{i}.db"))
            adds_before = sum(1 for a in acked_before if a["op"] == "add")
            assert sizes[-1] >= adds_before  # everything acknowledged before the backup began is in it
            lines += read_lines(session, 30)
    finally:
        _, err = kill(session)
    assert session.returncode != 0 and "Traceback" not in err, err
    assert sizes == sorted(sizes) and sizes[-1] > sizes[0]  # the copies were made while work went on


def test_cli_backup_refusals(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.db")
    proc = cli("backup", path, tmp_path / "copy.db")
    assert proc.returncode == 0, proc.stderr
    again = cli("backup", path, tmp_path / "copy.db")
    assert again.returncode == 1 and "exists" in again.stderr and again.stderr.count("\n") == 1
    assert cli("backup", path, tmp_path / "copy.db", "--force").returncode == 0
    same = cli("backup", path, path)
    assert same.returncode == 1 and "project itself" in same.stderr
    with open_project(path) as p:  # another program has it open: its -wal is live
        p.set_meta("x", "1")
        for journal in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            onto = cli("backup", path, journal, "--force")
            assert onto.returncode == 1 and "journal of an input" in onto.stderr, onto.stderr
            assert journal.exists()
        assert p.get_meta("x") == "1"
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    onto = cli("backup", path, fifo, "--force")
    assert onto.returncode == 1 and "not a regular file" in onto.stderr, onto.stderr
    fifo.unlink()
    missing = cli("backup", path, tmp_path / "nope" / "copy.db")
    assert missing.returncode == 1 and "no such folder" in missing.stderr
    folder = tmp_path / "backups"
    folder.mkdir()
    into = cli("backup", path, folder)
    assert into.returncode == 0, into.stderr
    (made,) = folder.iterdir()
    assert made.name.startswith("p-") and made.suffix == ".db"
    _consistent(made)
    assert sorted(x.name for x in tmp_path.iterdir() if x.name.startswith("p.db")) == ["p.db"]  # no -wal/-shm


def test_rolling_backup_keeps_the_newest(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.db")
    first = rolling_backup(path)
    assert first.parent == backup_folder(path)
    assert first.parent.parent.parent == Path(user_data_dir("corpus-annotator", appauthor=False))
    assert rolling_backup(path) == first  # nothing changed: no second copy
    made = [first]
    with open_project(path, create=False) as p:  # the project stays open, as in the GUI
        for i in range(6):
            annotate.add_annotation(p, 1 + i, "ana", "PERSON", 0, 3)
            made.append(rolling_backup(path, keep=3))
            time.sleep(0.002)  # distinct millisecond stamps
    kept = sorted(backup_folder(path).iterdir())
    assert kept == made[-3:]
    assert _consistent(kept[-1]) == 6


def test_rolling_backup_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    """A write transaction open in another connection neither blocks the backup nor gets into it."""
    path = make_project(tmp_path / "p.db")
    folder = tmp_path / "b"
    with open_project(path, create=False) as p, p.write():
        p.conn.execute("INSERT INTO meta (key, value) VALUES ('uncommitted', 'x')")
        out = rolling_backup(path, folder)  # were it to wait for the writer, it would wait for itself
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'uncommitted'").fetchone() == (0,)
    conn.close()


def test_rolling_backup_of_a_read_only_project(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.db")
    path.chmod(0o444)
    try:
        out = rolling_backup(path, tmp_path / "b")
    finally:
        path.chmod(0o644)
    _consistent(out)
    assert sorted(x.name for x in tmp_path.iterdir() if x.name.startswith("p.db")) == ["p.db"]


def test_backup_service_errors_are_one_line(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.db")
    (tmp_path / "c.db").write_text("x")
    with pytest.raises(AnnotatorError) as info:
        backup_project(path, tmp_path / "c.db")
    assert "\n" not in str(info.value)
    with pytest.raises(AnnotatorError):
        rolling_backup(path, keep=0)
    with pytest.raises(AnnotatorError):
        rolling_backup(tmp_path / "c.db", tmp_path / "b")  # not a project
