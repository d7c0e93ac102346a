"""annotator/ml: a tiny model trained on a project this test writes, its folder, the recommender, the CLI."""

from __future__ import annotations

import json
import logging
import os
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import main
from annotator.core.suggest.base import ParagraphContext
from annotator.errors import AnnotatorError
from annotator.importing import import_paths
from annotator.ml import model_path, model_recommender, unavailable_reason
from annotator.ml.folder import building
from annotator.ml.model import ModelRecommender
from annotator.ml.train import MANIFEST, TrainReport, train_model
from annotator.services import annotate
from annotator.store import articles as store
from annotator.store.project import open_project

spacy = pytest.importorskip("spacy")

NAMES = ["Budi Santoso", "Sari Dewi", "Joko Widodo", "Retno Marsudi"]
PLACES = ["Jakarta", "Surabaya", "Medan", "Makassar"]
QUOTES = ["Kami akan bekerja keras", "Harga beras tidak naik", "Warga berhak tahu"]
EMOJI = ["😀", "👍🏽", "🇮🇩", "👨\u200d👩\u200d👧"]
PATTERNS = [
    ("PERSON", "entity"), ("GPE", "entity"), ("QUOTE", "quote"), ("CUE", "cue"),
]


def _paragraph(r: random.Random) -> str:
    name, place, quote, emoji = r.choice(NAMES), r.choice(PLACES), r.choice(QUOTES), r.choice(EMOJI)
    return r.choice([
        f"{emoji} “{quote}”, kata {name} di {place}.",
        f"{name} tiba di {place} pada Senin {emoji}.",
        f"Menurut {name}, warga {place} menunggu. “{quote}”, ujar {name}.",
    ])


def _spans(text: str) -> list[tuple[str, int, int]]:
    found = [("PERSON", m.start(), m.end()) for name in NAMES for m in re.finditer(re.escape(name), text)]
    found += [("GPE", m.start(), m.end()) for place in PLACES for m in re.finditer(rf"\b{place}\b", text)]
    found += [("QUOTE", m.start(), m.end()) for m in re.finditer(r"“[^”]+”", text)]
    found += [("CUE", m.start(), m.end()) for m in re.finditer(r"\b(kata|ujar|Menurut)\b", text)]
    return found


def write_project(path: Path, paragraphs: int = 32, done: int | None = None) -> Path:
    """A project of ``paragraphs`` short Indonesian paragraphs (8 an article), annotated by "ana"; the first
    ``done`` (default: all) marked done."""
    r = random.Random(7)
    lines = []
    for a in range(0, paragraphs, 8):
        text = "\n".join(_paragraph(r) for _ in range(min(8, paragraphs - a)))
        lines.append(json.dumps({"id": f"art-{a}", "text": text, "lang": "id"}, ensure_ascii=False))
    src = path.with_suffix(".jsonl")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    n = 0
    with open_project(path) as p:
        for article_id in import_paths(p, [src]).article_ids:
            for par in store.paragraphs(p, article_id):
                for label, s, e in _spans(par.text):
                    annotate.add_annotation(p, par.id, "ana", label, s, e,
                                            attrs={"kind": "direct"} if label == "QUOTE" else None)
                if done is None or n < done:
                    annotate.set_status(p, par.id, "ana", "done")
                n += 1
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, TrainReport]:
    db = write_project(tmp_path_factory.mktemp("ml") / "p.db")
    with open_project(db, create=False) as p:
        report = train_model(p, "ana", False, ("entity", "quote", "cue"), None, seed=1, epochs=3)
    return db, report


