"""The suggest use case: stored once, all or nothing, manual work untouched, links across paragraphs,
rejections remembered, accept / accept all / reject counted, the CLI, stats and the native export."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.suggest import registry
from annotator.core.suggest.base import ParagraphContext, Proposal, ProposedLink, SpanRef
from annotator.errors import AnnotatorError
from annotator.importing import import_files
from annotator.services import annotate
from annotator.services import suggest as svc
from annotator.store import annotations as rows
from annotator.store import articles as arts
from annotator.store.project import Project, open_project

ARTICLE = ("Menteri Luar Negeri Budi Santoso tiba di Jakarta pada Senin.\n"
           "“Kami tidak akan mundur,” kata Budi Santoso kepada wartawan.\n"
           "“Semua pihak harus menahan diri,” katanya.\n")
_QUOTE = re.compile(r"“[^”]*”")
_CUE = re.compile(r"\s(kata|katanya)\b(?:\s+([A-Z]\w+(?: [A-Z]\w+)*))?")


class FakeQuotes:
    """Curly-quoted passages with their cue and speaker ("kata NAME", or "katanya": the last speaker)."""

    name = "quotes"

    def suggest(self, ctx: ParagraphContext) -> list[Proposal]:
        out: list[Proposal] = []
        text = ctx.text
        for m in _QUOTE.finditer(text):
            cue = _CUE.match(text, m.end())
            if cue is None:
                continue
            links = [ProposedLink("cue", SpanRef(ctx.index, cue.start(1), cue.end(1), "CUE"))]
            out.append(Proposal("CUE", cue.start(1), cue.end(1), 0.9, self.name))
            if cue.group(2):
                out.append(Proposal("PERSON", cue.start(2), cue.end(2), 0.8, self.name))
                links.append(ProposedLink("speaker", SpanRef(ctx.index, cue.start(2), cue.end(2), "PERSON")))
            else:
                last = [k.speaker for k in ctx.known if k.label == "QUOTE" and k.speaker is not None]
                links.append(ProposedLink("speaker", last[-1]) if last else ProposedLink("speaker", special="unnamed"))
            out.append(Proposal("QUOTE", m.start(), m.end(), 0.95, self.name, {"kind": "direct"}, tuple(links)))
        return out


class FakeMemory:
    """Every text the annotator labelled, wherever it occurs, with its most frequent label."""

    name = "memory"

    def suggest(self, ctx: ParagraphContext) -> list[Proposal]:
        out = []
        for text, labels in ctx.knowledge.mentions.items():
            label = max(labels, key=lambda k: labels[k])
            if (text, label) in ctx.knowledge.rejected_here:
                continue
            for m in re.finditer(re.escape(text), ctx.text):
                out.append(Proposal(label, m.start(), m.end(), 0.7, self.name))
        return out


class Broken:
    name = "broken"

    def __init__(self) -> None:
        self.calls = 0

    def suggest(self, ctx: ParagraphContext) -> list[Proposal]:
        self.calls += 1
        if ctx.index == 2:
            raise ValueError("boom")
        return [Proposal("GPE", 0, 7, 0.5, self.name)]


@pytest.fixture()
def fakes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "RECOMMENDERS", {"quotes": FakeQuotes, "memory": FakeMemory})
    monkeypatch.setattr(svc, "RECOMMENDERS", registry.RECOMMENDERS)


def _article(tmp_path: Path, text: str = ARTICLE) -> tuple[Project, list[int]]:
    src = tmp_path / "berita.txt"
    src.write_text(text, encoding="utf-8")
    import_files(tmp_path / "p.db", [src])
    project = open_project(tmp_path / "p.db")
    return project, [p.id for p in arts.paragraphs(project, 1)]


def _rows(project: Project) -> list[tuple]:
    return project.conn.execute('SELECT paragraph_id, label, start, "end", origin, attrs FROM annotations '
                                "ORDER BY id").fetchall()


def _links(project: Project) -> list[tuple]:
    return project.conn.execute("SELECT s.text, l.kind, t.text, l.special FROM links l JOIN annotations s ON "
                                "s.id = l.source_id LEFT JOIN annotations t ON t.id = l.target_id ORDER BY l.id").fetchall()


def test_suggestions_are_stored_with_links_across_paragraphs(tmp_path: Path, fakes: None) -> None:
    project, _ = _article(tmp_path)
    with project:
        summary = svc.suggest_project(project, "ana", ["quotes"])
        assert summary.suggestions == 5 and summary.links == 4
        anns = rows.for_article(project, 1, "ana")
        assert all(a.origin == "suggested" and a.attrs["recommender"] == "quotes" for _, a in anns)
        quotes = [a for _, a in anns if a.label == "QUOTE"]
        assert [q.attrs["kind"] for q in quotes] == ["direct", "direct"]
        assert set(_links(project)) == {
            ("“Kami tidak akan mundur,”", "cue", "kata", None),
            ("“Kami tidak akan mundur,”", "speaker", "Budi Santoso", None),
            ("“Semua pihak harus menahan diri,”", "cue", "katanya", None),
            ("“Semua pihak harus menahan diri,”", "speaker", "Budi Santoso", None),  # in the paragraph before
        }
        assert any("suggestion(s)" in line for line in summary.lines())


def test_running_again_adds_nothing(tmp_path: Path, fakes: None) -> None:
    project, _ = _article(tmp_path)
    with project:
        svc.suggest_project(project, "ana", None, "all")
        before, links = _rows(project), _links(project)
        again = svc.suggest_project(project, "ana", None, "all")
        assert again.suggestions == 0 and again.already_there > 0
        assert _rows(project) == before and _links(project) == links


def test_manual_annotations_are_never_changed(tmp_path: Path, fakes: None) -> None:
    project, pars = _article(tmp_path)
    with project:
        mine = annotate.add_annotation(project, pars[1], "ana", "QUOTE", 0, 25, attrs={"kind": "mixed"})
        annotate.add_annotation(project, pars[0], "ana", "PERSON", 20, 32)  # "Budi Santoso"
        before = rows.get(project, mine.id)
        svc.suggest_project(project, "ana", ["quotes", "memory"])
        assert rows.get(project, mine.id) == before
        assert rows.links_of(project, mine.id) == []  # its links are the annotator's to set
        assert [a.origin for a in rows.for_paragraph(project, pars[1], "ana") if a.label == "QUOTE"] == ["manual"]
        # memory proposed the mention in paragraph 2, and the quote rules' PERSON there is the same span: once
        assert [a.label for a in rows.for_paragraph(project, pars[1], "ana")].count("PERSON") == 1


def test_done_paragraphs_are_left_alone_with_status_todo(tmp_path: Path, fakes: None) -> None:
    project, pars = _article(tmp_path)
    with project:
        annotate.set_status(project, pars[1], "ana", "done")
        svc.suggest_project(project, "ana", ["quotes"], "todo")
        assert rows.for_paragraph(project, pars[1], "ana") == []
        assert [a.label for a in rows.for_paragraph(project, pars[2], "ana")] == ["QUOTE", "CUE"]


def test_all_or_nothing(tmp_path: Path, fakes: None, monkeypatch: pytest.MonkeyPatch) -> None:
    project, _ = _article(tmp_path)
    monkeypatch.setitem(registry.RECOMMENDERS, "broken", Broken)
    with project:
        events = project.scalar("SELECT count(*) FROM events")
        with pytest.raises(AnnotatorError, match="recommender 'broken' failed .* paragraph 3: ValueError: boom; "
                                                 "nothing was stored") as info:
            svc.suggest_project(project, "ana", ["quotes", "broken"])
        assert "\n" not in str(info.value)
        assert _rows(project) == [] and _links(project) == []
        assert project.scalar("SELECT count(*) FROM events") == events

        def stop(done: int, total: int, current: str) -> None:
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            svc.suggest_project(project, "ana", ["quotes"], progress=stop)
        assert _rows(project) == []


def test_unknown_recommender_is_one_line(tmp_path: Path, fakes: None) -> None:
    project, _ = _article(tmp_path)
    with project, pytest.raises(AnnotatorError, match="unknown recommender 'nope' \\(known: quotes, memory\\)"):
        svc.suggest_project(project, "ana", ["nope"])


def test_rejection_is_remembered_in_that_article(tmp_path: Path, fakes: None) -> None:
    project, pars = _article(tmp_path)
    with project:
        svc.suggest_project(project, "ana", ["quotes"])
        quote = next(a for a in rows.for_paragraph(project, pars[2], "ana") if a.label == "QUOTE")
        svc.reject_suggestion(project, quote.id, "ana")
        assert rows.get(project, quote.id) is None
        again = svc.suggest_project(project, "ana", ["quotes"])
        assert again.suggestions == 0 and again.rejected_before == 1
        with pytest.raises(AnnotatorError, match="not a suggestion"):
            svc.reject_suggestion(project, annotate.add_annotation(project, pars[0], "ana", "GPE", 40, 47).id, "ana")
        assert svc.recommender_counts(project) == {"quotes": {"accepted": 0, "rejected": 1, "edited": 0}}


def test_undo_of_a_rejection_forgets_it(tmp_path: Path, fakes: None) -> None:
    project, pars = _article(tmp_path)
    with project:
        svc.suggest_project(project, "ana", ["quotes"])
        cue = next(a for a in rows.for_paragraph(project, pars[2], "ana") if a.label == "CUE")
        snap = annotate.delete_annotation(project, cue.id, "ana")  # the window's Delete on a suggestion
        assert svc.recommender_counts(project)["quotes"]["rejected"] == 1
        annotate.restore_annotation(project, snap, "ana")
        assert svc.recommender_counts(project) == {}
        assert project.scalar("SELECT count(*) FROM rejections") == 0


def test_memory_learns_from_accepted_not_from_open_suggestions(tmp_path: Path, fakes: None) -> None:
    project, pars = _article(tmp_path)
    with project:
        svc.suggest_project(project, "ana", ["quotes"])
        assert svc.suggest_project(project, "ana", ["memory"]).suggestions == 0  # a suggestion teaches nothing
        person = next(a for a in rows.for_paragraph(project, pars[1], "ana") if a.label == "PERSON")
        svc.accept_suggestion(project, person.id, "ana")
        learned = svc.suggest_project(project, "ana", ["memory"])
        assert learned.suggestions == 1  # "Budi Santoso" in the first paragraph
        assert [a.text for a in rows.for_paragraph(project, pars[0], "ana")] == ["Budi Santoso"]


def test_accept_accept_all_and_counts(tmp_path: Path, fakes: None) -> None:
    project, pars = _article(tmp_path)
    with project:
        svc.suggest_project(project, "ana", ["quotes"])
        quote = next(a for a in rows.for_paragraph(project, pars[2], "ana") if a.label == "QUOTE")
        group = svc.suggestion_group(project, quote.id)
        accepted = svc.accept_suggestion(project, quote.id, "ana")
        assert accepted.origin == "manual" and accepted.attrs == {"kind": "direct", "recommender": "quotes",
                                                                   "score": 0.95}
        # its cue and its speaker (in the paragraph before) are accepted with it; the links stay
        assert {rows.get(project, i).origin for i in group} == {"manual"}  # type: ignore[union-attr]
        assert {rows.get(project, i).label for i in group} == {"QUOTE", "CUE", "PERSON"}  # type: ignore[union-attr]
        assert len(rows.links_of(project, quote.id)) == 2
        svc.unaccept(project, group, "ana")
        assert {rows.get(project, i).origin for i in group} == {"suggested"}  # type: ignore[union-attr]

        ids = svc.accept_all(project, pars[1], "ana")
        assert len(ids) == 3 and all(rows.get(project, i).origin == "manual" for i in ids)  # type: ignore[union-attr]
        cue = next(a for a in rows.for_paragraph(project, pars[2], "ana") if a.label == "CUE")
        edited = svc.accept_suggestion(project, cue.id, "ana", label="QUOTE")
        assert edited.label == "QUOTE" and edited.attrs["suggested_label"] == "CUE"
        quote2 = next(a for a in rows.for_paragraph(project, pars[2], "ana") if a.origin == "suggested")
        svc.reject_suggestion(project, quote2.id, "ana")
        assert svc.recommender_counts(project) == {"quotes": {"accepted": 3, "rejected": 1, "edited": 1}}
        with pytest.raises(AnnotatorError, match="not a suggestion"):
            svc.accept_suggestion(project, ids[0], "ana")


def test_suggest_paragraph_one_at_a_time(tmp_path: Path, fakes: None) -> None:
    project, pars = _article(tmp_path)
    with project:
        first = svc.suggest_paragraph(project, "ana", pars[1], ["quotes"])
        assert sorted(a.label for a in first) == ["CUE", "PERSON", "QUOTE"]
        second = svc.suggest_paragraph(project, "ana", pars[2], ["quotes"])
        quote = next(a for a in second if a.label == "QUOTE")
        speaker = next(lk for lk in rows.links_of(project, quote.id) if lk.kind == "speaker")
        assert speaker.target_id == next(a.id for a in first if a.label == "PERSON")
        assert svc.suggest_paragraph(project, "ana", pars[2], ["quotes"]) == []


def _cli(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def _use_real_or_fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry's real quote recommender once it exists, else the fake one."""
    if "quotes" not in registry.RECOMMENDERS:
        monkeypatch.setitem(registry.RECOMMENDERS, "quotes", FakeQuotes)


