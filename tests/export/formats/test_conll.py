"""The conll export: CoNLL-2003 columns with offsets that spaCy's converter reads and that come back exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.training.converters import conll_ner_to_docs

from annotator.export import ExportOptions, export_corpus
from annotator.importing import import_files
from annotator.store.project import open_project
from tests.export.formats.roundtrip import f1, spans_of
from tests.io.corpus_builder import Corpus

_COMMENT = re.compile(r"^# [a-z_]+ = ", re.M)


def _export(corpus: Corpus, tmp_path: Path, unit: str = "paragraph") -> tuple[Path, str]:
    out = tmp_path / "corpus.conll"
    summary = export_corpus(corpus.project, ExportOptions(format="conll", unit=unit), out)
    assert summary.dropped["overlapping entity span (the longest was kept)"] == 1
    return out, out.read_text(encoding="utf-8")


def test_shape(corpus: Corpus, tmp_path: Path) -> None:
    _, text = _export(corpus, tmp_path)
    assert text.count("-DOCSTART- -X- O O\n") == 2  # one per article
    assert "# article_id = forum-id\n# paragraph = 4\n# text = \"Harga sewa dermaga naik 5\u00a0persen  menurut\\t" in text
    rows = [ln.split(" ") for ln in text.splitlines() if ln and not ln.startswith(("#", "-DOCSTART-"))]
    assert all(len(r) == 4 and r[1] == "-X-" and re.fullmatch(r"\d+-\d+", r[2]) for r in rows)
    assert ["👨\u200d👩\u200d👧", "-X-"] == rows[[r[0] for r in rows].index("👨\u200d👩\u200d👧")][:2]
    bps = [r for r in rows if r[0] in ("Badan", "Pusat", "Statistik")]
    assert [r[3] for r in bps] == ["B-ORG", "I-ORG", "I-ORG"]
    assert not any(r[3].endswith(("QUOTE", "CUE", "CLAIM")) for r in rows)  # entities only


def test_spacys_conll_converter_reads_it(corpus: Corpus, tmp_path: Path) -> None:
    _, text = _export(corpus, tmp_path)
    plain = "".join(ln for ln in text.splitlines(keepends=True) if not _COMMENT.match(ln))  # grep -v '^# [a-z_]* = '
    docs = list(conll_ner_to_docs(plain, no_print=True))
    assert len(docs) == 2
    ents = {(e.text, e.label_) for d in docs for e in d.ents}
    # spaCy's converter joins the tokens with spaces: two flags become "🇮🇩 🇲🇾" (our import uses # text)
    assert {("Badan Pusat Statistik", "ORG"), ("🇮🇩 🇲🇾", "GPE"), ("Jose\u0301 Rami\u0301rez", "PERSON")} <= ents
    assert len(ents) >= 14


@pytest.mark.parametrize("unit", ["paragraph", "article"])
def test_round_trip_through_the_text_gives_every_tagged_span(corpus: Corpus, tmp_path: Path, unit: str) -> None:
    out, _ = _export(corpus, tmp_path, unit)
    gold = spans_of(corpus.project, "ana", layers=("entity",))
    inner = {s for s in gold if s[0] == "port-en" and s[5] == "ORG" and s[3] - s[2] == len("Pelabuhan Watch")}
    assert len(inner) == 1  # the ORG inside a longer ORG: CoNLL cannot hold both
    corpus.project.close()
    import_files(tmp_path / "p.db", [out], annotator="back")
    with open_project(tmp_path / "p.db", create=False) as p:
        assert f1(gold - inner, spans_of(p, "back")) == 1.0
