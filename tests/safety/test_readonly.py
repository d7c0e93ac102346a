"""A project on a read-only path opens read-only: reading and exporting work, writing is one clear line,
and the file and its folder are not touched.

Tests run as root here, and root may write anywhere, so permission bits alone
prove nothing: the policy (``annotator.store.filecheck.is_read_only``) honours a
file or folder marked read-only even for root, and also asks ``os.access`` and
``statvfs`` (a read-only disk); those two are tested by patching them, and
by a real unprivileged process where ``setpriv`` exists.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.errors import ProjectError
from annotator.services import annotate
from annotator.export import ExportOptions, export_corpus
from annotator.store import filecheck
from annotator.store.project import open_project
from tests.safety.helpers import ROOT, cli, env, make_project, sha256


@pytest.fixture()
def project_path(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    path = make_project(tmp_path / "data" / "p.db", articles=3)
    with open_project(path, create=False) as p:
        annotate.add_annotation(p, 1, "ana", "PERSON", 0, 3)
    return path


@pytest.fixture()
def read_only_folder(project_path: Path) -> Iterator[Path]:
    folder = project_path.parent
    project_path.chmod(0o444)
    folder.chmod(0o555)
    yield project_path
    folder.chmod(0o755)
    project_path.chmod(0o644)


def _assert_read_only(path: Path) -> None:
    digest, names = sha256(path), sorted(os.listdir(path.parent))
    with open_project(path) as p:
        assert p.readonly
        assert p.scalar("SELECT count(*) FROM articles") == 3
        with pytest.raises(ProjectError) as info:
            annotate.add_annotation(p, 1, "ana", "ORG", 0, 2)
        assert "\n" not in str(info.value) and "read-only" in str(info.value)
        with pytest.raises(ProjectError):
            p.set_meta("k", "v")
    assert sha256(path) == digest
    assert sorted(os.listdir(path.parent)) == names  # no -wal or -shm made beside it


def test_marked_read_only_opens_read_only(read_only_folder: Path) -> None:
    _assert_read_only(read_only_folder)


def test_read_only_file_in_a_writable_folder(project_path: Path) -> None:
    project_path.chmod(0o444)
    _assert_read_only(project_path)


def test_when_the_user_may_not_write(project_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.access
    monkeypatch.setattr(filecheck.os, "access", lambda p, mode, **kw: not mode & os.W_OK and real(p, mode))
    _assert_read_only(project_path)


def test_on_a_read_only_disk(project_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk mounted read-only, as ``statvfs`` reports it (the file is not opened to find out: that
    would drop SQLite's locks when the project is already open here, see ``annotator.fileguard``)."""
    real = os.statvfs

    class _Mounted:
        def __init__(self, path: object) -> None:
            self._real = real(path)  # type: ignore[arg-type]
            self.f_flag = self._real.f_flag | (os.ST_RDONLY if Path(str(path)) == project_path else 0)

    monkeypatch.setattr(filecheck.os, "statvfs", _Mounted)
    _assert_read_only(project_path)


def test_read_only_while_another_program_writes(project_path: Path) -> None:
    """With a -wal beside it (the project is open elsewhere), the read-only view sees the latest commits."""
    with open_project(project_path, create=False) as writer:
        annotate.add_annotation(writer, 2, "ana", "ORG", 0, 3)
        project_path.chmod(0o444)
        try:
            with open_project(project_path) as reader:
                assert reader.readonly
                assert reader.scalar("SELECT count(*) FROM annotations") == 2
                annotate.add_annotation(writer, 3, "ana", "ORG", 0, 3)
                assert reader.scalar("SELECT count(*) FROM annotations") == 3
        finally:
            project_path.chmod(0o644)


def test_export_and_stats_work_read_only(read_only_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with open_project(read_only_folder) as p:
        summary = export_corpus(p, ExportOptions(status="any"), out)
    assert summary.lines_written > 0 and out.exists()
    proc = cli("stats", read_only_folder)
    assert proc.returncode == 0, proc.stderr
    proc = cli("import", read_only_folder, ROOT / "README.md")
    assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


_AS_OTHER_USER = """
import sys
from annotator.errors import ProjectError
from annotator.store.project import open_project
with open_project(sys.argv[1]) as p:
    print(p.readonly, p.scalar("SELECT count(*) FROM articles"))
    try:
        p.set_meta("k", "v")
    except ProjectError as exc:
        print("refused:", exc)
"""


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX only")
def test_really_without_permission() -> None:
    """An unprivileged user (root drops to nobody with setpriv) gets a read-only project."""
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv")
    with tempfile.TemporaryDirectory(prefix="annotator-ro-") as name:  # /tmp: every user may pass through
        folder = Path(name)
        path = make_project(folder / "p.db", articles=3)
        shutil.rmtree(folder / "p-src")
        prefix: list[str] = []
        if os.geteuid() == 0:  # a folder and file that belong to root, readable by everybody
            folder.chmod(0o755)
            path.chmod(0o644)
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        else:
            path.chmod(0o444)
            folder.chmod(0o555)
        digest = sha256(path)
        try:
            proc = subprocess.run([*prefix, sys.executable, "-c", _AS_OTHER_USER, str(path)], capture_output=True,
                                  text=True, check=False, env=env(), cwd="/", timeout=60)
        finally:
            folder.chmod(0o755)
            path.chmod(0o644)
        assert proc.returncode == 0, proc.stderr
        first, second = proc.stdout.splitlines()
        assert first == "True 3"
        assert second.startswith("refused:") and "read-only" in second
        assert sha256(path) == digest
        assert sorted(p.name for p in folder.iterdir()) == ["p.db"]


def test_a_large_export_asked_of_a_read_only_project_runs_in_one_process(
        read_only_folder: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Several processes need the write lock for a moment: a read-only project is exported by one, without
    trying the lock, and nothing (no -wal or -shm) appears beside it."""
    names = sorted(os.listdir(read_only_folder.parent))
    one, many = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
    with open_project(read_only_folder) as p:
        assert p.readonly
        export_corpus(p, ExportOptions(status="any", format="doccano"), one)
        with caplog.at_level(logging.WARNING):
            export_corpus(p, ExportOptions(status="any", format="doccano", jobs=3), many)
    assert "exporting in one process: the project is open read-only" in caplog.text
    assert many.read_bytes() == one.read_bytes()
    assert sorted(os.listdir(read_only_folder.parent)) == names
