"""Where a format written whole (docbin) goes: a file, a folder to name it in, the exports folder; all or nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.export import ExportOptions, export_corpus
from annotator.export.whole_file import whole_file_paths
from tests.io.corpus_builder import Corpus

WHEN = datetime(2026, 3, 9, 14, 5, 1)


def test_names_in_a_folder_and_in_exports(corpus: Corpus, tmp_path: Path) -> None:
    opts = ExportOptions(format="docbin")
    folder = tmp_path / "out"
    folder.mkdir()
    assert whole_file_paths(corpus.project, opts, ".spacy", folder, when=WHEN) == {
        "": folder / "p_docbin_2026-03-09.spacy"}
    (folder / "p_docbin_2026-03-09.spacy").write_bytes(b"")
    assert whole_file_paths(corpus.project, opts, ".spacy", folder, when=WHEN) == {
        "": folder / "p_docbin_2026-03-09_140501.spacy"}
    split = ExportOptions(format="docbin", split=(("train", 0.8), ("dev", 0.2)))
    assert whole_file_paths(corpus.project, split, ".spacy", None, exports_dir=folder, when=WHEN) == {
        "train": folder / "p_docbin_2026-03-09.train.spacy", "dev": folder / "p_docbin_2026-03-09.dev.spacy"}


def test_the_project_is_never_an_output(corpus: Corpus, tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="open in this program|input of this command"):
        export_corpus(corpus.project, ExportOptions(format="docbin", replace=True), corpus.project.path)


def test_a_failure_leaves_no_file(corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.export.formats.docbin import DocBinFormat

    def broken(self: DocBinFormat, part: str = "") -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(DocBinFormat, "data", broken)
    out = tmp_path / "x.spacy"
    with pytest.raises(AnnotatorError, match="cannot write"):
        export_corpus(corpus.project, ExportOptions(format="docbin"), out)
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".x.spacy")]
