"""The spans export loads into spaCy with every span intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.services.exporting import ExportOptions, export_corpus
from tests.io.corpus_builder import Corpus, read_jsonl

import spacy  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402


@pytest.fixture()
def spans_rows(corpus: Corpus, tmp_path: Path) -> list[dict]:
    out = tmp_path / "spans.jsonl"
    summary = export_corpus(corpus.project, ExportOptions(format="spans"), out)
    assert summary.files == {out: 11}
    return read_jsonl(out)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_span_is_a_char_span_in_spacy(spans_rows: list[dict], lang: str) -> None:
    nlp = spacy.blank(lang)
    docs = []
    n_spans = 0
    for row in spans_rows:
        toks = row["tokens"]
        assert [t["id"] for t in toks] == list(range(len(toks)))
        doc = Doc(nlp.vocab, words=[t["text"] for t in toks], spaces=[t["ws"] for t in toks])
        assert doc.text == row["text"]
        for t, tok in zip(toks, doc):
            assert (tok.idx, tok.idx + len(tok.text)) == (t["start"], t["end"])
        spans = []
        for sp in row["spans"]:
            span = doc.char_span(sp["start"], sp["end"], label=sp["label"])
            assert span is not None, (row["text"], sp)
            assert (span.start, span.end - 1) == (sp["token_start"], sp["token_end"])
            spans.append(span)
        n_spans += len(spans)
        doc.spans["sc"] = spans
        docs.append(doc)
    assert n_spans == 26
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    assert [d.text for d in back] == [r["text"] for r in spans_rows]
    assert sum(len(d.spans["sc"]) for d in back) == n_spans


def test_spacy_tokenizer_agrees_on_white_space(spans_rows: list[dict]) -> None:
    """Where our tokens are white space, spaCy's own tokenizer has the same white space."""
    nlp = spacy.blank("id")
    for row in spans_rows:
        ours = [t["text"] for t in row["tokens"] if not t["text"].strip()]
        theirs = [t.text for t in nlp(row["text"]) if not t.text.strip()]
        assert ours == theirs


def test_shape_and_relations(spans_rows: list[dict]) -> None:
    row = next(r for r in spans_rows if r["meta"] == {"article_id": "forum-id", "paragraph": 3})
    assert row["answer"] == "accept"
    assert set(row) == {"text", "meta", "tokens", "spans", "relations", "answer"}
    by_label = {s["label"]: s for s in row["spans"]}
    assert row["text"][by_label["GPE"]["start"]:by_label["GPE"]["end"]] == "Rusia-China"
    (rel,) = row["relations"]  # the cue is here; the speaker is one paragraph up
    assert rel["label"] == "cue"
    assert rel["head_span"] == by_label["QUOTE"] and rel["child_span"] == by_label["CUE"]
    assert rel["head"] == by_label["QUOTE"]["token_end"] and rel["child"] == by_label["CUE"]["token_end"]
    # each flag (a pair of regional indicators) and the emoji with a skin tone are single tokens
    flags = next(r for r in spans_rows if r["meta"] == {"article_id": "forum-id", "paragraph": 2})
    texts = [t["text"] for t in flags["tokens"]]
    i = texts.index("🇮🇩")
    assert texts[i + 1] == "🇲🇾"
    gpe = next(s for s in flags["spans"] if flags["text"][s["start"]:s["end"]] == "🇮🇩🇲🇾")
    assert (gpe["token_start"], gpe["token_end"]) == (i, i + 1)
    assert "👍🏽" in [t["text"] for t in row["tokens"]]


def test_white_space_inside_a_paragraph_becomes_tokens(spans_rows: list[dict]) -> None:
    row = next(r for r in spans_rows if r["meta"] == {"article_id": "forum-id", "paragraph": 4})
    ws_tokens = [t["text"] for t in row["tokens"] if not t["text"].strip()]
    assert ws_tokens == ["\u00a0", " ", "\t"]  # NBSP, the second of two spaces, a tab


def test_links_that_are_not_relations_are_counted(corpus: Corpus, tmp_path: Path) -> None:
    summary = export_corpus(corpus.project, ExportOptions(format="spans"), tmp_path / "s.jsonl")
    assert summary.relations == 6
    assert summary.dropped["speaker link to a span in another paragraph"] == 2
    assert summary.dropped["speaker link to 'unnamed' (no span to relate)"] == 1
    text = "\n".join(summary.lines())
    assert "dropped: 2 speaker link to a span in another paragraph" in text


def test_article_unit(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    export_corpus(corpus.project, ExportOptions(format="spans", unit="article"), out)
    rows = read_jsonl(out)
    assert [r["meta"] for r in rows] == [{"article_id": "forum-id"}, {"article_id": "port-en"}]
    nlp = spacy.blank("en")
    for row in rows:
        doc = Doc(nlp.vocab, words=[t["text"] for t in row["tokens"]], spaces=[t["ws"] for t in row["tokens"]])
        assert doc.text == row["text"]  # CRLF and blank lines between paragraphs are tokens
        assert all(doc.char_span(s["start"], s["end"], label=s["label"]) for s in row["spans"])
    # the quote and its speaker one paragraph up are in one unit now: a relation
    en = rows[1]
    labels = {(r["head_span"]["label"], r["child_span"]["label"], r["label"]) for r in en["relations"]}
    assert ("QUOTE", "PERSON", "speaker") in labels
    assert "\r\n" in rows[0]["text"]
