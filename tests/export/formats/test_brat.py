"""brat standoff out and back: the files, their offsets (code points of the .txt, CRLF kept), the round trip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.export import ExportOptions, export_corpus
from annotator.export.formats.brat import annotation_conf, fragments
from annotator.importing import import_files
from annotator.io.output_check import OutputExistsError
from annotator.store.labels_store import load_schema
from annotator.store.project import Project, open_project
from tests.export.formats.peer_corpus import EN_TEXT, ID_TEXT, PeerCorpus, article_spans, build, span_f1

_T = re.compile(r"^T\d+\t(\S+) ([\d ;]+)\t(.*)$")


@pytest.fixture()
def peer(project: Project, tmp_path: Path) -> PeerCorpus:
    return build(project, tmp_path / "in")


def _export(peer: PeerCorpus, out: Path, **kw: object) -> None:
    export_corpus(peer.project, ExportOptions(format="brat", unit="article", **kw), out)  # type: ignore[arg-type]


def _strict_spans(folder: Path, stem: str) -> list[tuple[str, int, int]]:
    """The T lines of NAME.ann checked as brat checks them: every fragment's text is the .txt's there."""
    text = (folder / f"{stem}.txt").read_bytes().decode("utf-8")
    out = []
    for line in (folder / f"{stem}.ann").read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        m = _T.match(line)
        assert m, line
        frags = [tuple(map(int, f.split())) for f in m.group(2).split(";")]
        assert " ".join(text[s:e] for s, e in frags) == m.group(3)
        assert all("\n" not in text[s:e] and "\r" not in text[s:e] for s, e in frags)
        out.append((m.group(1), frags[0][0], frags[-1][1]))
    return out


def test_files_and_exact_offsets(peer: PeerCorpus, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    _export(peer, out)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["annotation.conf", "bitung-en.ann", "bitung-en.txt", "bitung-id.ann", "bitung-id.txt",
                     "visual.conf"]
    assert (out / "bitung-id.txt").read_bytes() == ID_TEXT.encode("utf-8")  # CRLF kept, byte for byte
    assert (out / "bitung-en.txt").read_bytes() == EN_TEXT.encode("utf-8")
    spans = _strict_spans(out, "bitung-id")
    flag = next((s, e) for lab, s, e in spans if lab == "GPE" and ID_TEXT[s:e] == "🇯🇵🇮🇩")
    assert flag == (ID_TEXT.index("🇯🇵🇮🇩"), ID_TEXT.index("🇯🇵🇮🇩") + 4)  # code points: 4, not 8 UTF-16 units
    ann = (out / "bitung-id.ann").read_text(encoding="utf-8")
    assert re.search(r"^T\d+\tQUOTE \d+ \d+\t“Dermaga ini untuk nelayan kecil,$", ann, re.M)
    assert re.search(r"^A\d+\tkind T\d+ direct$", ann, re.M)
    assert re.search(r"^A\d+\tstance T\d+ neutral$", ann, re.M)
    assert len(re.findall(r"^R\d+\t(speaker|cue|claimant) Arg1:T\d+ Arg2:T\d+$", ann, re.M)) == 4


def test_summary_counts_dropped_special_links(peer: PeerCorpus, tmp_path: Path) -> None:
    summary = export_corpus(peer.project, ExportOptions(format="brat", unit="article"), tmp_path / "b")
    assert summary.lines_written == 2
    assert summary.dropped["speaker link to 'unnamed' (no span to relate)"] == 1
    assert summary.relations == 7
    assert "2 article(s) written" in summary.lines()[0]


def test_round_trip_into_a_new_project(peer: PeerCorpus, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    _export(peer, out)
    lines = import_files(tmp_path / "back.db", [out], annotator="bo")
    assert "2 file(s)" in lines[0]
    before = article_spans(peer.project, "ana")
    with open_project(tmp_path / "back.db", create=False) as back:
        after = article_spans(back, "bo")
        assert back.scalar("SELECT count(*) FROM articles") == 2  # the .txt files were not imported again
    assert set(before) == set(after)  # the same article texts, CRLF and all
    for text in before:
        assert span_f1(before[text], after[text]) == 1.0


def test_round_trip_into_the_same_project_adds_nothing(peer: PeerCorpus, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    _export(peer, out)
    lines = import_files(peer.project.path, [out / "bitung-id.ann", out / "bitung-en.ann"], annotator="ana")
    assert lines[0].startswith("0 annotation(s)")
    assert "2 already in the project" in lines[0]


def test_existing_folder_needs_force(peer: PeerCorpus, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    _export(peer, out)
    with pytest.raises(OutputExistsError):
        _export(peer, out)
    _export(peer, out, replace=True)
    assert (out / "bitung-id.ann").is_file()
    (out / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"notes\.md"):
        _export(peer, out, replace=True)
    assert (out / "notes.md").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".brat.")]  # no temporary folder left


def test_paragraph_unit_is_refused(peer: PeerCorpus, tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="--unit article"):
        export_corpus(peer.project, ExportOptions(format="brat"), tmp_path / "b")
    assert not (tmp_path / "b").exists()


def test_fragments_split_at_line_breaks() -> None:
    text = "ab\r\ncd\n\nef"
    assert fragments(text, 0, len(text)) == [(0, 2), (4, 6), (8, 10)]
    assert fragments(text, 2, 4) == []
    assert fragments("abc", 0, 3) == [(0, 3)]


def test_annotation_conf_declares_the_schema(project: Project) -> None:
    conf = annotation_conf(load_schema(project))
    assert "[entities]\nPERSON\n" in conf
    assert "speaker\tArg1:QUOTE, Arg2:PERSON|ORG|NORP" in conf
    assert "claimant\tArg1:CLAIM, Arg2:PERSON|ORG|NORP" in conf
    assert "kind\tArg:QUOTE, Value:direct|indirect|mixed" in conf
    assert "<OVERLAP>" in conf
