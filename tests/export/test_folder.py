"""Folder exports (brat, xmi, webanno-tsv, citron): where OUT goes, the output rule, atomic appearance, splits."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.export import ExportOptions, export_corpus
from annotator.export.folder import folder_path
from annotator.export.formats.brat import BratFormat
from annotator.io.atomic import OutputError
from annotator.io.output_check import OutputExistsError
from annotator.store.project import Project
from tests.export.formats.peer_corpus import PeerCorpus, build


@pytest.fixture()
def peer(project: Project, tmp_path: Path) -> PeerCorpus:
    return build(project, tmp_path / "in")


def _brat(**kw: object) -> ExportOptions:
    return ExportOptions(format="brat", unit="article", **kw)  # type: ignore[arg-type]


def test_default_folder_is_new_each_time(peer: PeerCorpus, tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    first = export_corpus(peer.project, _brat(), exports_dir=exports)
    second = export_corpus(peer.project, _brat(), exports_dir=exports)
    [a], [b] = first.files, second.files
    assert a != b and a.parent == b.parent == exports
    assert a.name == f"p_brat_{datetime.now():%Y-%m-%d}"
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in b.iterdir())


def test_out_that_is_a_file_is_refused(peer: PeerCorpus, tmp_path: Path) -> None:
    out = tmp_path / "brat.txt"
    out.write_text("catatan", encoding="utf-8")
    with pytest.raises(OutputError, match="not a folder"):
        export_corpus(peer.project, _brat(replace=True), out)
    assert out.read_text(encoding="utf-8") == "catatan"


def test_empty_folder_is_used_and_force_replaces_a_previous_export(peer: PeerCorpus, tmp_path: Path) -> None:
    out = tmp_path / "b"
    out.mkdir()
    export_corpus(peer.project, _brat(), out)
    (out / "old-article.ann").write_text("", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        export_corpus(peer.project, _brat(), out)
    export_corpus(peer.project, _brat(replace=True), out)
    assert not (out / "old-article.ann").exists()  # replaced whole, not merged
    assert (out / "bitung-id.ann").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".b.")] == []


def test_a_folder_holding_the_project_is_never_replaced(peer: PeerCorpus, tmp_path: Path) -> None:
    opts = _brat(replace=True)
    with pytest.raises(OutputError, match="not a file of a brat export"):
        folder_path(peer.project, opts, peer.project.path.parent, None, BratFormat.suffixes)


def test_split_writes_one_subfolder_per_part(peer: PeerCorpus, tmp_path: Path) -> None:
    out = tmp_path / "split"
    summary = export_corpus(peer.project, _brat(split=(("train", 0.5), ("test", 0.5))), out)
    assert sorted(p.name for p in out.iterdir()) == ["test", "train"]
    for part in ("train", "test"):
        names = sorted(p.name for p in (out / part).iterdir())
        assert "annotation.conf" in names and len([n for n in names if n.endswith(".ann")]) == 1
    assert summary.files == {out / "train": 1, out / "test": 1}


def test_a_failure_leaves_nothing(peer: PeerCorpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fail_second(self: BratFormat, unit, stem):
        calls.append(stem)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return original(self, unit, stem)

    original = BratFormat.documents
    monkeypatch.setattr(BratFormat, "documents", fail_second)
    out = tmp_path / "b"
    with pytest.raises(OutputError, match="nothing was written"):
        export_corpus(peer.project, _brat(), out)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".b.")] == []


def test_stale_temporary_folders_are_removed(peer: PeerCorpus, tmp_path: Path) -> None:
    stale = tmp_path / ".b.999999999-x1.part"  # no such process
    stale.mkdir()
    (stale / "half.ann").write_text("", encoding="utf-8")
    mine = tmp_path / f".b.{os.getpid()}-x2.part"  # this process: maybe still being written
    mine.mkdir()
    export_corpus(peer.project, _brat(), tmp_path / "b")
    assert not stale.exists() and mine.exists()


def test_command_line(peer: PeerCorpus, tmp_path: Path) -> None:
    out = tmp_path / "cli-brat"
    peer.project.close()
    result = CliRunner().invoke(main, ["export", str(tmp_path / "p.db"), str(out), "--format", "brat",
                                       "--unit", "article"])
    assert result.exit_code == 0, result.output
    assert "brat: 2 article(s) written" in result.output
    assert (out / "bitung-en.ann").is_file()
    result = CliRunner().invoke(main, ["export", str(tmp_path / "p.db"), str(tmp_path / "x"), "--format", "citron"])
    assert result.exit_code != 0 and "--unit article" in result.output
