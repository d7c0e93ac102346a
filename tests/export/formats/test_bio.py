"""The bio export loads with Hugging Face datasets; tags give back the entity spans."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from annotator.core.tokenize import token_spans
from annotator.export import ExportOptions, export_corpus
from annotator.importing import import_files
from annotator.store.project import open_project
from tests.export.formats.roundtrip import f1, spans_of
from tests.io.corpus_builder import Corpus, read_jsonl

os.environ["HF_DATASETS_OFFLINE"] = "1"  # no hub: read local files only
os.environ["HF_HUB_OFFLINE"] = "1"
import datasets


_BASE = {"id", "article_id", "paragraph", "text", "tokens", "offsets"}  # besides the tag columns


def tags_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """IOB2 tags -> (first token, last token, label)."""
    out: list[tuple[int, int, str]] = []
    for i, tag in enumerate(tags):
        if tag.startswith("B-"):
            out.append((i, i, tag[2:]))
        elif tag.startswith("I-"):
            assert out and out[-1][2] == tag[2:] and out[-1][1] == i - 1, f"I- without B- at {i}: {tags}"
            out[-1] = (out[-1][0], i, tag[2:])
        else:
            assert tag == "O"
    return out


def test_loads_with_datasets_and_tags_give_back_the_spans(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "bio.jsonl"
    native = tmp_path / "native.jsonl"
    summary = export_corpus(corpus.project, ExportOptions(format="bio"), out)
    export_corpus(corpus.project, ExportOptions(format="native", layer="entity"), native)
    assert summary.labels_file == tmp_path / "bio.labels.json"
    labels = json.loads(summary.labels_file.read_text(encoding="utf-8"))
    assert list(labels) == ["ner_tags"]
    assert labels["ner_tags"][:3] == ["O", "B-PERSON", "I-PERSON"]

    ds = datasets.load_dataset("json", data_files={"train": str(out)}, split="train",
                               cache_dir=str(tmp_path / "hf-cache"))
    assert ds.num_rows == 11
    assert set(ds.column_names) == {*_BASE, "ner_tags"}
    names = datasets.ClassLabel(names=labels["ner_tags"])
    for row in ds:
        assert len(row["tokens"]) == len(row["ner_tags"])
        names.str2int(row["ner_tags"])  # every tag is in the label file

    # tags back to spans = the entity spans (with the one overlapping ORG dropped: the longest wins)
    natives = {f"{r['article']['id']}:{r['paragraph']}": r for r in read_jsonl(native)}
    dropped = 0
    for row in ds:
        nat = natives[row["id"]]
        text = nat["text"]
        bounds = {x for a in nat["annotations"] for x in (a["start"], a["end"])}
        toks = token_spans(text, bounds)
        assert row["tokens"] == [text[s:e] for s, e in toks]
        got = {(toks[a][0], toks[b][1], lab) for a, b, lab in tags_to_spans(row["ner_tags"])}
        want = {(a["start"], a["end"], a["label"]) for a in nat["annotations"]}
        assert got <= want
        for s, e, _lab in want - got:
            dropped += 1
            assert any(gs <= s < ge or s <= gs < e for gs, ge, _ in got), "only overlapping spans are dropped"
            assert any((ge - gs) >= (e - s) for gs, ge, _ in got)
    assert dropped == 1 == summary.dropped["overlapping entity span (the longest was kept)"]


def test_layer_all_gives_one_column_per_layer(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "bio.jsonl"
    export_corpus(corpus.project, ExportOptions(format="bio", layer="all"), out)
    rows = read_jsonl(out)
    assert all(set(r) == {*_BASE, "ner_tags", "quote_tags", "cue_tags", "claim_tags"} for r in rows)
    row = next(r for r in rows if r["id"] == "port-en:2")
    quote = [t for t, tag in zip(row["tokens"], row["quote_tags"]) if tag != "O"]
    assert quote[0] == "\u201c" and quote[-1] == "\u201d"
    assert row["quote_tags"][0] == "B-QUOTE"
    assert "B-CUE" in row["cue_tags"]
    labels = json.loads((tmp_path / "bio.labels.json").read_text(encoding="utf-8"))
    assert labels["claim_tags"] == ["O", "B-CLAIM", "I-CLAIM"]


def test_quote_layer_only(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "q.jsonl"
    export_corpus(corpus.project, ExportOptions(format="bio", layer="quote"), out)
    assert all(set(r) == {*_BASE, "quote_tags", "cue_tags"} for r in read_jsonl(out))


def test_offsets_are_the_tokens_in_the_text(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "bio.jsonl"
    export_corpus(corpus.project, ExportOptions(format="bio", unit="article"), out)
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == [r["article_id"] for r in rows] and not any("paragraph" in r for r in rows)
    for row in rows:
        assert "\r\n" in row["text"] or row["article_id"] == "port-en"
        assert [row["text"][s:e] for s, e in row["offsets"]] == row["tokens"]
        assert all(not t.isspace() for t in row["tokens"])


@pytest.mark.parametrize("unit", ["paragraph", "article"])
def test_round_trip_through_datasets_gives_every_span_back(corpus: Corpus, tmp_path: Path, unit: str) -> None:
    out = tmp_path / "bio.jsonl"
    export_corpus(corpus.project, ExportOptions(format="bio", layer="all", unit=unit), out)
    ds = datasets.load_dataset("json", data_files={"train": str(out)}, split="train",
                               cache_dir=str(tmp_path / "hf-cache"))
    again = tmp_path / "again.jsonl"
    ds.to_json(str(again), force_ascii=False)  # datasets' own writer: what a user's script would save
    gold = spans_of(corpus.project, "ana")
    inner = {s for s in gold if s[0] == "port-en" and s[5] == "ORG" and s[3] - s[2] == len("Pelabuhan Watch")}
    corpus.project.close()
    import_files(tmp_path / "p.db", [again], annotator="back")
    with open_project(tmp_path / "p.db", create=False) as p:
        assert f1(gold - inner, spans_of(p, "back")) == 1.0  # all but the ORG inside a longer ORG


def test_predictions_come_back_as_suggestions(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "bio.jsonl"
    export_corpus(corpus.project, ExportOptions(format="bio"), out)
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        for row in read_jsonl(out):  # a "model" that tags every capitalised token as a one-token ORG (BIOES)
            row["ner_tags"] = ["S-ORG" if t[:1].isupper() else "O" for t in row["tokens"]]
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    corpus.project.close()
    import_files(tmp_path / "p.db", [pred], annotator="model", as_suggestions=True)
    with open_project(tmp_path / "p.db", create=False) as p:
        got = spans_of(p, "model")
        assert got and got == spans_of(p, "model", origin="suggested")
        assert {s[5] for s in got} == {"ORG"}
        assert ("forum-id", 2, 0, 7, "entity", "ORG") in got  # "Menteri"
