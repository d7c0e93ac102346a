"""What a command writes never destroys something else: the project, another project, a journal, an input,
a device node or a pipe (issue: export over the project, deleted device nodes)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from annotator.store.project import open_project
from tests.safety.helpers import assert_one_line_error, cli, dump, make_project, sha256, write_jsonl
from tests.safety.test_held_locks import lost, send, window, work


def _export(project: Path, out: Path, *extra: str):
    return cli("export", project, out, "--status", "any", "--format", "spans", "--gold", *extra)


def _state(project: Path) -> dict:  # type: ignore[type-arg]
    with open_project(project, create=False) as p:
        return dump(p.conn)


def test_export_onto_the_project_is_refused_and_the_window_keeps_everything(tmp_path: Path) -> None:
    project = make_project(tmp_path / "team.db")
    proc = window(project, tmp_path)
    acked = work(proc, 2)
    for target in (project, Path(f"{project}-wal"), Path(f"{project}-shm")):
        line = assert_one_line_error(_export(project, target, "--force"), str(target))
        assert "project file open in this program" in line, line
    acked += work(proc, 4)
    os.kill(proc.pid, 9)
    proc.wait()
    assert not lost(project, acked)


@pytest.mark.parametrize("force", [False, True])
def test_export_onto_another_project_or_a_backup_is_refused(tmp_path: Path, force: bool) -> None:
    a, b = make_project(tmp_path / "a.db"), make_project(tmp_path / "b.db", articles=2)
    digest = sha256(b)
    line = assert_one_line_error(_export(a, b, *(["--force"] if force else [])), str(b))
    assert "is an SQLite file" in line
    assert sha256(b) == digest
    with open_project(b) as p:  # a journal beside another SQLite file
        p.conn.execute("PRAGMA user_version").fetchone()
    line = assert_one_line_error(_export(a, Path(f"{b}-journal"), "--force"), "-journal")
    assert "journal of the SQLite file" in line
    assert sha256(b) == digest


def test_an_existing_file_needs_force_and_an_input_is_never_replaced(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", 3, "c")
    project = tmp_path / "p.db"
    assert cli("import", project, corpus).returncode == 0
    before = corpus.read_bytes()
    line = assert_one_line_error(_export(project, corpus), str(corpus))
    assert "exists already" in line and "--force" in line
    assert corpus.read_bytes() == before
    done = _export(project, corpus, "--force")  # the user said so: an earlier export, or any other file
    assert done.returncode == 0, done.stderr
    assert corpus.read_bytes() != before


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_device_node_or_pipe_is_never_a_project_nor_an_output(tmp_path: Path, kind: str) -> None:
    node = tmp_path / "mynode"
    if kind == "fifo":
        os.mkfifo(node)
    else:
        try:
            os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
        except PermissionError:
            pytest.skip("making a device node needs root")
    plain = tmp_path / "plain.txt"
    plain.write_text("Judul\nIsi berita pertama.\n", encoding="utf-8")
    line = assert_one_line_error(cli("import", node, plain), str(node))
    assert "not a regular file" in line
    project = make_project(tmp_path / "p.db")
    line = assert_one_line_error(_export(project, node, "--force"), str(node))
    assert "not a regular file" in line
    line = assert_one_line_error(cli("import", project, node), str(node))
    assert "not a regular file" in line  # as an input: named as what it is
    assert line.count(str(node)) == 1
    mode = os.stat(node).st_mode
    assert (stat.S_ISFIFO(mode) if kind == "fifo" else stat.S_ISCHR(mode))  # still there, untouched
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("mynode")) == ["mynode"]


def test_a_failed_import_removes_only_a_project_it_made(tmp_path: Path) -> None:
    empty = tmp_path / "was-here.db"
    empty.write_bytes(b"")  # a file the user made (size 0 counted as "new" before)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "ok"}\n{not json\n', encoding="utf-8")
    assert cli("import", empty, bad).returncode == 1
    assert empty.exists()  # not removed: this import did not make it
    made = tmp_path / "new.db"
    assert cli("import", made, bad).returncode == 1
    assert not made.exists() and not list(tmp_path.glob("new.db-*"))  # what it made is gone


def test_window_state_unchanged_by_refused_exports(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.db")
    proc = window(project, tmp_path)
    send(proc, "label")
    before = _state(project)
    assert _export(project, project).returncode == 1
    assert _state(project) == before
    os.kill(proc.pid, 9)
    proc.wait()
