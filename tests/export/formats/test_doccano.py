"""The doccano export: text, offsets in UTF-16 units (default), graphemes or code points, overlaps counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.offsets import grapheme_starts
from annotator.errors import AnnotatorError
from annotator.export import ExportOptions, export_corpus
from annotator.export.formats.doccano import OVERLAP_NOTE, SPLIT_CLUSTER, overlapping
from annotator.store import annotations as rows
from annotator.store import articles as store
from tests.io.corpus_builder import Corpus, read_jsonl

CODEPOINTS = (("offsets", "codepoints"),)


def test_offsets_are_exact(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "d.jsonl"
    export_corpus(corpus.project, ExportOptions(format="doccano", format_options=CODEPOINTS), out)
    lines = read_jsonl(out)
    assert len(lines) == 11
    assert all(set(r) <= {"text", "label", "article_id", "paragraph"} for r in lines)
    stored = {}
    for name, ann_id in corpus.spans.items():
        a = rows.get(corpus.project, ann_id)
        stored[name] = (a.text, a.label)
    found = [(r["text"][s:e], lab) for r in lines for s, e, lab in r["label"]]
    assert sorted(found) == sorted(stored.values())
    # the decomposed name: offsets count code points, combining marks included
    row = next(r for r in lines if r["article_id"] == "port-en" and r["paragraph"] == 3)
    s, e, _ = next(x for x in row["label"] if x[2] == "PERSON")
    assert (s, e) == (0, 14) and row["text"][s:e] == "Jose\u0301 Rami\u0301rez"


def test_suggestions_are_left_out(corpus: Corpus, tmp_path: Path) -> None:
    from annotator.services import annotate

    pid = corpus.paragraphs["port-en"][0]
    annotate.add_annotation(corpus.project, pid, "ana", "EVENT", 0, 8, origin="suggested")
    out = tmp_path / "d.jsonl"
    summary = export_corpus(corpus.project, ExportOptions(format="doccano"), out)
    assert summary.dropped["suggestion not yet accepted"] == 1
    assert "EVENT" not in {lab for r in read_jsonl(out) for _, _, lab in r["label"]}


def _u16_slice(text: str, s: int, e: int) -> str:
    return text.encode("utf-16-le")[2 * s:2 * e].decode("utf-16-le")


def _stored(corpus: Corpus) -> list[tuple[str, str]]:
    return sorted((rows.get(corpus.project, i).text, rows.get(corpus.project, i).label) for i in corpus.spans.values())


def test_default_offsets_are_utf16_units(corpus: Corpus, tmp_path: Path) -> None:
    """What doccano's screen counts by default: a span after an emoji or a flag is two units further per
    astral character; read as code points it would cover the wrong characters."""
    out = tmp_path / "d.jsonl"
    export_corpus(corpus.project, ExportOptions(format="doccano"), out)
    lines = read_jsonl(out)
    assert sorted((_u16_slice(r["text"], s, e), lab) for r in lines for s, e, lab in r["label"]) == _stored(corpus)
    row = next(r for r in lines if r["article_id"] == "forum-id" and r["paragraph"] == 2)
    s, e, _ = next(x for x in row["label"] if x[2] == "GPE" and _u16_slice(row["text"], x[0], x[1]) == "🇮🇩🇲🇾")
    assert e - s == 8  # four regional indicators, two units each
    assert row["text"][s:e] != "🇮🇩🇲🇾"  # code points would be off: the unit matters


def test_grapheme_offsets(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "d.jsonl"
    summary = export_corpus(corpus.project, ExportOptions(format="doccano", format_options=(("offsets", "graphemes"),)),
                            out)
    found = []
    for r in read_jsonl(out):
        starts = grapheme_starts(r["text"])
        found += [(r["text"][starts[s]:starts[e]], lab) for s, e, lab in r["label"]]
    assert sorted(found) == _stored(corpus)
    row = next(r for r in read_jsonl(out) if r["article_id"] == "forum-id" and r["paragraph"] == 2)
    assert any(x[2] == "GPE" and x[1] - x[0] == 2 for x in row["label"])  # two flags: two clusters
    assert not summary.dropped


def test_a_span_edge_inside_a_cluster_cannot_be_written_in_graphemes(corpus: Corpus, tmp_path: Path) -> None:
    from annotator.services import annotate

    pid = corpus.paragraphs["forum-id"][0]  # the headline ends with a flag
    par = store.get_paragraph(corpus.project, pid)
    assert par is not None
    par_text = par.text
    flag = par_text.index("🇮🇩")
    annotate.add_annotation(corpus.project, pid, "ana", "GPE", flag, flag + 1)  # half a flag
    summary = export_corpus(corpus.project, ExportOptions(format="doccano", format_options=(("offsets", "graphemes"),)),
                            tmp_path / "g.jsonl")
    assert summary.dropped[SPLIT_CLUSTER] == 1
    summary = export_corpus(corpus.project, ExportOptions(format="doccano"), tmp_path / "u.jsonl")
    assert not summary.dropped  # in UTF-16 units it can be written


def test_overlapping_spans_are_written_and_counted(corpus: Corpus, tmp_path: Path) -> None:
    summary = export_corpus(corpus.project, ExportOptions(format="doccano"), tmp_path / "d.jsonl")
    # the corpus's overlaps: ORG inside ORG, GPE inside QUOTE (x2 with ASEAN), CUE inside QUOTE ...
    assert summary.notes[OVERLAP_NOTE] > 0
    assert any(line.startswith("note: ") and "allow overlapping" in line for line in summary.lines())
    assert not summary.dropped


@pytest.mark.parametrize(("spans", "n"), [
    ([], 0), ([(0, 4)], 0), ([(0, 4), (4, 8)], 0), ([(0, 4), (2, 6)], 2), ([(0, 4), (0, 4)], 2),
    ([(0, 10), (1, 2), (3, 4), (20, 22)], 3), ([(0, 3), (2, 5), (4, 7), (9, 10)], 3)])
def test_overlapping_count(spans: list[tuple[int, int]], n: int) -> None:
    assert overlapping(spans) == n


def test_an_unknown_unit_is_one_line(corpus: Corpus, tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match=r"unknown offsets 'bytes' \(one of codepoints, utf16, graphemes\)"):
        export_corpus(corpus.project, ExportOptions(format="doccano", format_options=(("offsets", "bytes"),)),
                      tmp_path / "d.jsonl")


def test_cli_offsets_only_with_doccano(corpus: Corpus, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from annotator.cli import main

    path = str(corpus.project.path)
    corpus.project.close()
    out = tmp_path / "g.jsonl"
    res = CliRunner().invoke(main, ["export", path, str(out), "--format", "doccano", "--offsets", "graphemes"])
    assert res.exit_code == 0, res.output
    assert read_jsonl(out)
    res = CliRunner().invoke(main, ["export", path, str(tmp_path / "s.jsonl"), "--format", "spans",
                                    "--offsets", "utf16"])
    assert res.exit_code != 0 and "--offsets: only with --format doccano" in res.output
    assert not (tmp_path / "s.jsonl").exists()