def test_report_has_scores_per_label_and_a_learning_curve(trained: tuple[Path, TrainReport]) -> None:
    db, report = trained
    assert report.path == model_path(db) == db.with_name("p.db.model")
    assert report.train_paragraphs + report.held_out == 32 and report.held_out == 6
    assert {s.label for s in report.labels} == {"PERSON", "GPE", "QUOTE", "CUE"}
    assert {s.pipeline for s in report.labels} == {"entity", "quote"}
    for s in report.labels:
        assert 0 <= s.precision <= 1 and 0 <= s.recall <= 1 and 0 <= s.f1 <= 1
    assert [p.fraction for p in report.curve] == [0.25, 0.5, 0.75, 1.0]
    assert [p.paragraphs for p in report.curve] == [6, 13, 20, 26]
    text = "\n".join(report.lines())
    assert "PERSON" in text and "learning curve" in text and " 25%" in text and "100%" in text


def test_the_model_folder_is_whole_and_loads_in_spacy(trained: tuple[Path, TrainReport]) -> None:
    db, report = trained
    folder = model_path(db)
    assert sorted(p.name for p in folder.iterdir()) == [MANIFEST, "entity", "quote"]
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["lang"] == "id"
    assert manifest["pipelines"]["quote"]["labels"] == ["CUE", "QUOTE"]
    assert manifest["precision"] == {s.label: s.precision for s in report.labels}
    assert not [p for p in db.parent.iterdir() if p.name.startswith(".")]  # no part folder left
    nlp = spacy.load(folder / "entity")
    assert set(nlp.get_pipe("ner").labels) == {"PERSON", "GPE"}
    assert nlp("Budi Santoso tiba di Jakarta.").text == "Budi Santoso tiba di Jakarta."


def test_the_recommender_proposes_spans_inside_the_text(trained: tuple[Path, TrainReport]) -> None:
    db, report = trained
    rec = model_recommender(db)
    assert isinstance(rec, ModelRecommender) and rec.name == "model"
    text = "👨\u200d👩\u200d👧 “Harga beras tidak naik”, kata Sari Dewi di Medan 🇮🇩.\r\nBudi Santoso tiba di Jakarta."
    ctx = ParagraphContext(paragraphs=("Judul", text), index=1, lang="id")
    props = rec.suggest(ctx)
    precision = {s.label: s.precision for s in report.labels}
    for prop in props:
        span = text[prop.start:prop.end]
        assert span.strip() == span and span and prop.recommender == "model"
        assert prop.score == precision[prop.label]
    assert rec.suggest(ParagraphContext(paragraphs=("Judul", text), index=1, lang="id", boilerplate=frozenset({1}))) \
        == []
    assert rec.suggest_texts([text, ""]) == [props, []]


def test_training_that_fails_midway_leaves_no_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = write_project(tmp_path / "p.db", paragraphs=16)

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("annotator.ml.train._write_manifest", broken)
    with open_project(db, create=False) as p, pytest.raises(RuntimeError):
        train_model(p, "ana", False, ("entity",), None, epochs=1)
    assert sorted(x.name for x in tmp_path.iterdir()) == ["p.db", "p.jsonl"]
    with open_project(db, create=False) as p, pytest.raises(AnnotatorError, match="that is the project file"):
        train_model(p, "ana", False, ("entity",), db)


