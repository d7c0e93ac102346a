"""Citron JSON out and back: Citron's data format, read as Citron's own parser reads it, and the round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.export import ExportOptions, export_corpus
from annotator.importing import import_files
from annotator.store.project import Project, open_project
from tests.export.formats.peer_corpus import ID_TEXT, PeerCorpus, article_spans, build, span_f1


@pytest.fixture()
def peer(project: Project, tmp_path: Path) -> PeerCorpus:
    return build(project, tmp_path / "in")


def _citron_parse(path: Path) -> tuple[str, list[dict], list[list[dict]]]:
    """What Citron's ``CitronParser.parse`` does with a file: the text through spaCy, each span mapped from
    character offsets to tokens; a span that maps to no tokens fails here."""
    spacy = pytest.importorskip("spacy")
    data = json.loads(path.read_text(encoding="utf-8"))
    doc = spacy.blank("xx")(data["text"])
    assert doc.text == data["text"]
    index: list[int | None] = [None] * len(doc.text)
    for tok in doc:
        for i in range(len(tok) + len(tok.whitespace_)):
            index[tok.idx + i] = tok.i

    def span(obj: dict) -> None:
        assert set(obj) >= {"start", "end", "text"} and data["text"][obj["start"]:obj["end"]] == obj["text"]
        start, end = index[obj["start"]], index[obj["end"] - 1]
        assert start is not None and end is not None and end + 1 > start

    for q in data["quotes"]:
        span(q["cue"])
        for s in q["sources"] + q["contents"]:
            span(s)
    for group in data["coreference_groups"]:
        for s in group:
            span(s)
    return data["text"], data["quotes"], data["coreference_groups"]


def test_citron_data_format(peer: PeerCorpus, tmp_path: Path) -> None:
    out = tmp_path / "citron"
    summary = export_corpus(peer.project, ExportOptions(format="citron", unit="article"), out)
    assert sorted(p.name for p in out.iterdir()) == ["bitung-en.json", "bitung-id.json"]
    text, quotes, groups = _citron_parse(out / "bitung-id.json")
    assert text == ID_TEXT  # CRLF kept
    assert len(quotes) == 1
    q = quotes[0]
    assert q["cue"]["text"] == "ujar"
    assert [s["text"] for s in q["sources"]] == ["Maurits Rondonuwu"]
    assert [c["text"] for c in q["contents"]] == ["“Dermaga ini untuk nelayan kecil,"]
    flags = next(m for g in groups for m in g if m["text"] == "🇯🇵🇮🇩")
    assert flags["start"] == ID_TEXT.index("🇯🇵🇮🇩")  # code points
    maurits = next(g for g in groups if any(m["text"] == "Maurits" for m in g))
    assert sorted(m["text"] for m in maurits) == ["Maurits", "Maurits Rondonuwu"]  # the explicit cluster
    assert summary.dropped["claim (Citron has no claims)"] == 2
    assert summary.dropped["quote without a cue link (Citron needs a cue)"] == 2
    assert summary.dropped["speaker link to 'unnamed' (no span to relate)"] == 1


def _carried(spans: set[tuple]) -> set[tuple]:
    """What Citron carries of an article: quotes with a cue link, their cues and speakers, every entity."""
    cued = {link[1] for link in spans if link[0] == "link" and link[2] == "cue"}
    cues = {link[3] for link in spans if link[0] == "link" and link[2] == "cue"}
    out = set()
    for item in spans:
        if item[0] == "span":
            label, span = item[3], item[1:4]
            if label == "CLAIM" or (label == "QUOTE" and span not in cued) or (label == "CUE" and span not in cues):
                continue
            out.add(item)
        elif item[1] in cued and item[2] in ("cue", "speaker"):
            out.add(item)
    return out


def test_round_trip_span_f1(peer: PeerCorpus, tmp_path: Path) -> None:
    out = tmp_path / "citron"
    export_corpus(peer.project, ExportOptions(format="citron", unit="article"), out)
    import_files(tmp_path / "back.db", [out], annotator="bo")
    before = article_spans(peer.project, "ana")
    with open_project(tmp_path / "back.db", create=False) as back:
        after = article_spans(back, "bo")
        clusters = back.conn.execute("SELECT DISTINCT entity FROM annotations WHERE entity IS NOT NULL").fetchall()
    assert set(before) == set(after)
    for text in before:
        gold = _carried(before[text])
        assert gold and span_f1(gold, after[text]) == 1.0
    assert len(clusters) == 1  # Maurits / Maurits Rondonuwu stay one entity


def test_citron_file_without_our_labels(project: Project, tmp_path: Path) -> None:
    """A file as Citron writes it (no labels, no kinds): sources are PERSON, or their group member's label."""
    text = "Gubernur Olly Dondokambey mengatakan, \u201cPelabuhan ini milik rakyat.\u201d 🇮🇩\n"
    olly = (text.index("Olly"), text.index("Olly") + len("Olly Dondokambey"))
    said = (text.index("mengatakan"), text.index("mengatakan") + len("mengatakan"))
    content = (text.index("\u201c"), text.index("\u201d") + 1)
    obj = {"text": text, "quotes": [{
        "cue": {"start": said[0], "end": said[1], "text": "mengatakan"},
        "sources": [{"start": olly[0], "end": olly[1], "text": "Olly Dondokambey"}],
        "contents": [{"start": content[0], "end": content[1], "text": text[content[0]:content[1]]}]}]}
    path = tmp_path / "olly.json"
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    lines = import_files(project.path, [path], annotator="cit")
    assert lines[0].startswith("3 annotation(s) and 2 link(s)")
    got = {(r[0], r[1]) for r in project.conn.execute("SELECT label, text FROM annotations")}
    assert got == {("PERSON", "Olly Dondokambey"), ("CUE", "mengatakan"), ("QUOTE", text[content[0]:content[1]])}
