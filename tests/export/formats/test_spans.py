"""The spans export loads into spaCy with every span intact."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterable
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin

from annotator.export import ExportOptions, export_corpus
from annotator.importing import import_files
from annotator.store.project import open_project
from annotator.export.formats.spans import SpansFormat
from annotator.export.formats.unit import Unit
from tests.export.formats.roundtrip import f1, links_of, spans_of
from tests.io.corpus_builder import Corpus, read_jsonl


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


class _Pieces:
    """A file that records the size of every piece written to it."""

    def __init__(self) -> None:
        self.pieces: list[str] = []

    def write(self, text: str) -> int:
        self.pieces.append(text)
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)


def _huge_unit(words: int) -> Unit:
    from annotator.store.corpus_queries import AnnotationRow, ArticleInfo, LinkRow

    rnd = random.Random(8)
    text = " ".join(rnd.choice(["Budi", "kata", "\"ujar\"", "1.200", "é\u0301", "👍🏽", "line\u2028sep", "a\\b"])
                    + ("\n" if rnd.random() < 0.05 else "") for _ in range(words))
    anns: list[AnnotationRow] = []
    for i in range(0, len(text) - 10, 97):
        s = i + (1 if text[i].isspace() else 0)
        anns.append(AnnotationRow(len(anns) + 1, None, 1, "entity", "PERSON", s, s + 9, text[s:s + 9], None,
                                  "manual", None))
    links = {2: [LinkRow(2, "speaker", None, 1, None, 1, 0, anns[0].text)]}
    return Unit(article=ArticleInfo(1, "besar", None, None, None, None, {}, text), paragraph=0, text=text, start=0,
                end=len(text), boilerplate=None, status="done", annotations=anns, links=links)


def test_a_huge_paragraph_is_written_in_pieces_of_bounded_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """A unit from STREAM_FROM code points on is tokenized and written a window at a time (a paragraph of
    5 million characters took 1 GB, its line and its tokens all at once); the bytes are the same."""
    from annotator.export.formats import spans
    from annotator.export.write import write_units

    monkeypatch.setattr(SpansFormat, "stream_from", 10_000)  # what write_units reads from the format
    monkeypatch.setattr(spans, "WINDOW", 500)
    unit = _huge_unit(8_000)
    assert len(unit.text) > 40_000
    whole = SpansFormat()
    line = whole.encode(unit)
    out = _Pieces()
    encoder = SpansFormat()
    write_units(iter([unit]), encoder, None, {"": out}, {"": 0}, None)  # type: ignore[dict-item]
    assert "".join(out.pieces) == line
    assert len(out.pieces) > 50 and max(map(len, out.pieces)) < 30 * 500 < len(line) / 20
    assert encoder.stats.spans == whole.stats.spans and encoder.stats.relations == whole.stats.relations == 1
    assert encoder.stats.dropped == whole.stats.dropped
    row = json.loads(line)
    assert row["text"] == unit.text and "\u2028" not in line
    for sp in row["spans"]:
        toks = row["tokens"]
        assert (toks[sp["token_start"]]["start"], toks[sp["token_end"]]["end"]) == (sp["start"], sp["end"])


@pytest.mark.parametrize("window", [1, 2, 3, 7, 40])
def test_pieces_of_every_corpus_line_make_the_line(corpus: Corpus, window: int) -> None:
    from annotator.export import ExportOptions as Options
    from annotator.export.run import selection
    from annotator.export.source import paragraph_units

    sel = selection(corpus.project, Options(format="spans", status="any"))[0]
    units = list(paragraph_units(corpus.project, sel, layouts=False, links=True, full=False))
    assert units
    for unit in units:
        assert "".join(SpansFormat().chunks(unit, window)) == SpansFormat().encode(unit)


def test_every_span_says_its_layer(spans_rows: list[dict], corpus: Corpus) -> None:
    layers = {s[4] for s in spans_of(corpus.project, "ana")}
    for row in spans_rows:
        want = {(s[2], s[3], s[5]): s[4] for s in spans_of(corpus.project, "ana")
                if (s[0], s[1]) == (row["meta"]["article_id"], row["meta"]["paragraph"])}
        assert {(s["start"], s["end"], s["label"]): s["layer"] for s in row["spans"]} == want
    assert layers == {"entity", "quote", "cue", "claim"}
    # split by layer, the entities go into doc.ents without E1010 (overlaps aside: longest first)
    nlp = spacy.blank("id")
    row = next(r for r in spans_rows if r["meta"] == {"article_id": "forum-id", "paragraph": 3})
    doc = Doc(nlp.vocab, words=[t["text"] for t in row["tokens"]], spaces=[t["ws"] for t in row["tokens"]])
    doc.ents = [doc.char_span(s["start"], s["end"], label=s["label"]) for s in row["spans"] if s["layer"] == "entity"]
    assert [e.text for e in doc.ents] == ["Rusia-China", "ASEAN"]


@pytest.mark.parametrize("unit", ["paragraph", "article"])
def test_round_trip_through_datasets_gives_every_span_back(corpus: Corpus, tmp_path: Path, unit: str) -> None:
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    os.environ["HF_HUB_OFFLINE"] = "1"
    import datasets

    out = tmp_path / "spans.jsonl"
    export_corpus(corpus.project, ExportOptions(format="spans", unit=unit), out)
    ds = datasets.load_dataset("json", data_files={"train": str(out)}, split="train",
                               cache_dir=str(tmp_path / "hf-cache"))
    assert "layer" in ds.features["spans"].feature
    again = tmp_path / "again.jsonl"
    ds.to_json(str(again), force_ascii=False)
    gold = spans_of(corpus.project, "ana")
    corpus.project.close()
    import_files(tmp_path / "p.db", [again], annotator="back")
    with open_project(tmp_path / "p.db", create=False) as p:
        assert f1(gold, spans_of(p, "back")) == 1.0
        back = links_of(p, "back")
        assert back and back <= links_of(p, "ana")  # links within the unit come back as relations