def test_cli_suggest_stats_and_native_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _use_real_or_fake(monkeypatch)
    src = tmp_path / "berita.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "p.db"
    assert _cli("import", db, src)[0] == 0
    code, out = _cli("suggest", db, "--annotator", "ana", "--recommenders", "quotes")
    assert code == 0, out
    assert re.search(r"\d+ suggestion\(s\) and \d+ link\(s\) stored for 3 paragraph\(s\) in 1 article", out)
    code, again = _cli("suggest", db, "--annotator", "ana", "--recommenders", "quotes")
    assert code == 0 and "0 suggestion(s)" in again
    code, out = _cli("suggest", db, "--annotator", "ana", "--recommenders", "quotes,nope")
    assert code == 1 and out.count("\n") == 1 and "unknown recommender 'nope'" in out

    out_file = tmp_path / "out.jsonl"
    code, out = _cli("export", db, out_file, "--format", "native", "--annotator", "ana", "--status", "any")
    assert code == 0, out
    lines = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    quotes = [(line, a) for line in lines for a in line["annotations"] if a["label"] == "QUOTE"]
    assert len(quotes) == 2 and all(a["origin"] == "suggested" and a["attrs"]["recommender"] == "quotes"
                                    for _, a in quotes)
    for line, quote in quotes:
        kinds = {lk["kind"]: lk for lk in line["links"] if lk["source"] == quote["id"]}
        assert set(kinds) == {"speaker", "cue"}
        assert kinds["speaker"]["target_text"] == "Budi Santoso"
    assert [lk["target_paragraph"] for line, q in quotes for lk in line["links"]
            if lk["source"] == q["id"] and lk["kind"] == "speaker"] == [1, 1]

    # spans, bio and doccano leave unaccepted suggestions out
    for fmt in ("spans", "bio", "doccano"):
        target = tmp_path / f"{fmt}.jsonl"
        code, out = _cli("export", db, target, "--format", fmt, "--annotator", "ana", "--status", "any",
                         "--layer", "all")
        assert code == 0, out
        body = target.read_text(encoding="utf-8")
        assert "QUOTE" not in body and "PERSON" not in body, fmt
        assert "suggestion not yet accepted" in out, fmt

    with open_project(db) as project:
        quote = next(a for a in rows.for_article(project, 1, "ana") if a[1].label == "QUOTE")[1]
        svc.accept_suggestion(project, quote.id, "ana")
    code, out = _cli("stats", db)
    assert code == 0 and re.search(r"quotes\s+3 / 0 / 0", out), out
    code, out = _cli("stats", db, "--json")
    assert json.loads(out)["recommenders"] == {"quotes": {"accepted": 3, "rejected": 0, "edited": 0}}