def test_a_model_folder_replaces_the_old_one_and_stale_parts_go(tmp_path: Path) -> None:
    target = tmp_path / "p.db.model"
    stale = tmp_path / ".p.db.model.999999999-dead.part"  # a pid no process has
    (stale / "entity").mkdir(parents=True)
    other = tmp_path / f".p.db.model.{os.getppid()}-live.part"  # a process that runs: left alone
    other.mkdir()
    with building(target) as folder:
        (folder / "a").write_text("1")
        assert not target.exists()
    assert (target / "a").read_text() == "1" and not stale.exists() and other.exists()
    with building(target) as folder:
        (folder / "b").write_text("2")
    assert [p.name for p in target.iterdir()] == ["b"]
    with pytest.raises(ValueError), building(target) as folder:
        (folder / "c").write_text("3")
        raise ValueError
    assert [p.name for p in target.iterdir()] == ["b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, "p.db.model"]


def test_offsets_are_code_points_after_emoji_flags_zwj_and_crlf(tmp_path: Path) -> None:
    """Another spaCy pipeline (rules: no training), and the project's model path (own tokenizer, manifest)."""
    nlp = spacy.blank("en")  # its tokenizer loads faster than Indonesian's
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Sari Dewi"},  # type: ignore[attr-defined]
                        {"label": "GPE", "pattern": "Medan"}, {"label": "DATE", "pattern": "Senin"}])
    nlp.to_disk(tmp_path / "rules")
    own = tmp_path / "own.model"
    own.mkdir()
    nlp.to_disk(own / "entity")
    (own / MANIFEST).write_text(json.dumps({"format": 1, "pipelines": {"entity": {}}, "precision": {"PERSON": 0.9}}))
    text = "👍🏽🇮🇩 👨\u200d👩\u200d👧\r\nkata Sari Dewi di Medan, Senin."
    ctx = ParagraphContext(paragraphs=(text,), index=0, lang="id")
    expect = {("PERSON", text.index("Sari Dewi"), text.index("Sari Dewi") + 9),
              ("GPE", text.index("Medan"), text.index("Medan") + 5)}
    assert text.index("Sari Dewi") == 17  # code points: the UTF-16 index would be 22, the UTF-8 one 46
    other = ModelRecommender(tmp_path / "rules", labels={"PERSON", "GPE"}).suggest(ctx)
    assert {(p.label, p.start, p.end) for p in other} == expect
    assert {p.score for p in other} == {0.5}
    mine = ModelRecommender(own).suggest(ctx)
    senin = text.index("Senin")
    assert {(p.label, p.start, p.end) for p in mine} == expect | {("DATE", senin, senin + 5)}
    assert {p.label: p.score for p in mine} == {"PERSON": 0.9, "GPE": 0.0, "DATE": 0.0}
    for p in mine:
        assert text[p.start:p.end] in ("Sari Dewi", "Medan", "Senin")


def test_model_recommender_is_none_without_spacy_or_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "p.db"
    with caplog.at_level(logging.INFO, logger="annotator.ml"):
        assert model_recommender(db) is None
    assert "no model trained" in caplog.text
    assert isinstance(model_recommender(db, model="some_installed_pipeline"), ModelRecommender)
    with pytest.raises(AnnotatorError, match="cannot load"):
        ModelRecommender(tmp_path / "nothing-here").load()
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "spacy" else real(name, *a))
    assert model_recommender(db, model="x") is None
    assert "corpus-annotator[ml]" in (unavailable_reason(db) or "")


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_cli_train_end_to_end_and_one_line_errors(tmp_path: Path) -> None:
    db = write_project(tmp_path / "p.db", paragraphs=16)
    out = tmp_path / "models" / "m1"
    result = _run("train", db, "--annotator", "ana", "--layers", "entity", "--epochs", "1", "--out", out)
    assert result.exit_code == 0, result.output
    assert "PERSON" in result.output and "learning curve" in result.output and "100%" in result.output
    assert (out / MANIFEST).is_file() and not model_path(db).exists()
    for args, message in [
        ((), "give --annotator NAME or --gold"),
        (("--annotator", "ana", "--gold"), "give --annotator NAME or --gold"),
        (("--annotator", "nobody"), "no annotator named 'nobody'"),
        (("--annotator", "ana", "--layers", "claim"), "layers must be some of entity, quote, cue"),
        (("--gold",), "0 done paragraph(s) of gold; training needs at least 10"),
    ]:
        result = _run("train", db, *args)
        assert result.exit_code == 1, (args, result.output)
        assert result.output.count("\n") == 1 and message in result.output, result.output
    few = write_project(tmp_path / "few.db", paragraphs=16, done=5)
    result = _run("train", few, "--annotator", "ana")
    assert result.exit_code == 1 and "5 done paragraph(s) of ana; training needs at least 10" in result.output
