"""The doccano export: text and exact code-point offsets."""

from __future__ import annotations

from pathlib import Path

from annotator.export import ExportOptions, export_corpus
from annotator.store import annotations as rows
from tests.io.corpus_builder import Corpus, read_jsonl


def test_offsets_are_exact(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "d.jsonl"
    export_corpus(corpus.project, ExportOptions(format="doccano"), out)
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
