"""Our WebAnno TSV export read by an independent reader: ``web-anno-tsv`` 0.0.1 (PyPI; Pangeamt's reader of
INCEpTION's TSV, in the test extra).

That reader rebuilds each sentence from its ``#Text=`` lines, converts every token's offsets from UTF-16
units (Java's, which INCEpTION writes) to code points and asserts that the token's text is the sentence's
there, then joins the tokens of each numbered span. What it proves here: every token of every layer lies at
the right UTF-16 offsets after emoji, flags and ZWJ sequences, with CRLF between the paragraphs, and every
NamedEntity span comes out with its very text and boundaries (span F1 1.000 against the project).

Its limits, measured (see the README's format table): it reads one feature column, the fifth (INCEpTION's
alphabetical ``identifier|value`` puts the label there; our ``value|identifier`` puts the entity cluster
there, ``*`` when there is none), so labels are checked by our reader's round trip, not by it; and it cannot
read a CR inside a sentence at all (its unescaping turns no ``\\r`` back into a CR), so the hard-wrapped
CRLF article is checked by our reader only (``test_crlf_inside_a_paragraph_as_inception_writes_it``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from web_anno_tsv import open_web_anno_tsv
from web_anno_tsv.web_anno_tsv import ReadException

from annotator.core.offsets import OffsetMap
from annotator.export import ExportOptions, export_corpus
from annotator.importing import import_files
from annotator.store.project import Project, open_project
from tests.export.formats.peer_corpus import EN_TEXT, ID_TEXT, PeerCorpus, article_spans, build, span_f1
from tests.export.formats.wrapped_corpus import WRAPPED_TEXT, add_wrapped


@pytest.fixture()
def peer(project: Project, tmp_path: Path) -> PeerCorpus:
    return build(project, tmp_path / "in")


@pytest.fixture()
def exported(peer: PeerCorpus, tmp_path: Path) -> Path:
    out = tmp_path / "tsv"
    export_corpus(peer.project, ExportOptions(format="webanno-tsv", unit="article", status="any",
                                              annotator=peer.annotator), out)
    return out


def _paragraphs(project: Project, ext_id: str) -> list[tuple[int, str]]:
    """(start in the article, text) of each paragraph of an article."""
    text = project.scalar("SELECT text FROM articles WHERE ext_id = ?", (ext_id,))
    rows = project.conn.execute(
        'SELECT p.start, p."end" FROM paragraphs p JOIN articles a ON a.id = p.article_id WHERE a.ext_id = ? '
        "ORDER BY p.idx", (ext_id,)).fetchall()
    return [(s, text[s:e]) for s, e in rows]


def _peer_read(path: Path) -> list:
    with open_web_anno_tsv(str(path)) as f:
        return list(f)


@pytest.mark.parametrize(("stem", "text"), [("bitung-id", ID_TEXT), ("bitung-en", EN_TEXT)])
def test_the_peer_reader_accepts_every_token_and_finds_every_entity(exported: Path, peer: PeerCorpus, stem: str,
                                                                    text: str) -> None:
    sentences = _peer_read(exported / f"{stem}.tsv")
    paragraphs = _paragraphs(peer.project, stem)
    assert [s.text for s in sentences] == [p for _, p in paragraphs]
    found: set[tuple] = set()
    edges: set[int] = set()
    for sentence, (start, _) in zip(sentences, paragraphs):
        for tok in sentence.tokens:  # the peer's code points, converted from the file's UTF-16 offsets
            assert text[start + tok.start:start + tok.stop] == tok.text
            edges |= {start + tok.start, start + tok.stop}
        for a in sentence.annotations:
            assert text[start + a.start:start + a.stop] == a.text
            found.add((start + a.start, start + a.stop, None if a.label == "*" else a.label))
    gold = {(s, e, cluster) for s, e, cluster in peer.project.conn.execute(
        'SELECT p.start + an.start, p.start + an."end", an.entity FROM annotations an '
        "JOIN paragraphs p ON p.id = an.paragraph_id JOIN articles ar ON ar.id = p.article_id "
        "WHERE ar.ext_id = ? AND an.layer = 'entity'", (stem,))}
    assert gold and span_f1(gold, found) == 1.0
    every = {(s, e) for s, e in peer.project.conn.execute(
        'SELECT p.start + an.start, p.start + an."end" FROM annotations an JOIN paragraphs p '
        "ON p.id = an.paragraph_id JOIN articles ar ON ar.id = p.article_id WHERE ar.ext_id = ?", (stem,))}
    assert all(s in edges and e in edges for s, e in every)  # quotes, cues and claims lie on whole tokens too


def test_the_peer_reader_refuses_code_point_offsets(exported: Path, tmp_path: Path) -> None:
    """The check can fail: offsets counted in code points (a writer that forgot UTF-16) are refused."""
    content = (exported / "bitung-id.tsv").read_text(encoding="utf-8")
    u16 = OffsetMap(ID_TEXT)

    def as_code_points(m: re.Match[str]) -> str:
        return f"\t{u16.to_codepoint(int(m.group(1)))}-{u16.to_codepoint(int(m.group(2)))}\t"

    bad = tmp_path / "bad.tsv"
    bad.write_text(re.sub(r"\t(\d+)-(\d+)\t", as_code_points, content), encoding="utf-8")
    with pytest.raises(ReadException, match="Bad offsets"):
        _peer_read(bad)


def test_crlf_inside_a_paragraph_as_inception_writes_it(project: Project, tmp_path: Path) -> None:
    """A CR before a line break inside a sentence is written ``\\r`` at the end of its ``#Text=`` line (what
    INCEpTION writes, and what web-anno-tsv and webanno2spacy look for), and comes back as the very text."""
    build(project, tmp_path / "in")
    add_wrapped(project, tmp_path / "in")
    out = tmp_path / "tsv"
    export_corpus(project, ExportOptions(format="webanno-tsv", unit="article", status="any"), out)
    lines = (out / "bitung-wrapped.tsv").read_text(encoding="utf-8").split("\n")
    assert "#Text=Kapal nelayan baru tiba di pelabuhan Bitung\\r" in lines
    assert "#Text=ikan tuna 🐟 sebanyak dua ton." in lines
    assert not any("\r" in line for line in lines)
    import_files(tmp_path / "back.db", [out / "bitung-wrapped.tsv"], annotator="bo")
    before = article_spans(project, "ana")[WRAPPED_TEXT]
    with open_project(tmp_path / "back.db", create=False) as back:
        assert back.scalar("SELECT text FROM articles") == WRAPPED_TEXT
        after = article_spans(back, "bo")[WRAPPED_TEXT]
    assert span_f1(before, after) == 1.0
