"""UIMA CAS XMI out and back: INCEpTION's types, UTF-16 offsets in the file, cassis's reading, the round trip."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator.core.inception import NAMED_ENTITY, RELATION_TYPES
from annotator.core.offsets import OffsetMap
from annotator.errors import AnnotatorError
from annotator.export import ExportOptions, export_corpus
from annotator.importing import import_files
from annotator.store.project import Project, open_project
from tests.export.formats.peer_corpus import EN_TEXT, ID_TEXT, PeerCorpus, article_spans, build, span_f1

cassis = pytest.importorskip("cassis")


@pytest.fixture()
def peer(project: Project, tmp_path: Path) -> PeerCorpus:
    return build(project, tmp_path / "in")


@pytest.fixture()
def exported(peer: PeerCorpus, tmp_path: Path) -> Path:
    out = tmp_path / "xmi"
    export_corpus(peer.project, ExportOptions(format="xmi", unit="article"), out)
    return out


def _cas(folder: Path, stem: str):
    with (folder / "TypeSystem.xml").open("rb") as fh:
        ts = cassis.load_typesystem(fh)
    with (folder / f"{stem}.xmi").open("rb") as fh:
        return cassis.load_cas_from_xmi(fh, typesystem=ts)


def test_files_and_utf16_offsets_in_the_xmi(exported: Path) -> None:
    assert sorted(p.name for p in exported.iterdir()) == ["TypeSystem.xml", "bitung-en.xmi", "bitung-id.xmi"]
    root = ET.parse(exported / "bitung-id.xmi").getroot()
    ents = [el for el in root if el.tag.endswith("}NamedEntity")]
    cp = ID_TEXT.index("🇯🇵🇮🇩")
    flag = next(el for el in ents if el.get("value") == "GPE" and int(el.get("end")) - int(el.get("begin")) == 8)
    m = OffsetMap(ID_TEXT)
    assert (int(flag.get("begin")), int(flag.get("end"))) == (m.to_utf16(cp), m.to_utf16(cp + 4))
    assert int(flag.get("begin")) != cp  # the file counts UTF-16 units, not code points


def test_cassis_reads_the_spans_on_the_same_characters(exported: Path, peer: PeerCorpus) -> None:
    cas = _cas(exported, "bitung-id")
    assert cas.sofa_string == ID_TEXT  # CRLF kept
    got = {(fs.value, fs.get_covered_text()) for fs in cas.select(NAMED_ENTITY)}
    assert ("GPE", "🇯🇵🇮🇩") in got and ("NORP", "👩\u200d👩\u200d👧") in got and ("GPE", "BITUNG 🇮🇩") in got
    speakers = [(r.Governor.get_covered_text(), r.Dependent.get_covered_text())
                for r in cas.select(RELATION_TYPES["speaker"])]
    assert ("“Dermaga ini untuk nelayan kecil,", "Maurits Rondonuwu") in speakers
    quotes = {fs.get_covered_text(): fs.kind for fs in cas.select("webanno.custom.Quote")}
    assert quotes["“Dermaga ini untuk nelayan kecil,"] == "direct"
    claims = [(fs.checkworthy, fs.stance) for fs in cas.select("webanno.custom.Claim")]
    assert claims == [("yes", "neutral")]
    tokens = [t.get_covered_text() for t in cas.select("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token")]
    assert "Maurits" in tokens and all(t.strip() == t and t for t in tokens)
    meta = cas.select("de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData")
    assert [m.documentId for m in meta] == ["bitung-id"]
    assert _cas(exported, "bitung-en").sofa_string == EN_TEXT


def test_round_trip_span_f1(exported: Path, peer: PeerCorpus, tmp_path: Path) -> None:
    import_files(tmp_path / "back.db", [exported], annotator="bo")
    before = article_spans(peer.project, "ana")
    with open_project(tmp_path / "back.db", create=False) as back:
        after = article_spans(back, "bo")
        clusters = {r[0] for r in back.conn.execute("SELECT entity FROM annotations WHERE entity IS NOT NULL")}
        ids = {r[0] for r in back.conn.execute("SELECT ext_id FROM articles")}
    assert set(before) == set(after)
    for text in before:
        assert span_f1(before[text], after[text]) == 1.0
    assert clusters == {"maurits"}
    assert ids == {"bitung-id", "bitung-en"}


def test_without_cassis_the_export_names_the_package(peer: PeerCorpus, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cassis", None)
    with pytest.raises(AnnotatorError, match=r"pip install dkpro-cassis"):
        export_corpus(peer.project, ExportOptions(format="xmi", unit="article"), tmp_path / "x")
    assert not (tmp_path / "x").exists()
