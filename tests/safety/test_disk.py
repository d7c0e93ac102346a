"""Disk trouble: a missing or unwritable export folder, a disk that fills up during an export or an
import. Always one clear line, no partial file (nor a temporary one), the project untouched."""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from annotator.errors import AnnotatorError, ProjectError
from annotator.io import atomic
from annotator.io.atomic import OutputError
from annotator.services import annotate
from annotator.export import ExportOptions, export_corpus
from annotator.importing import import_paths
from annotator.store.project import Project, open_project
from tests.safety.helpers import ROOT, cli, dump, env, write_jsonl


@pytest.fixture()
def big(tmp_path: Path) -> Project:
    """A project whose native export is a few megabytes."""
    p = open_project(tmp_path / "p.db")
    import_paths(p, [write_jsonl(tmp_path / "a.jsonl", 1500, "x", paragraphs=4)])
    annotate.add_annotation(p, 1, "ana", "PERSON", 0, 4)
    yield p
    p.close()


class _FullDisk(io.RawIOBase):
    """A file on a disk with ``room`` bytes left: then every write fails with ENOSPC."""

    def __init__(self, fd: int, room: int) -> None:
        self._f = io.FileIO(fd, "w")
        self.room = room

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        chunk = bytes(data[: self.room])
        self.room -= len(chunk)
        return self._f.write(chunk) or 0

    def fileno(self) -> int:
        return self._f.fileno()

    def close(self) -> None:
        self._f.close()
        super().close()


def _disk_with_room(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    def fake_open(fd: int, encoding: str) -> io.TextIOWrapper:
        return io.TextIOWrapper(io.BufferedWriter(_FullDisk(fd, room), buffer_size=1 << 20),
                                encoding=encoding, newline="\n")

    monkeypatch.setattr(atomic, "_text_file", fake_open)  # how AtomicFiles opens its temporary files


def _one_line(exc: BaseException, *fragments: str) -> None:
    msg = str(exc)
    assert "\n" not in msg, msg
    for f in fragments:
        assert f in msg, msg


@pytest.mark.parametrize("room", [0, 5_000, 1_500_000, "all-but-the-last-flush"])
def test_disk_fills_up_during_export(big: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     room: int | str) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    reference = tmp_path / "reference.jsonl"
    export_corpus(big, ExportOptions(status="any", split=(("train", 0.5), ("dev", 0.5))), reference)
    sizes = [p.stat().st_size for p in tmp_path.glob("reference.*.jsonl")]
    assert min(sizes) > 1_000_000
    if room == "all-but-the-last-flush":  # the error comes when the last buffer is flushed before the rename
        room = min(sizes) - 10
    before = dump(big.conn)
    _disk_with_room(monkeypatch, int(room))
    with pytest.raises(OutputError) as info:
        export_corpus(big, ExportOptions(status="any", split=(("train", 0.5), ("dev", 0.5))), out_dir / "c.jsonl")
    _one_line(info.value, str(out_dir), "No space left on device", "nothing was written")
    assert list(out_dir.iterdir()) == []  # neither part, nor a temporary file
    assert dump(big.conn) == before


def test_export_to_a_missing_folder(big: Project, tmp_path: Path) -> None:
    before = dump(big.conn)
    with pytest.raises(OutputError) as info:
        export_corpus(big, ExportOptions(status="any"), tmp_path / "no" / "such" / "c.jsonl")
    _one_line(info.value, "no such folder")
    assert not (tmp_path / "no").exists()
    assert dump(big.conn) == before
    proc = cli("export", big.path, tmp_path / "no" / "c.jsonl", "--status", "any")
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1 and "no such folder" in proc.stderr, proc.stderr


def test_export_to_an_unwritable_folder(big: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated (root may write anywhere): the folder check, then the temporary file itself."""
    out_dir = tmp_path / "locked"
    out_dir.mkdir()
    before = dump(big.conn)
    real = os.access
    monkeypatch.setattr(atomic.os, "access", lambda p, mode, **kw: Path(p) != out_dir and real(p, mode, **kw))
    with pytest.raises(OutputError) as info:
        export_corpus(big, ExportOptions(status="any"), out_dir / "c.jsonl")
    _one_line(info.value, "permission denied")
    monkeypatch.undo()

    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", denied)
    with pytest.raises(OutputError) as info:
        export_corpus(big, ExportOptions(status="any"), out_dir / "c.jsonl")
    _one_line(info.value, "cannot write there")
    assert list(out_dir.iterdir()) == []
    assert dump(big.conn) == before


@pytest.mark.skipif(not hasattr(os, "geteuid") or (os.geteuid() == 0 and not shutil.which("setpriv")),
                    reason="needs an unprivileged user")
def test_export_to_an_unwritable_folder_for_real() -> None:
    with tempfile.TemporaryDirectory(prefix="annotator-ro-") as name:
        folder = Path(name)
        folder.chmod(0o755)
        (folder / "locked").mkdir(mode=0o555)
        (folder / "locked").chmod(0o555)
        with open_project(folder / "p.db") as p:
            import_paths(p, [write_jsonl(folder / "a.jsonl", 3, "x")])
            annotate.add_annotation(p, 1, "ana", "PERSON", 0, 4)
        (folder / "p.db").chmod(0o644)
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
        proc = subprocess.run([*prefix, sys.executable, "-m", "annotator", "export", str(folder / "p.db"),
                               str(folder / "locked" / "c.jsonl"), "--status", "any"],
                              capture_output=True, text=True, check=False, env=env(), cwd=ROOT, timeout=60)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.count("\n") == 1 and "permission denied" in proc.stderr, proc.stderr
        assert list((folder / "locked").iterdir()) == []


def test_disk_fills_up_during_import(tmp_path: Path) -> None:
    """SQLite's "database or disk is full" (simulated with max_page_count): one line, nothing half-imported."""
    path = tmp_path / "p.db"
    with open_project(path) as p:
        import_paths(p, [write_jsonl(tmp_path / "small.jsonl", 5, "s")])
        before = dump(p.conn)
        pages = p.scalar("PRAGMA page_count")
        p.conn.execute(f"PRAGMA max_page_count = {pages + 20}")
        with pytest.raises(ProjectError) as info:
            import_paths(p, [write_jsonl(tmp_path / "big.jsonl", 2000, "b")])
        _one_line(info.value, "disk is full", str(path))
        assert dump(p.conn) == before
        with pytest.raises(AnnotatorError):  # an annotation that does not fit either: refused, not half-made
            length = p.scalar("SELECT \"end\" - start FROM paragraphs WHERE id = 1")
            spans = [(a, b) for a in range(length) for b in range(a + 1, length + 1)]  # an identical span
            assert len(spans) > 200                                   # would come back without a write
            for a, b in spans:
                annotate.add_annotation(p, 1, "ana", "PERSON", a, b, attrs={"pad": "x" * 2000})
        p.conn.execute("PRAGMA max_page_count = 1073741823")
        annotate.add_annotation(p, 1, "ana", "ORG", 0, 3)  # room again: work goes on
        assert p.scalar("PRAGMA integrity_check") == "ok"
