"""The native export: lossless, stable, with links across paragraphs."""

from __future__ import annotations

from pathlib import Path

from annotator.export import ExportOptions, export_corpus
from annotator.store import annotations as rows
from tests.io.corpus_builder import EN_TEXT, ID_TEXT, Corpus, read_jsonl


def test_paragraph_lines(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "n.jsonl"
    summary = export_corpus(corpus.project, ExportOptions(format="native"), out)
    lines = read_jsonl(out)
    assert len(lines) == 11 and summary.lines_written == 11
    first = lines[0]
    assert first["format"] == "corpus-annotator-native" and first["version"] == 1
    assert first["article"]["id"] == "forum-id" and first["paragraph"] == 0
    assert first["annotator"] == "ana" and first["status"] == "done" and first["gold"] is False
    # the article text and layout come once per article, on its first line
    assert first["article_text"] == ID_TEXT
    assert [p[2] for p in first["article_paragraphs"]] == [None, "timestamp", None, None, None, "trailer"]
    assert all(r["article_text"] is None for r in lines[1:6])
    assert lines[6]["article_text"] == EN_TEXT and lines[6]["article"]["meta"] == {"desk": "economy",
                                                                                    "tags": ["port", "trade"]}
    for r in lines:
        art = first["article_text"] if r["article"]["id"] == "forum-id" else EN_TEXT
        assert art[r["start"]:r["end"]] == r["text"]
        for a in r["annotations"]:
            assert r["text"][a["start"]:a["end"]] == a["text"]
    assert lines[1]["boilerplate"] == "timestamp"


def test_links_across_paragraphs(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "n.jsonl"
    export_corpus(corpus.project, ExportOptions(format="native"), out)
    lines = read_jsonl(out)
    quote = rows.get(corpus.project, corpus.spans["quote_id"])
    ayu = rows.get(corpus.project, corpus.spans["ayu"])
    line = next(r for r in lines if any(a["id"] == quote.uid for a in r["annotations"]))
    speaker = next(lk for lk in line["links"] if lk["kind"] == "speaker")
    assert speaker == {"source": quote.uid, "kind": "speaker", "target": ayu.uid, "special": None,
                       "target_paragraph": 2, "target_text": "Ayu Pratiwi"}
    q = next(a for a in line["annotations"] if a["id"] == quote.uid)
    assert q["attrs"] == {"kind": "direct"} and q["origin"] == "manual" and q["layer"] == "quote"
    anon = next(lk for r in lines for lk in r["links"] if lk["special"] == "unnamed")
    assert anon["target"] is None and anon["kind"] == "speaker"


def test_stable_order_and_layer_filter(corpus: Corpus, tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    export_corpus(corpus.project, ExportOptions(format="native", layer="claim"), a)
    export_corpus(corpus.project, ExportOptions(format="native", layer="claim"), b)
    strip = [{k: v for k, v in r.items() if k != "exported_at"} for r in read_jsonl(a)]
    assert strip == [{k: v for k, v in r.items() if k != "exported_at"} for r in read_jsonl(b)]
    labels = {x["label"] for r in read_jsonl(a) for x in r["annotations"]}
    assert labels == {"CLAIM"}
    # the claimant link stays, naming its target though the target is not in this file
    claim_links = [lk for r in read_jsonl(a) for lk in r["links"]]
    assert {lk["target_text"] for lk in claim_links} == {"Badan Pusat Statistik", "Jose\u0301 Rami\u0301rez"}


def test_article_unit(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "n.jsonl"
    export_corpus(corpus.project, ExportOptions(format="native", unit="article"), out)
    lines = read_jsonl(out)
    assert [r["article"]["id"] for r in lines] == ["forum-id", "port-en"]  # ferry-id is not done
    assert lines[0]["text"] == ID_TEXT
    assert [p["paragraph"] for p in lines[0]["paragraphs"]] == [0, 1, 2, 3, 4, 5]
    for p in lines[1]["paragraphs"]:
        for a in p["annotations"]:
            assert EN_TEXT[p["start"]:p["end"]][a["start"]:a["end"]] == a["text"]


def test_status_any_includes_todo_paragraphs(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "n.jsonl"
    summary = export_corpus(corpus.project, ExportOptions(format="native", status="any"), out)
    lines = read_jsonl(out)
    assert len(lines) == 13 and not summary.left_out
    assert [r["status"] for r in lines if r["article"]["id"] == "ferry-id"] == ["todo", "todo"]
