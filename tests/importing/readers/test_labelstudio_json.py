"""Label Studio's JSON and JSON_MIN exports read back: the fixtures Label Studio 1.23.2 made from our export
(tests/importing/fixtures/labelstudio-README.md) give the original spans, F1 1.000."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.errors import BadInputError
from annotator.importing.annotations import import_annotated
from annotator.importing.readers import labelstudio_json as lsj
from annotator.importing.readers.registry import document_format, is_annotated_file
from annotator.store.project import Project, open_project
from tests.export.formats.labelstudio_corpus import ANNOTATOR, LsCorpus, build_ls_corpus, f1, span_set

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FULL = FIXTURES / "labelstudio-export.json"
MIN = FIXTURES / "labelstudio-export-min.json"
PREDICTIONS = FIXTURES / "labelstudio-export-predictions.json"
ARTICLE = FIXTURES / "labelstudio-export-article.json"


@pytest.fixture()
def ls(project: Project, tmp_path: Path) -> LsCorpus:
    src = tmp_path / "src"
    src.mkdir()
    return build_ls_corpus(project, src)


def _attrs(project: Project, annotator: str) -> dict[tuple[str, str], str]:
    rows = project.conn.execute("SELECT a.text, a.label, a.attrs FROM annotations a JOIN annotators n "
                                "ON n.id = a.annotator_id WHERE n.name = ? AND a.attrs != '{}'", (annotator,))
    return {(r[0], r[1]): r[2] for r in rows}


def _links(project: Project, annotator: str) -> set[tuple[str, str, str]]:
    rows = project.conn.execute(
        "SELECT s.text, l.kind, t.text FROM links l JOIN annotations s ON s.id = l.source_id "
        "JOIN annotations t ON t.id = l.target_id JOIN annotators n ON n.id = s.annotator_id WHERE n.name = ?",
        (annotator,))
    return {(r[0], r[1], r[2]) for r in rows}


@pytest.mark.parametrize(("fixture", "links", "note"), [
    (FULL, 8, "8 task(s) read from their newest annotation"),
    (MIN, 0, "8 task(s) read from JSON_MIN (it has no relations)"),
    (PREDICTIONS, 8, "8 task(s) read from a prediction (they have no annotation)"),
    (ARTICLE, 8, "2 task(s) read from their newest annotation"),
], ids=["json", "json-min", "json-predictions", "json-article-crlf"])
def test_label_studio_exports_come_back_whole(ls: LsCorpus, fixture: Path, links: int, note: str) -> None:
    project = ls.project
    summary = import_annotated(project, [fixture], annotator="back")
    gold, back = span_set(project, ANNOTATOR), span_set(project, "back")
    assert len(gold) == 26
    assert f1(gold, back) == 1.0
    assert summary.annotations == 26 and summary.links == links and summary.articles_matched == 2
    assert any(line.strip() == note for line in summary.lines())
    if links:
        assert _links(project, "back") == _links(project, ANNOTATOR)
    attrs = _attrs(project, "back")
    assert attrs[("“Kami siapkan pompa tambahan malam ini,”", "QUOTE")] == '{"kind": "direct"}'
    if fixture != MIN:  # JSON_MIN keeps a choice only when one span of its label is in the task
        assert attrs == _attrs(project, ANNOTATOR)


def test_into_an_empty_project_the_articles_are_made(tmp_path: Path) -> None:
    with open_project(tmp_path / "orig.db") as orig:
        (tmp_path / "src").mkdir()
        build_ls_corpus(orig, tmp_path / "src")
        gold = span_set(orig, ANNOTATOR)
        texts = dict(orig.conn.execute("SELECT ext_id, text FROM articles").fetchall())
    for fixture in (FULL, ARTICLE):
        with open_project(tmp_path / f"{fixture.stem}.db") as fresh:
            summary = import_annotated(fresh, [fixture], annotator=ANNOTATOR)
            assert summary.articles_new == 2
            assert f1(gold, span_set(fresh, ANNOTATOR)) == 1.0
            made = dict(fresh.conn.execute("SELECT ext_id, text FROM articles").fetchall())
            if fixture == ARTICLE:  # the whole text, CRLF and all
                assert made == texts
            title = fresh.conn.execute("SELECT title FROM articles WHERE ext_id = 'pact-en'").fetchone()[0]
            assert title == "Fisheries pact"


def test_every_fixture_is_recognised_and_nothing_else(tmp_path: Path) -> None:
    for fixture in (FULL, MIN, PREDICTIONS, ARTICLE, FIXTURES / "labelstudio-ours-annotations-paragraph.json"):
        assert lsj.recognise(fixture), fixture.name
        fmt = document_format(fixture)
        assert fmt is not None and fmt.name == "labelstudio"
        assert is_annotated_file(fixture)
    others = {"obj.json": '{"text": "Budi berkata.", "quotes": []}', "nums.json": "[1, 2, 3]",
              "rows.json": '[{"title": "x", "body": "y"}]', "empty.json": "[]", "tasks.jsonl": FULL.read_text("utf-8")}
    for name, body in others.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
        assert not lsj.recognise(tmp_path / name), name
    big = [{"data": {"text": "Kapal 🚢 " * 20000, "article_id": "big"}, "annotations": []}]
    (tmp_path / "big.json").write_text(json.dumps(big, ensure_ascii=False), encoding="utf-8")
    assert lsj.recognise(tmp_path / "big.json")  # the first task is longer than the head read


def _edited(tmp_path: Path, change: Any) -> Path:
    tasks = json.loads(FULL.read_text(encoding="utf-8"))
    change(tasks)
    out = tmp_path / "edited.json"
    out.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def test_the_newest_annotation_not_cancelled_is_taken(ls: LsCorpus, tmp_path: Path) -> None:
    def change(tasks: list[dict[str, Any]]) -> None:
        first = tasks[0]["annotations"][0]  # the title: Semarang and the flag
        older = {**first, "id": 100, "updated_at": "2020-01-01T00:00:00Z", "result": first["result"][:1]}
        cancelled = {**first, "id": 101, "updated_at": "2099-01-01T00:00:00Z", "was_cancelled": True, "result": []}
        tasks[0]["annotations"] = [older, first, cancelled]
        tasks[0]["predictions"] = [7]

    summary = import_annotated(ls.project, [_edited(tmp_path, change)], annotator="back")
    assert f1(span_set(ls.project, ANNOTATOR), span_set(ls.project, "back")) == 1.0
    assert summary.dropped["cancelled (skipped) annotation(s)"] == 1
    assert summary.dropped["older annotation(s) of a task (its newest one was taken)"] == 1
    assert summary.dropped["prediction(s) exported as ids only (export a snapshot with full predictions)"] == 1


def test_other_results_are_counted_not_imported(ls: LsCorpus, tmp_path: Path) -> None:
    def change(tasks: list[dict[str, Any]]) -> None:
        result = tasks[2]["annotations"][0]["result"]
        result.append({"id": "t1", "from_name": "notes", "to_name": "text", "type": "textarea",
                       "value": {"text": ["cek lagi"]}})
        rel = next(r for r in result if r["type"] == "relation")
        result.append({**rel, "labels": ["mentions"]})

    summary = import_annotated(ls.project, [_edited(tmp_path, change)], annotator="back")
    assert summary.dropped["result(s) of type textarea (not a span, choice or relation)"] == 1
    assert summary.dropped["relation(s) that are not speaker/claimant/cue links"] == 1
    assert summary.links == 8


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t[1]["annotations"][0]["result"][0]["value"].update(start=1),
     "task 2: result 0 (ROLE): offsets 1-18 cover 'ali Kota Semarang', not its text 'Wali Kota Semarang'"),
    (lambda t: t[0]["annotations"][0]["result"][1]["value"].update(end=99),
     "task 1: result 1 (GPE): offsets 36-99 lie outside the text (length 38)"),
    (lambda t: t[3]["annotations"][0]["result"][0]["value"].update(labels=["PLACE"]),
     "label 'PLACE' is not in the project's label schema"),
    (lambda t: t[2]["annotations"][0]["result"].append({"from_id": "r7", "to_id": "zz", "type": "relation",
                                                         "labels": ["speaker"]}),
     "task 3: result 6: relation between 'r7' and 'zz', not both regions of the task"),
    (lambda t: t[4]["data"].pop("text"), "task 5: data has no 'text' field"),
    (lambda t: t[4]["data"].update(text=""), "task 5: data.text is empty or blank"),
], ids=["text-mismatch", "outside", "unknown-label", "dangling-relation", "no-text", "blank-text"])
def test_bad_tasks_fail_in_one_line_and_change_nothing(ls: LsCorpus, tmp_path: Path, change: Any,
                                                        message: str) -> None:
    before = span_set(ls.project, "back")
    bad = _edited(tmp_path, change)
    with pytest.raises(BadInputError) as err:
        import_annotated(ls.project, [bad], annotator="back")
    text = str(err.value)
    assert "\n" not in text and message in text
    starts = [i for i, line in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if line == " {"]
    task = int(message.split()[1].rstrip(":")) if message.startswith("task ") else 4  # PLACE: the 4th task
    assert text.startswith(f"{bad}:{starts[task - 1]}: ")  # the line the task begins on
    assert span_set(ls.project, "back") == before


def test_broken_json_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "cut.json"
    bad.write_text('[\n{"data": {"text": "Budi datang."}, "annotations": []},\n{"data": {"text": "x"}\n', "utf-8")
    with pytest.raises(BadInputError, match=r"cut\.json:4: not valid JSON"):
        lsj.read(bad)
    (tmp_path / "empty.json").write_text("[]", encoding="utf-8")
    with pytest.raises(BadInputError, match="no task in file"):
        lsj.read(tmp_path / "empty.json")


def test_cli_imports_an_export_with_its_labels(ls: LsCorpus, tmp_path: Path) -> None:
    db = ls.project.path
    ls.project.close()
    res = CliRunner().invoke(main, ["import", str(db), str(MIN), "--annotator", "cli"])
    assert res.exit_code == 0, res.output
    assert "26 annotation(s)" in res.output
    with open_project(db, create=False) as project:
        assert f1(span_set(project, ANNOTATOR), span_set(project, "cli")) == 1.0
