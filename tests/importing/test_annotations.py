"""Import of annotated JSONL (native and spans), round trips, and every bad-input path."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.errors import AnnotatorError, BadInputError
from annotator.export import ExportOptions, export_corpus
from annotator.importing import import_annotated
from annotator.store.project import Project, open_project
from tests.io.corpus_builder import EN_TEXT, Corpus, read_jsonl

_STAMP = re.compile(r'"exported_at":"[^"]*"')


@pytest.fixture()
def other(tmp_path: Path) -> Project:
    proj = open_project(tmp_path / "other.db")
    yield proj
    proj.close()


def snapshot(project: Project) -> dict[str, int]:
    return {t: project.scalar(f"SELECT count(*) FROM {t}")
            for t in ("articles", "paragraphs", "annotations", "links", "paragraph_status", "events", "annotators")}


def without_stamp(path: Path) -> str:
    return _STAMP.sub("", path.read_text(encoding="utf-8"))


def write_lines(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


# -- round trips ----------------------------------------------------------------------------------


@pytest.mark.parametrize("unit, status", [("paragraph", "done"), ("paragraph", "any"), ("article", "done"),
                                          ("article", "any")])
def test_native_round_trip_is_identical(corpus: Corpus, other: Project, tmp_path: Path, unit: str,
                                        status: str) -> None:
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    export_corpus(corpus.project, ExportOptions(format="native", unit=unit, status=status), first)
    summary = import_annotated(other, [first], annotator="ana")
    assert summary.annotations == 26 and summary.links == 9 and not summary.dropped
    export_corpus(other, ExportOptions(format="native", unit=unit, status=status), second)
    assert without_stamp(first) == without_stamp(second)
    assert first.read_text(encoding="utf-8") != without_stamp(first)  # there was a time stamp to leave out
    # the article itself came back exactly: text, layout, flags, title, metadata
    for table in ("articles", "paragraphs"):
        cols = ("ext_id, title, source, url, lang, meta, text, content_hash" if table == "articles"
                else 'idx, start, "end", boilerplate')
        got = other.conn.execute(f"SELECT {cols} FROM {table} ORDER BY id").fetchall()
        want = corpus.project.conn.execute(f"SELECT {cols} FROM {table} ORDER BY id").fetchall()
        n = len(got)
        assert got == want[:n] and n > 0


def test_spans_round_trip(corpus: Corpus, other: Project, tmp_path: Path) -> None:
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    export_corpus(corpus.project, ExportOptions(format="spans"), first)
    summary = import_annotated(other, [first], annotator="bob")
    assert summary.articles_new == 2 and summary.annotations == 26 and summary.paragraphs_done == 11
    export_corpus(other, ExportOptions(format="spans"), second)
    assert first.read_bytes() == second.read_bytes()
    origins = {r[0] for r in other.conn.execute("SELECT origin FROM annotations")}
    assert origins == {"imported"}


def test_spans_attach_to_articles_already_there(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    export_corpus(corpus.project, ExportOptions(format="spans"), out)
    before = snapshot(corpus.project)
    summary = import_annotated(corpus.project, [out], annotator="bob")
    assert summary.articles_new == 0 and summary.articles_matched == 2
    after = snapshot(corpus.project)
    assert after["articles"] == before["articles"] and after["paragraphs"] == before["paragraphs"]
    assert after["annotations"] == before["annotations"] + 26
    ana = corpus.project.conn.execute(
        "SELECT paragraph_id, start, \"end\", label FROM annotations a JOIN annotators n ON n.id = a.annotator_id "
        "WHERE n.name = ? ORDER BY 1, 2, 3, 4", ("ana",)).fetchall()
    bob = corpus.project.conn.execute(
        "SELECT paragraph_id, start, \"end\", label FROM annotations a JOIN annotators n ON n.id = a.annotator_id "
        "WHERE n.name = ? ORDER BY 1, 2, 3, 4", ("bob",)).fetchall()
    assert ana == bob
    # importing the same file again adds nothing
    again = import_annotated(corpus.project, [out], annotator="bob")
    assert again.annotations == 0 and again.links == 0 and again.already_there == 26
    assert snapshot(corpus.project)["annotations"] == after["annotations"]


def test_native_into_the_same_project_keeps_uids_unique(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "n.jsonl"
    export_corpus(corpus.project, ExportOptions(format="native"), out)
    summary = import_annotated(corpus.project, [out], annotator="carol")
    assert summary.annotations == 26 and summary.articles_new == 0
    n_uids = corpus.project.scalar("SELECT count(DISTINCT uid) FROM annotations")
    assert n_uids == corpus.project.scalar("SELECT count(*) FROM annotations") == 52
    # carol's quote has carol's speaker, one paragraph up
    row = corpus.project.conn.execute(
        "SELECT t.text, tn.name FROM links l JOIN annotations s ON s.id = l.source_id "
        "JOIN annotators sn ON sn.id = s.annotator_id JOIN annotations t ON t.id = l.target_id "
        "JOIN annotators tn ON tn.id = t.annotator_id WHERE sn.name = 'carol' AND s.label = 'QUOTE' "
        "AND s.text LIKE '“Kerja%' AND l.kind = 'speaker'").fetchone()
    assert row == ("Ayu Pratiwi", "carol")


def test_as_suggestions(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    export_corpus(corpus.project, ExportOptions(format="spans", layer="entity"), out)
    summary = import_annotated(corpus.project, [out], annotator="dian", as_suggestions=True)
    assert summary.annotations == 17 and summary.paragraphs_done == 0
    origins = corpus.project.conn.execute(
        "SELECT DISTINCT origin FROM annotations a JOIN annotators n ON n.id = a.annotator_id WHERE n.name = 'dian'"
    ).fetchall()
    assert origins == [("suggested",)]
    assert corpus.project.scalar("SELECT count(*) FROM paragraph_status s JOIN annotators n "
                                 "ON n.id = s.annotator_id WHERE n.name = 'dian'") == 0


def test_prodigy_lines_without_ids(other: Project, tmp_path: Path) -> None:
    text = "Budi Santoso tiba di Gresik 🇮🇩.\nIa disambut Wali Kota."
    rows = [
        {"text": text, "spans": [{"start": 0, "end": 12, "label": "PERSON"},
                                 {"start": 21, "end": 27, "label": "GPE", "text": "Gresik"},
                                 {"start": 44, "end": 53, "label": "ROLE"}],
         "relations": [{"head": 0, "child": 1, "head_span": {"start": 0, "end": 12},
                        "child_span": {"start": 21, "end": 27}, "label": "LIVES_IN"}]},
        {"text": "Ini ditolak.", "spans": [], "answer": "reject"},
        {"text": "  Kapal tiba.  ", "spans": [{"start": 2, "end": 7, "label": "EVENT"}], "meta": {"source": "x"}},
    ]
    summary = import_annotated(other, [write_lines(tmp_path / "p.jsonl", rows)], annotator="eko")
    assert summary.articles_new == 2 and summary.annotations == 4
    assert summary.dropped == {"line(s) answered reject/ignore": 1,
                               "relation(s) that are not speaker/claimant/cue links": 1}
    pars = other.conn.execute('SELECT p.idx, substr(a.text, p.start + 1, p."end" - p.start) FROM paragraphs p '
                              "JOIN articles a ON a.id = p.article_id ORDER BY p.id").fetchall()
    assert pars == [(0, "Budi Santoso tiba di Gresik 🇮🇩."), (1, "Ia disambut Wali Kota."), (0, "Kapal tiba.")]
    got = other.conn.execute("SELECT label, text, start FROM annotations ORDER BY id").fetchall()
    assert got == [("PERSON", "Budi Santoso", 0), ("GPE", "Gresik", 21), ("ROLE", "Wali Kota", 12),
                   ("EVENT", "Kapal", 0)]


def test_spans_lines_with_article_ids_form_articles(other: Project, tmp_path: Path) -> None:
    rows = [  # out of order on purpose
        {"text": "Kedua.", "spans": [], "meta": {"article_id": 7, "paragraph": 1}},
        {"text": "Pertama di Jakarta.", "spans": [{"start": 11, "end": 18, "label": "GPE"}],
         "meta": {"article_id": 7, "paragraph": 0}},
    ]
    import_annotated(other, [write_lines(tmp_path / "p.jsonl", rows)], annotator="eko")
    assert other.conn.execute("SELECT ext_id, text FROM articles").fetchall() == [("7", "Pertama di Jakarta.\nKedua.")]


# -- bad input: one line naming file:line, the project unchanged ------------------------------------


def _native_rows(corpus: Corpus, tmp_path: Path) -> list[dict]:
    out = tmp_path / "n.jsonl"
    export_corpus(corpus.project, ExportOptions(format="native"), out)
    return read_jsonl(out)


@pytest.mark.parametrize("breakage, message", [
    (lambda r: r["annotations"][0].update(end=999), "outside the text"),
    (lambda r: r["annotations"][0].update(text="Jakarta"), "not its text"),
    (lambda r: r["annotations"][0].update(label="ANIMAL"), "label 'ANIMAL' is not in the project"),
    (lambda r: r["annotations"][0].update(layer="claim"), "is on layer entity in this project"),
    (lambda r: r["annotations"][0].update(start="3"), "must be integers"),
    (lambda r: r["links"].append({"source": "nope", "kind": "speaker", "target": None, "special": "unnamed"}),
     "not an annotation of this paragraph"),
    (lambda r: r.update(version=99), "newer corpus-annotator"),
    (lambda r: r.update(text=r["text"] + "!"), "not the article's text"),
    (lambda r: r.update(status="finished"), "unknown status"),
])
def test_bad_native_line(corpus: Corpus, other: Project, tmp_path: Path, breakage, message: str) -> None:
    rows = _native_rows(corpus, tmp_path)
    breakage(rows[6])  # port-en paragraph 0, line 7
    path = write_lines(tmp_path / "bad.jsonl", rows)
    before = snapshot(other)
    with pytest.raises(BadInputError, match=re.escape(f"{path}:7: ") + ".*" + message) as info:
        import_annotated(other, [path], annotator="ana")
    assert "\n" not in str(info.value)
    assert snapshot(other) == before


def test_bad_spans_lines(other: Project, tmp_path: Path) -> None:
    cases = [
        ({"text": "Budi", "spans": [{"start": 0, "end": 5, "label": "PERSON"}]}, "outside the text"),
        ({"text": "Budi", "spans": [{"start": 0, "end": 4, "label": "PERSON", "text": "Bud"}]}, "not its text"),
        ({"text": "Budi", "spans": [{"start": 0, "end": 4}]}, "field 'label' must be a string"),
        ({"text": "", "spans": []}, "empty or blank"),
        ({"text": "Budi", "spans": [], "meta": {"article_id": True}}, "meta.article_id"),
        ({"text": "Budi", "spans": [{"start": 0, "end": 4, "label": "PERSON"}],
          "relations": [{"head_span": {"start": 0, "end": 2}, "child_span": {"start": 0, "end": 4},
                         "label": "speaker"}]}, "not one of the line's spans"),
        ({"text": "Budi", "spans": [{"start": 0, "end": 4, "label": "PERSON"}],
          "relations": [{"head_span": {"start": [0], "end": 4}, "child_span": {"start": 0, "end": 4},
                         "label": "speaker"}]}, "need integer 'start' and 'end'"),
    ]
    good = {"text": "Sebuah baris yang baik.", "spans": []}
    for bad, message in cases:
        path = write_lines(tmp_path / "bad.jsonl", [good, bad])
        with pytest.raises(BadInputError, match=re.escape(f"{path}:2: ") + ".*" + message):
            import_annotated(other, [path], annotator="eko")
    assert snapshot(other)["articles"] == 0


def test_not_json_and_unknown_lines(other: Project, tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "a", "spans": []}\n{"text": \n', encoding="utf-8")
    with pytest.raises(BadInputError, match=re.escape(f"{path}:2: not valid JSON")):
        import_annotated(other, [path], annotator="eko")
    path.write_text('{"text": "a", "spans": []}\n{"id": 1, "text": "plain"}\n', encoding="utf-8")
    with pytest.raises(BadInputError, match=re.escape(f"{path}:2: neither a native line")):
        import_annotated(other, [path], annotator="eko")


def test_paragraph_that_does_not_match_the_article_there(corpus: Corpus, tmp_path: Path) -> None:
    rows = [{"text": "Paragraf yang tidak ada di artikel.", "spans": [],
             "meta": {"article_id": "port-en", "paragraph": 0}}]
    path = write_lines(tmp_path / "s.jsonl", rows)
    before = snapshot(corpus.project)
    with pytest.raises(BadInputError, match=re.escape(f"{path}:1: ") + "paragraph 0 does not match"):
        import_annotated(corpus.project, [path], annotator="bob")
    assert snapshot(corpus.project) == before


def test_needs_an_annotator(other: Project, tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="--annotator"):
        import_annotated(other, [write_lines(tmp_path / "s.jsonl", [{"text": "a", "spans": []}])], annotator=None)


def test_skip_bad_skips_a_whole_file(other: Project, tmp_path: Path) -> None:
    good = write_lines(tmp_path / "good.jsonl", [{"text": "Budi tiba.", "spans": [{"start": 0, "end": 4,
                                                                                    "label": "PERSON"}]}])
    bad = write_lines(tmp_path / "bad.jsonl", [{"text": "Ani tiba.", "spans": []},
                                               {"text": "Budi", "spans": [{"start": 0, "end": 9, "label": "PERSON"}]}])
    summary = import_annotated(other, [bad, good], annotator="eko", skip_bad=True)
    assert summary.files == 1 and summary.annotations == 1
    assert len(summary.skipped) == 1 and summary.skipped[0].startswith(f"{bad}:2:")
    assert other.scalar("SELECT count(*) FROM articles") == 1


# -- command line -------------------------------------------------------------------------------


def test_cli_import_dispatch(corpus: Corpus, tmp_path: Path) -> None:
    native, spans = tmp_path / "n.jsonl", tmp_path / "s.jsonl"
    export_corpus(corpus.project, ExportOptions(format="native"), native)
    export_corpus(corpus.project, ExportOptions(format="spans"), spans)
    plain = tmp_path / "plain.txt"
    plain.write_text("Berita lain dari Tuban.\nKapal bersandar pukul 10:15.\n", encoding="utf-8")
    runner = CliRunner()
    db = tmp_path / "new.db"

    res = runner.invoke(main, ["import", str(db), str(native)])
    assert res.exit_code == 1 and "--annotator" in res.stderr and res.stderr.count("\n") == 1

    res = runner.invoke(main, ["import", str(db), str(plain), "--as-suggestions", "--annotator", "x"])
    assert res.exit_code == 1 and "--as-suggestions" in res.stderr

    res = runner.invoke(main, ["import", str(db), str(plain), str(native), "--annotator", "ana"])
    assert res.exit_code == 0, res.output
    assert "1 article(s), 2 paragraph(s) imported" in res.stderr
    assert "26 annotation(s) and 9 link(s) imported from 11 line(s)" in res.stderr
    res = runner.invoke(main, ["import", str(db), str(spans), "--annotator", "bob", "--as-suggestions"])
    assert res.exit_code == 0, res.output
    with open_project(db) as proj:
        assert proj.scalar("SELECT count(*) FROM articles") == 3
        assert proj.scalar("SELECT count(*) FROM annotations WHERE origin = 'suggested'") == 26

    # a bad annotated file next to a good plain one: nothing of either goes in
    bad = write_lines(tmp_path / "bad.jsonl", [{"text": "x", "spans": [{"start": 0, "end": 3, "label": "ORG"}]}])
    other_txt = tmp_path / "other.txt"
    other_txt.write_text("Artikel baru sama sekali.\n", encoding="utf-8")
    res = runner.invoke(main, ["import", str(db), str(other_txt), str(bad), "--annotator", "ana"])
    assert res.exit_code == 1 and f"{bad}:1:" in res.stderr
    with open_project(db) as proj:
        assert proj.scalar("SELECT count(*) FROM articles") == 3


def test_en_text_survives(other: Project, corpus: Corpus, tmp_path: Path) -> None:
    """CRLF, combining marks and emoji: the re-imported article text is the original, character for character."""
    out = tmp_path / "n.jsonl"
    export_corpus(corpus.project, ExportOptions(format="native", unit="article"), out)
    import_annotated(other, [out], annotator="ana")
    texts = [r[0] for r in other.conn.execute("SELECT text FROM articles ORDER BY id")]
    assert texts[1] == EN_TEXT and "\r\n" in texts[0]


def test_recognised_by_fields(tmp_path: Path) -> None:
    from annotator.importing import is_annotated_file

    plain = write_lines(tmp_path / "a.jsonl", [{"id": 1, "text": "Budi tiba."}])
    spans = write_lines(tmp_path / "b.jsonl", [{"text": "Budi tiba.", "spans": []}])
    native = write_lines(tmp_path / "c.jsonl", [{"format": "corpus-annotator-native", "version": 1}])
    broken = tmp_path / "d.jsonl"
    broken.write_bytes(b"\n\n\xff{not json\n")
    assert [is_annotated_file(p) for p in (plain, spans, native, broken)] == [False, True, True, False]
    assert not is_annotated_file(tmp_path / "e.txt")


def test_many_spans_in_one_paragraph_cost_linear_work(tmp_path: Path) -> None:
    """Whether a span is there already is looked up in one read of the paragraph's annotations, not by a
    query per span that scanned them all (one paragraph of 20,000 spans from two annotators: 16.7 s).
    Counted in SQLite steps: four times the spans, about four times the steps (it was about fourteen)."""
    from tests.workcount import sqlite_steps

    def steps(n: int) -> int:
        words = [f"Kata{i}" for i in range(n)]
        text = " ".join(words)
        spans, pos = [], 0
        for w in words:
            spans.append({"start": pos, "end": pos + len(w), "label": "PERSON"})
            pos += len(w) + 1
        spans.append(dict(spans[0]))  # the same span twice in the file: one annotation
        path = write_lines(tmp_path / f"spans{n}.jsonl",
                           [{"text": text, "spans": spans, "meta": {"article_id": "big", "paragraph": 0}}])
        with open_project(tmp_path / f"p{n}.db") as project:
            total = 0
            for who in ("ana", "budi", "ana"):  # the second time for ana: every span is there already
                box: list[object] = []
                total += sqlite_steps(project.conn, lambda: box.append(
                    import_annotated(project, [path], annotator=who)))
                summary = box[0]
                assert summary.annotations + summary.already_there == n + 1  # type: ignore[attr-defined]
            assert project.scalar("SELECT count(*) FROM annotations") == 2 * n
        return total

    small, large = steps(200), steps(800)
    assert large < 6 * small, (small, large)
