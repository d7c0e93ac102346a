"""Export use case: selection, splits, file names, atomic writes, checks, every error path."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.errors import AnnotatorError, NotFoundError
from annotator.export import ExportCancelled, ExportError, ExportOptions, assign_splits, export_corpus, parse_split
from annotator.importing import import_paths
from annotator.io.atomic import OutputError
from annotator.services import annotate
from annotator.store import articles as store
from annotator.store.project import Project, open_project
from tests.io.corpus_builder import Corpus, read_jsonl


@pytest.fixture()
def many(tmp_path: Path) -> Project:
    """20 articles of 12 paragraphs, one PERSON each paragraph, all done by "ana"."""
    src = tmp_path / "many.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for a in range(20):
            pars = [f"Berita {a}-{i}: Budi Santoso tiba di Gresik pukul 0{i % 10}:1{i % 6}." for i in range(12)]
            fh.write(json.dumps({"id": f"art-{a:02d}", "text": "\n".join(pars)}) + "\n")
    proj = open_project(tmp_path / "many.db")
    import_paths(proj, [src])
    for (pid,) in proj.conn.execute("SELECT id FROM paragraphs ORDER BY id").fetchall():
        text = store.get_paragraph(proj, pid).text
        s = text.index("Budi")
        annotate.add_annotation(proj, pid, "ana", "PERSON", s, s + len("Budi Santoso"))
        annotate.set_status(proj, pid, "ana", "done")
    yield proj
    proj.close()


# -- selection ----------------------------------------------------------------------------------


def test_nobody_annotated(project: Project, tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="nobody has annotated"):
        export_corpus(project, ExportOptions(), tmp_path / "x.jsonl")
    assert not (tmp_path / "x.jsonl").exists()


def test_two_annotators_need_a_name(corpus: Corpus, tmp_path: Path) -> None:
    annotate.set_status(corpus.project, corpus.paragraphs["ferry-id"][0], "bob", "done")
    with pytest.raises(AnnotatorError, match=r"--annotator \(ana, bob\)"):
        export_corpus(corpus.project, ExportOptions(), tmp_path / "x.jsonl")
    with pytest.raises(NotFoundError, match="no annotator 'carol'"):
        export_corpus(corpus.project, ExportOptions(annotator="carol"), tmp_path / "x.jsonl")
    with pytest.raises(AnnotatorError, match="not both"):
        export_corpus(corpus.project, ExportOptions(annotator="ana", gold=True), tmp_path / "x.jsonl")
    summary = export_corpus(corpus.project, ExportOptions(annotator="bob", status="any"), tmp_path / "b.jsonl")
    assert summary.lines_written == 13 and not summary.spans


def test_gold_takes_adjudicated_annotations(corpus: Corpus, tmp_path: Path) -> None:
    pid = corpus.paragraphs["port-en"][1]
    gold = annotate.add_annotation(corpus.project, pid, "rev", "PERSON", 17, 31, origin="adjudicated")
    out = tmp_path / "g.jsonl"
    summary = export_corpus(corpus.project, ExportOptions(format="native", gold=True), out)
    assert summary.lines_written == 0  # adjudicated means: a reviewer marked the paragraph done
    with corpus.project.write():
        corpus.project.conn.execute("UPDATE annotators SET is_reviewer = 1 WHERE name = 'rev'")
    annotate.set_status(corpus.project, pid, "rev", "done")
    summary = export_corpus(corpus.project, ExportOptions(format="native", gold=True, replace=True), out)
    (line,) = read_jsonl(out)
    assert line["annotator"] is None and line["gold"] is True
    assert [a["id"] for a in line["annotations"]] == [gold.uid]
    assert summary.spans == {"PERSON": 1}


@pytest.mark.parametrize("spec, message", [
    ("train=0.8,dev=0.1", "add up to 0.9"), ("train=0.8,test", "NAME=FRACTION"), ("a=x,b=1", "not a number"),
    ("a=0.5,a=0.5", "named twice"), ("a=0,b=1", "above 0"), ("a b=1", "NAME=FRACTION")])
def test_bad_split(spec: str, message: str) -> None:
    with pytest.raises(AnnotatorError, match=message):
        parse_split(spec)


def test_bad_options(corpus: Corpus, tmp_path: Path) -> None:
    for opts in (ExportOptions(format="csv"), ExportOptions(layer="cue"), ExportOptions(status="todo"),
                 ExportOptions(unit="sentence")):
        with pytest.raises(AnnotatorError):
            export_corpus(corpus.project, opts, tmp_path / "x.jsonl")


# -- splits -------------------------------------------------------------------------------------


def test_split_whole_articles_deterministic(many: Project, tmp_path: Path) -> None:
    split = parse_split("train=0.8,dev=0.1,test=0.1")
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for folder, seed in ((a, 7), (b, 7), (c, 8)):
        folder.mkdir()
        summary = export_corpus(many, ExportOptions(format="doccano", split=split, seed=seed), folder / "x.jsonl")
        assert sorted(p.name for p in summary.files) == ["x.dev.jsonl", "x.test.jsonl", "x.train.jsonl"]
        assert list(summary.files.values()) == [16 * 12, 2 * 12, 2 * 12]

    def parts(folder: Path) -> dict[str, set[str]]:
        return {n: {r["article_id"] for r in read_jsonl(folder / f"x.{n}.jsonl")} for n in ("train", "dev", "test")}

    pa, pb, pc = parts(a), parts(b), parts(c)
    assert pa == pb  # same seed, same split
    assert pa != pc  # another seed, another split
    assert sum(len(s) for s in pa.values()) == 20  # every article once: none in two parts
    assert set.union(*pa.values()) == {f"art-{i:02d}" for i in range(20)}


def test_assign_splits_counts() -> None:
    arts = [(i, f"a{i}") for i in range(7)]
    got = assign_splits(arts, (("train", 0.8), ("dev", 0.1), ("test", 0.1)), 1)
    counts = {n: list(got.values()).count(n) for n in ("train", "dev", "test")}
    assert counts == {"train": 5, "dev": 1, "test": 1}  # 5.6 / 0.7 / 0.7: the largest remainders get the rest
    assert assign_splits(list(reversed(arts)), (("train", 0.8), ("dev", 0.1), ("test", 0.1)), 1) == got


def test_bio_split_has_one_label_file(many: Project, tmp_path: Path) -> None:
    summary = export_corpus(many, ExportOptions(format="bio", split=parse_split("train=0.5,test=0.5")),
                            tmp_path / "c.jsonl")
    assert summary.labels_file == tmp_path / "c.labels.json"
    assert sorted(p.name for p in tmp_path.glob("c.*")) == ["c.labels.json", "c.test.jsonl", "c.train.jsonl"]


# -- where files go -------------------------------------------------------------------------------


def test_default_name_in_exports(corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = export_corpus(corpus.project, ExportOptions(format="spans"))
    (path,) = first.files
    assert path.parent == tmp_path / "exports"
    assert path.name == f"p_spans_{datetime.now():%Y-%m-%d}.jsonl"
    second = export_corpus(corpus.project, ExportOptions(format="spans"))
    (path2,) = second.files
    assert path2 != path and path2.name.startswith(f"p_spans_{datetime.now():%Y-%m-%d}_")
    third = export_corpus(corpus.project, ExportOptions(format="doccano"), tmp_path / "exports")
    assert next(iter(third.files)).name.startswith("p_doccano_")


def test_missing_folder_is_one_line(corpus: Corpus, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="no such folder") as info:
        export_corpus(corpus.project, ExportOptions(), tmp_path / "nope" / "x.jsonl")
    assert "\n" not in str(info.value)


def test_unwritable_folder(corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import annotator.io.atomic as atomic

    monkeypatch.setattr(atomic.os, "access", lambda *a, **k: False)
    with pytest.raises(OutputError, match="permission denied"):
        export_corpus(corpus.project, ExportOptions(), tmp_path / "x.jsonl")


# -- checks and atomic writes ----------------------------------------------------------------------


def test_stored_text_mismatch_names_the_paragraph(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    out.write_text("previous export\n")
    with corpus.project.write():
        corpus.project.conn.execute("UPDATE annotations SET text = 'Ayu Pratiwo' WHERE id = ?", (corpus.spans["ayu"],))
    uid = corpus.project.scalar("SELECT uid FROM annotations WHERE id = ?", (corpus.spans["ayu"],))
    for fmt in ("native", "spans", "bio", "doccano"):
        for unit in ("paragraph", "article"):
            # the formats that read annotations without their ids still name the bad one by its id
            with pytest.raises(ExportError, match=rf"article forum-id paragraph 2: annotation {uid} .*'Ayu Pratiwo'"):
                export_corpus(corpus.project, ExportOptions(format=fmt, unit=unit, status="any", replace=True), out)
    assert out.read_text() == "previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_offsets_outside_the_paragraph(corpus: Corpus, tmp_path: Path) -> None:
    with corpus.project.write():
        corpus.project.conn.execute('UPDATE annotations SET "end" = 500 WHERE id = ?', (corpus.spans["asean"],))
    uid = corpus.project.scalar("SELECT uid FROM annotations WHERE id = ?", (corpus.spans["asean"],))
    for unit in ("paragraph", "article"):
        with pytest.raises(ExportError, match=f"article forum-id paragraph 3: annotation {uid} .*outside"):
            export_corpus(corpus.project, ExportOptions(format="doccano", unit=unit, status="any"),
                          tmp_path / "x.jsonl")


@pytest.mark.parametrize("exc", [RuntimeError("disk on fire"), KeyboardInterrupt()])
def test_failure_mid_write_leaves_no_file(corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          exc: BaseException) -> None:
    from annotator.export.formats.spans import SpansFormat as SpansEncoder

    real = SpansEncoder.encode
    calls = {"n": 0}

    def flaky(self: SpansEncoder, unit: object) -> str:
        calls["n"] += 1
        if calls["n"] == 6:
            raise exc
        return real(self, unit)

    monkeypatch.setattr(SpansEncoder, "encode", flaky)
    out = tmp_path / "x.jsonl"
    with pytest.raises(type(exc)):
        export_corpus(corpus.project, ExportOptions(format="spans"), out)
    assert calls["n"] == 6
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part" or p.name.startswith(".")] == []


def test_progress_and_cancel(many: Project, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_corpus(many, ExportOptions(format="bio"), tmp_path / "ok.jsonl",
                  progress=lambda done, total, cur: seen.append((done, total)))
    assert seen[0] == (0, 240) and seen[-1] == (240, 240) and (200, 240) in seen

    def cancel(done: int, total: int, current: str) -> None:
        if done >= 200:
            raise ExportCancelled("export cancelled")

    with pytest.raises(ExportCancelled):
        export_corpus(many, ExportOptions(format="bio"), tmp_path / "no.jsonl", progress=cancel)
    assert sorted(p.name for p in tmp_path.iterdir() if "many" not in p.name) == ["ok.jsonl", "ok.labels.json"]


def test_article_unit_leaves_out_unfinished_articles(corpus: Corpus, tmp_path: Path) -> None:
    annotate.set_status(corpus.project, corpus.paragraphs["port-en"][2], "ana", "todo")
    summary = export_corpus(corpus.project, ExportOptions(format="doccano", unit="article"), tmp_path / "a.jsonl")
    assert [r["article_id"] for r in read_jsonl(tmp_path / "a.jsonl")] == ["forum-id"]
    assert summary.left_out == {"article(s) not done in every paragraph": 2}


# -- command line -------------------------------------------------------------------------------


def test_cli_export_summary_and_errors(corpus: Corpus, tmp_path: Path) -> None:
    db = corpus.project.path
    runner = CliRunner()
    out = tmp_path / "spans.jsonl"
    res = runner.invoke(main, ["export", str(db), str(out), "--format", "spans", "--layer", "entity"])
    assert res.exit_code == 0, res.output
    assert res.stdout == ""
    assert "spans: 11 line(s) written" in res.stderr and "spans per label: GPE 7" in res.stderr
    assert len(read_jsonl(out)) == 11

    res = runner.invoke(main, ["export", str(db), str(tmp_path / "no" / "x.jsonl")])
    assert res.exit_code == 1 and res.stderr.strip().count("\n") == 0
    assert res.stderr.startswith("error: ") and "no such folder" in res.stderr

    res = runner.invoke(main, ["export", str(db), str(tmp_path / "y.jsonl"), "--split", "train=2"])
    assert res.exit_code == 1 and "--split" in res.stderr

    res = runner.invoke(main, ["export", str(db), str(tmp_path / "y.jsonl"), "--annotator", "zed"])
    assert res.exit_code == 1 and "no annotator 'zed'" in res.stderr

    res = runner.invoke(main, ["export", str(db), str(tmp_path / "z"), "--format", "bio", "--split",
                               "train=0.5,test=0.5", "--seed", "3", "--gold"])
    assert res.exit_code == 0, res.output  # nothing adjudicated yet: empty files, said so
    assert "bio: 0 line(s) written" in res.stderr
    assert sorted(p.name for p in tmp_path.glob("z.*")) == ["z.labels.json", "z.test.jsonl", "z.train.jsonl"]


def test_cli_ctrl_c_leaves_nothing(corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.export.formats.doccano import DoccanoFormat as DoccanoEncoder

    def interrupted(self: DoccanoEncoder, unit: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(DoccanoEncoder, "encode", interrupted)
    out = tmp_path / "d.jsonl"
    res = CliRunner().invoke(main, ["export", str(corpus.project.path), str(out), "--format", "doccano"])
    assert res.exit_code == 130 and "nothing was half-written" in res.stderr
    assert not out.exists() and not list(tmp_path.glob(".d.jsonl*"))