# -- the project-trained model as a recommender ---------------------------------------------------------------
@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of 32 short paragraphs annotated by "ana" (tests/ml's fixture) and its model, trained here: entities
    only, 15 short epochs (about 3 s), enough to propose the names it saw."""
    pytest.importorskip("spacy")
    from annotator.ml.train import train_model
    from tests.ml.test_train import write_project

    db = write_project(tmp_path_factory.mktemp("model") / "p.db", paragraphs=32)
    with open_project(db, create=False) as p:
        train_model(p, "ana", False, ("entity",), None, seed=1, epochs=15)
    return db


def _rules_pipeline(folder: Path) -> Path:
    """Any spaCy pipeline (here rules, no training) for --model."""
    import spacy

    nlp = spacy.blank("id")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Budi Santoso"}])  # type: ignore[attr-defined]
    nlp.to_disk(folder)
    return folder


def test_the_project_model_is_a_recommender_when_trained(tiny_model: Path, fakes: None) -> None:
    from annotator.ml.model import ModelRecommender

    recs = svc.make_recommenders(None, tiny_model)
    assert [r.name for r in recs] == ["quotes", "memory", "model"]
    assert isinstance(recs[-1], ModelRecommender) and recs[-1].source == tiny_model.with_name("p.db.model")
    assert [r.name for r in svc.make_recommenders(["model", "memory"], tiny_model)] == ["model", "memory"]
    assert [r.name for r in svc.make_recommenders(None)] == ["quotes", "memory"]  # no project: as before
    assert svc.available_recommenders(tiny_model) == {"quotes": None, "memory": None, "model": None}
    assert "model" not in svc.available_recommenders()


def test_the_model_is_loaded_once_and_again_when_retrained(tiny_model: Path, fakes: None) -> None:
    import os

    first = svc.make_recommenders(["model"], tiny_model)[0]
    assert svc.make_recommenders(["model"], tiny_model)[0] is first  # loaded once
    manifest = tiny_model.with_name("p.db.model") / "annotator-model.json"
    st = manifest.stat()
    os.utime(manifest, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # as if trained again
    again = svc.make_recommenders(["model"], tiny_model)[0]
    assert again is not first and svc.make_recommenders(["model"], tiny_model)[0] is again


def test_suggest_paragraph_and_project_store_the_models_proposals(tiny_model: Path, fakes: None) -> None:
    with open_project(tiny_model, create=False) as p:
        first = arts.paragraphs(p, 1)[0]
        anns = svc.suggest_paragraph(p, "bob", first.id, None)  # the window's worker: model on, as available
        mine = [a for a in anns if a.attrs["recommender"] == "model"]
        assert mine and all(a.origin == "suggested" and a.text == first.text[a.start:a.end] for a in mine)
        assert {a.label for a in mine} <= {"PERSON", "GPE"}
        summary = svc.suggest_project(p, "bob", ["model"], "all")
        assert summary.recommenders == ["model"] and summary.by_recommender["model"] > 0
        assert summary.already_there >= len(mine)  # what the paragraph got before is not stored twice


def test_model_not_available_is_one_line_error(tmp_path: Path, fakes: None, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("spacy")
    project, _ = _article(tmp_path)
    with project:
        path = project.path
        with pytest.raises(AnnotatorError, match=r"recommender 'model' is not available: no model trained") as err:
            svc.make_recommenders(["memory", "model"], path)
        assert "\n" not in str(err.value) and "annotator train p.db --annotator NAME" in str(err.value)
        assert [r.name for r in svc.make_recommenders(None, path)] == ["quotes", "memory"]  # left out, quietly
        assert "no model trained" in (svc.available_recommenders(path)["model"] or "")
        with pytest.raises(AnnotatorError, match="recommender 'model' is not available"):
            svc.suggest_project(project, "ana", ["model"])
        with pytest.raises(AnnotatorError, match="cannot load the spaCy model"):  # given explicitly: an error
            svc.make_recommenders(None, path, model=str(tmp_path / "nowhere"))
        with pytest.raises(AnnotatorError, match="'model' is not among the recommenders"):
            svc.make_recommenders(["memory"], path, model="some_pipeline")
        import importlib.util

        real = importlib.util.find_spec
        monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "spacy" else real(name, *a))
        with pytest.raises(AnnotatorError, match=r"needs spaCy.*pip install 'corpus-annotator\[ml\]'") as err:
            svc.make_recommenders(["model"], path, model="any_pipeline")
        assert "\n" not in str(err.value)
        assert "corpus-annotator[ml]" in (svc.available_recommenders(path)["model"] or "")


def test_cli_suggest_with_model(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    src = tmp_path / "berita.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "p.db"
    assert _cli("import", db, src)[0] == 0
    code, out = _cli("suggest", db, "--annotator", "ana", "--recommenders", "model")  # nothing trained
    assert code == 1 and out.count("\n") == 1 and "no model trained for this project yet" in out, out
    rules = _rules_pipeline(tmp_path / "rules")
    code, out = _cli("suggest", db, "--annotator", "ana", "--recommenders", "model", "--model", rules)
    assert code == 0, out
    assert "2 suggestion(s)" in out and "recommenders: model" in out and "by recommender: model 2" in out
    with open_project(db) as project:
        found = [a for _i, a in rows.for_article(project, 1, "ana")]
    assert {(a.label, a.text, a.origin, a.attrs["recommender"], a.attrs["score"]) for a in found} == {
        ("PERSON", "Budi Santoso", "suggested", "model", 0.5)}
    code, out = _cli("suggest", db, "--annotator", "ana", "--model", tmp_path / "nowhere")
    assert code == 1 and out.count("\n") == 1 and "cannot load the spaCy model" in out, out
    code, out = _cli("suggest", db, "--annotator", "ana", "--recommenders", "memory", "--model", rules)
    assert code == 1 and out.count("\n") == 1 and "'model' is not among the recommenders" in out, out


def test_the_project_s_own_cue_lexicon_is_used_by_every_later_run(tmp_path: Path) -> None:
    article = tmp_path / "berita.txt"
    article.write_text("Judul berita tentang beras\nKetua koperasi Budi Santoso membeberkan bahwa harga beras akan "
                       "turun bulan depan.\n", encoding="utf-8")
    path = tmp_path / "p.db"
    import_files(path, [article])

    def quotes(who: str) -> list[str]:
        with open_project(path) as p:
            svc.suggest_project(p, who, ["quotes"], "all")
            pars = arts.paragraphs(p, 1)
            return [a.text for par in pars for a in rows.for_paragraph(p, par.id, who) if a.label == "QUOTE"]

    assert quotes("ana") == []  # "membeberkan" is not in the bundled lexicon
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": {"reporting": 5}}', encoding="utf-8")
    with open_project(path) as p, pytest.raises(AnnotatorError, match=r"bad.json: not a usable cue lexicon"):
        svc.set_cue_lexicon(p, bad)
    own = tmp_path / "cues.json"
    own.write_text('{"extend": true, "id": {"reporting": ["membeberkan"]}}', encoding="utf-8")
    result = CliRunner().invoke(main, ["suggest", str(path), "--annotator", "budi", "--recommenders", "quotes",
                                       "--status", "all", "--cues", str(own)])
    assert result.exit_code == 0, result.output
    assert quotes("budi") == ["harga beras akan turun bulan depan"]
    with open_project(path) as p:  # the window's worker reads it from the project too
        par = arts.paragraphs(p, 1)[1]
        made = svc.suggest_paragraph(p, "citra", par.id, ["quotes"])
    assert [a.text for a in made if a.label == "QUOTE"] == ["harga beras akan turun bulan depan"]
    CliRunner().invoke(main, ["suggest", str(path), "--annotator", "dewi", "--bundled-cues", "--status", "all"])
    assert quotes("dewi") == []


def test_a_retired_label_is_proposed_nowhere(tmp_path: Path, fakes: None) -> None:
    """A label retired in the schema editor is offered nowhere: no key, no label bar, and no suggestion."""
    from annotator.core.label_edits import SetRetired
    from annotator.services.labels import edit_schema

    project, _ = _article(tmp_path)
    with project:
        edit_schema(project, SetRetired("CUE", True))
        summary = svc.suggest_project(project, "ana", ["quotes"])
        labels = {a.label for _, a in rows.for_article(project, 1, "ana")}
        assert "CUE" not in labels and "QUOTE" in labels
        assert summary.suggestions == 3
