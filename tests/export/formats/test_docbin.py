"""The docbin export: spaCy reads it (DocBin.from_disk), trains on it, and it comes back in with F1 1.000."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from spacy.tokens import DocBin
from spacy.vocab import Vocab

from annotator.errors import AnnotatorError
from annotator.export import ExportOptions, export_corpus
from annotator.export.formats.docbin import OVERLAP, longest_first
from annotator.importing import import_files
from annotator.importing.articles import import_paths
from annotator.services import annotate
from annotator.store import articles as store
from annotator.store.project import Project
from tests.export.formats.roundtrip import f1, links_of, spans_of
from tests.io.corpus_builder import Corpus


def _docs(path: Path) -> list:
    return list(DocBin().from_disk(path).get_docs(Vocab()))


def test_f1_helper_tells_sets_apart() -> None:
    a, b = ("a", 0, 0, 4, "entity", "PERSON"), ("a", 0, 5, 9, "entity", "GPE")
    assert f1({a, b}, {a, b}) == 1.0
    assert f1({a, b}, {a}) == pytest.approx(2 / 3)
    assert f1({a}, {b}) == 0.0


def test_longest_entity_wins_where_entities_overlap() -> None:
    kept, dropped = longest_first([(10, 20, "ORG"), (0, 30, "ORG"), (40, 45, "GPE"), (44, 50, "PERSON")])
    assert kept == [(0, 30, "ORG"), (44, 50, "PERSON")] and dropped == 2


def test_spacy_reads_every_paragraph_and_span(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "corpus.spacy"
    summary = export_corpus(corpus.project, ExportOptions(format="docbin", layer="all"), out)
    assert summary.files == {out: 11}
    assert summary.dropped[OVERLAP] == 1  # the ORG inside "an analyst at Pelabuhan Watch"
    docs = _docs(out)
    texts = {(d.user_data["article_id"], d.user_data["paragraph"]): d for d in docs}
    paragraphs = {(ext, i): p.text for ext in ("forum-id", "port-en")
                  for i, p in enumerate(store.paragraphs(corpus.project, corpus.article_ids[ext]))}
    assert {k: d.text for k, d in texts.items()} == paragraphs  # exact text: emoji, flags, ZWJ, NBSP, tab
    prices = texts[("forum-id", 4)]
    assert "👨\u200d👩\u200d👧" in [t.text for t in prices]  # the ZWJ family is one token
    assert [s.text for s in prices.ents] == ["Badan Pusat Statistik"]
    assert [s.text for s in prices.spans["claim"]] == ["Harga sewa dermaga naik 5\u00a0persen"]
    quote = texts[("forum-id", 3)]
    assert [s.label_ for s in quote.spans["quote"]] == ["QUOTE"] and [s.text for s in quote.spans["cue"]] == ["katanya"]
    kinds = {(lk[1], lk[3]) for lk in quote.user_data["links"]}
    assert kinds == {("speaker", None), ("cue", None)}  # the speaker is one paragraph up, linked by id
    analyst = texts[("port-en", 3)]
    assert [s.text for s in analyst.ents] == ["Jose\u0301 Rami\u0301rez", "an analyst at Pelabuhan Watch"]
    assert {s.text for s in analyst.spans["entity"]} >= {"Pelabuhan Watch", "an analyst at Pelabuhan Watch"}
    flags = texts[("forum-id", 2)]
    assert "🇮🇩🇲🇾" in [s.text for s in flags.ents]


@pytest.mark.parametrize("unit", ["paragraph", "article"])
def test_round_trip_gives_back_every_span_and_link(corpus: Corpus, tmp_path: Path, unit: str) -> None:
    out = tmp_path / "corpus.spacy"
    export_corpus(corpus.project, ExportOptions(format="docbin", layer="all", unit=unit), out)
    # the file as spaCy has it, written again by spaCy (what a user's script would save)
    again = tmp_path / "again.spacy"
    DocBin(store_user_data=True, docs=_docs(out)).to_disk(again)
    corpus.project.close()
    lines = import_files(tmp_path / "p.db", [again], annotator="back")
    assert "0 new article(s), 2 already in the project" in lines[0]
    from annotator.store.project import open_project

    with open_project(tmp_path / "p.db", create=False) as p:
        gold, got = spans_of(p, "ana"), spans_of(p, "back")
        assert f1(gold, got) == 1.0 and len(gold) == 26
        assert links_of(p, "back") == links_of(p, "ana")  # cross-paragraph speakers and 'unnamed' too
        attrs = p.conn.execute("SELECT attrs FROM annotations a JOIN annotators n ON n.id = a.annotator_id "
                               "WHERE n.name = 'back' AND a.label = 'QUOTE' AND a.text LIKE '%Kerja%'").fetchone()
        assert attrs[0] == '{"kind": "direct"}'


def test_a_models_predictions_come_back_as_suggestions(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "corpus.spacy"
    export_corpus(corpus.project, ExportOptions(format="docbin", layer="entity"), out)
    docs = _docs(out)
    for doc in docs:  # a "model": one entity per Doc, on its first token
        doc.ents = [doc[0:1].char_span(0, len(doc[0].text), label="ORG")] if not doc[0].is_space else []
    pred = tmp_path / "pred.spacy"
    DocBin(store_user_data=True, docs=docs).to_disk(pred)
    corpus.project.close()
    import_files(tmp_path / "p.db", [pred], annotator="model", as_suggestions=True)
    from annotator.store.project import open_project

    with open_project(tmp_path / "p.db", create=False) as p:
        got = spans_of(p, "model")
        assert got == spans_of(p, "model", origin="suggested")
        assert {(s[0], s[1], s[2], s[5]) for s in got} == {
            (d.user_data["article_id"], d.user_data["paragraph"], 0, "ORG") for d in docs if d.ents}
        assert not p.conn.execute("SELECT count(*) FROM paragraph_status s JOIN annotators n ON "
                                  "n.id = s.annotator_id WHERE n.name = 'model'").fetchone()[0]


def test_a_broken_file_is_refused_with_one_line_and_nothing_changes(corpus: Corpus, tmp_path: Path) -> None:
    bad = tmp_path / "bad.spacy"
    bad.write_bytes(b"not a docbin at all")
    before = corpus.project.conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    corpus.project.close()
    with pytest.raises(AnnotatorError, match=r"bad\.spacy: not a spaCy DocBin file"):
        import_files(tmp_path / "p.db", [bad], annotator="back")
    from annotator.store.project import open_project

    with open_project(tmp_path / "p.db", create=False) as p:
        assert p.conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == before


def test_output_rule_and_split(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "corpus.spacy"
    out.write_bytes(b"old")
    with pytest.raises(AnnotatorError, match="exists already"):
        export_corpus(corpus.project, ExportOptions(format="docbin"), out)
    assert out.read_bytes() == b"old"
    summary = export_corpus(corpus.project, ExportOptions(format="docbin", split=(("train", 0.5), ("dev", 0.5)),
                                                          seed=3, replace=True), out)
    assert set(summary.files) == {tmp_path / "corpus.train.spacy", tmp_path / "corpus.dev.spacy"}
    assert sum(len(_docs(f)) for f in summary.files) == 11 == summary.lines_written


# -- spacy train: one epoch on our output ---------------------------------------------------------------
_PEOPLE = ["Rina Kusuma", "Agus Salim", "Dewi Lestari", "Mark Ellison", "Sarah Chen", "Budi Hartono"]
_PLACES = ["Makassar", "Medan", "Ambon", "Perth", "Darwin", "Kupang"]
_TEMPLATES = [
    "Wali kota {p} meninjau pasar ikan di {g} pada Rabu pagi 🐟.",
    "{p} mengatakan harga beras di {g} mulai turun sejak pekan lalu.",
    "Reporters in {g} asked {p} about the new ferry timetable.",
    "“Kami siap,” ujar {p} kepada wartawan di {g} 🇮🇩.",
    "Officials from {g} said {p} would attend the regional summit 👩\u200d💼.",
]


def _training_project(project: Project, folder: Path) -> None:
    paragraphs = []
    for i in range(40):
        t = _TEMPLATES[i % len(_TEMPLATES)]
        paragraphs.append(t.format(p=_PEOPLE[i % len(_PEOPLE)], g=_PLACES[(i * 7) % len(_PLACES)]))
    src = folder / "latih.txt"
    src.write_bytes("\r\n\r\n".join(paragraphs).encode("utf-8"))
    import_paths(project, [src])
    for par in store.paragraphs(project, 1):
        for name in _PEOPLE:
            if name in par.text:
                at = par.text.index(name)
                annotate.add_annotation(project, par.id, "ana", "PERSON", at, at + len(name))
        for name in _PLACES:
            if name in par.text:
                at = par.text.index(name)
                annotate.add_annotation(project, par.id, "ana", "GPE", at, at + len(name))
        annotate.set_status(project, par.id, "ana", "done")


def test_spacy_train_runs_an_epoch_on_the_export(project: Project, tmp_path: Path) -> None:
    _training_project(project, tmp_path)
    summary = export_corpus(project, ExportOptions(format="docbin", split=(("train", 0.75), ("dev", 0.25)),
                                                   seed=1), tmp_path / "latih.spacy")
    assert summary.spans == {"PERSON": 40, "GPE": 40}
    cfg = tmp_path / "ner.cfg"
    run = [sys.executable, "-m", "spacy"]
    subprocess.run([*run, "init", "config", str(cfg), "--lang", "id", "--pipeline", "ner"], check=True,
                   capture_output=True, timeout=300)
    proc = subprocess.run([*run, "train", str(cfg), "--paths.train", str(tmp_path / "latih.train.spacy"),
                           "--paths.dev", str(tmp_path / "latih.dev.spacy"), "--training.max_epochs", "1",
                           "--output", str(tmp_path / "model")], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "model" / "model-last" / "ner").is_dir()
    assert "E1010" not in proc.stdout + proc.stderr


def test_spacy_is_imported_only_when_the_format_is_used() -> None:
    code = ("import sys, annotator.cli, annotator.export.formats, annotator.importing.readers.registry; "
            "from annotator.export.formats.docbin import DocBinFormat; DocBinFormat(); "
            "sys.stdout.write(','.join(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[3])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
