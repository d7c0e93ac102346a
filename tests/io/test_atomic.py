"""Atomic output files: all of them appear, or none; an old file is never half-replaced."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from annotator.io.atomic import AtomicFiles, OutputError, write_text_atomic


def test_files_appear_together(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    with AtomicFiles([a, b]) as files:
        files[a].write("1\n")
        files[b].write("2\n")
        assert not a.exists() and not b.exists()
    assert a.read_text() == "1\n" and b.read_text() == "2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "b.jsonl"]


@pytest.mark.parametrize("exc", [RuntimeError("boom"), KeyboardInterrupt()])
def test_failure_leaves_nothing_and_keeps_the_old_file(tmp_path: Path, exc: BaseException) -> None:
    old = tmp_path / "old.jsonl"
    old.write_text("old\n")
    new = tmp_path / "new.jsonl"
    with pytest.raises(type(exc)), AtomicFiles([old, new]) as files:
        files[old].write("x" * 100_000)
        files[new].write("half")
        raise exc
    assert old.read_text() == "old\n"
    assert not new.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["old.jsonl"]  # no temporary file left either


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="no such folder"):
        write_text_atomic(tmp_path / "nope" / "a.jsonl", "x")


def test_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        write_text_atomic(tmp_path / "f" / "a.jsonl", "x")


def test_target_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        write_text_atomic(tmp_path / "d", "x")


def test_unwritable_folder_reports_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(OutputError, match="cannot write there") as info:
        write_text_atomic(tmp_path / "a.jsonl", "x")
    assert "\n" not in str(info.value)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="permission denied"):
            write_text_atomic(ro / "a.jsonl", "x")
    finally:
        ro.chmod(0o700)
