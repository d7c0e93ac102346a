"""doccano JSONL in: doccano 1.8.4's own exports (fixtures made by the real server) and ours, both ways.

Each round trip: the project of ``doccano_corpus`` (emoji, flags, ZWJ, CRLF, overlapping spans) -> our
export -> doccano -> doccano's export (the fixture) -> imported into a fresh copy as annotator "doccano"
-> span F1 1.000 against the original annotator's spans.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.errors import AnnotatorError, BadInputError
from annotator.export import ExportOptions, export_corpus
from annotator.export.formats.doccano import OVERLAP_NOTE
from annotator.importing import import_files
from annotator.importing.readers import doccano_jsonl, registry
from annotator.store.project import open_project
from tests.importing.readers.doccano_corpus import OVERLAPPING, SPANS, build, f1, project_spans, write_export

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RUNS = [("doccano-1.8.4-utf16.jsonl", "utf16", "paragraph"),
        ("doccano-1.8.4-utf16-article.jsonl", "utf16", "article"),
        ("doccano-1.8.4-graphemes.jsonl", "graphemes", "paragraph")]


def _project(tmp_path: Path, name: str = "p") -> Path:
    path = tmp_path / name / "p.db"
    path.parent.mkdir()
    with open_project(path) as proj:
        build(proj, path.parent / "in")
    return path


def _lines(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _spans(path: Path, annotator: str) -> set:
    with open_project(path, create=False) as proj:
        return project_spans(proj, annotator)


@pytest.mark.parametrize(("fixture", "offsets", "unit"), RUNS)
def test_doccanos_export_comes_back_with_f1_one(tmp_path: Path, fixture: str, offsets: str, unit: str) -> None:
    path = _project(tmp_path)
    # UTF-16 is the default: doccano's own export needs neither --format nor --offsets
    lines = import_files(path, [FIXTURES / fixture], annotator="doccano",
                         offsets=None if offsets == "utf16" else offsets)  # type: ignore[arg-type]
    original, back = _spans(path, "ana"), _spans(path, "doccano")
    assert len(original) == len(SPANS)
    assert f1(original, back) == 1.0
    assert f"{len(SPANS)} annotation(s)" in lines[0] and "0 new article(s), 2 already in the project" in lines[0]


@pytest.mark.parametrize(("fixture", "offsets", "unit"), RUNS)
def test_our_export_is_still_what_doccano_was_given(tmp_path: Path, fixture: str, offsets: str, unit: str) -> None:
    out = tmp_path / "ours.jsonl"
    write_export(out, offsets, unit)
    assert out.read_bytes() == (FIXTURES / fixture.replace(".jsonl", ".uploaded.jsonl")).read_bytes()


@pytest.mark.parametrize(("fixture", "offsets", "unit"), RUNS)
def test_our_own_export_comes_back(tmp_path: Path, fixture: str, offsets: str, unit: str) -> None:
    path = _project(tmp_path)
    import_files(path, [FIXTURES / fixture.replace(".jsonl", ".uploaded.jsonl")], annotator="back", fmt="doccano",
                 offsets=offsets)  # type: ignore[arg-type]
    assert f1(_spans(path, "ana"), _spans(path, "back")) == 1.0


def test_into_an_empty_project_the_articles_are_made_with_their_labels(tmp_path: Path) -> None:
    """The issue's case: doccano's export given to ``annotator import`` made one article per line and
    dropped every label (and ignored --annotator); now the lines are grouped back into their articles."""
    path = tmp_path / "p.db"
    res = CliRunner().invoke(main, ["import", str(path), str(FIXTURES / RUNS[0][0]), "--annotator", "x"])
    assert res.exit_code == 0, res.output
    with open_project(path, create=False) as proj:
        assert proj.scalar("SELECT count(*) FROM articles") == 2
        assert proj.scalar("SELECT count(*) FROM annotations") == len(SPANS)
        meta = json.loads(proj.scalar("SELECT meta FROM articles WHERE ext_id = 'fish'"))
    assert meta["doccano_id"] == 5  # doccano's own id, kept as metadata
    source = _project(tmp_path, "orig")
    assert {s[1:] for s in _spans(path, "x")} == {s[1:] for s in _spans(source, "ana") if s[0] == "fish"} | \
        {s[1:] for s in _spans(source, "ana") if s[0] != "fish"}


def test_the_export_counts_the_overlapping_spans(tmp_path: Path) -> None:
    with open_project(_project(tmp_path), create=False) as proj:
        summary = export_corpus(proj, ExportOptions(format="doccano", jobs=1), tmp_path / "d.jsonl")
    assert summary.notes == {OVERLAP_NOTE: OVERLAPPING}
    assert sum(summary.spans.values()) == len(SPANS)  # written all the same


def test_without_annotator_it_is_refused(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["import", str(tmp_path / "p.db"), str(FIXTURES / RUNS[0][0])])
    assert res.exit_code != 0 and "holds annotations; name whose they are with --annotator" in res.output
    assert not (tmp_path / "p.db").exists()


def test_a_file_is_recognised_by_its_first_line(tmp_path: Path) -> None:
    fmt = registry.document_format(FIXTURES / RUNS[0][0])
    assert fmt is not None and fmt.name == "doccano"
    assert registry.import_path(FIXTURES / RUNS[0][0]) == "annotated"
    empty_labels = _lines(tmp_path / "a.jsonl", [{"id": 1, "text": "Budi tiba.", "label": []}])
    assert doccano_jsonl.recognise(empty_labels, None)
    for row in ({"id": 1, "text": "Budi tiba."}, {"text": "Budi tiba.", "spans": []},
                {"text": "Budi tiba.", "label": ["POLITIK"]}):
        assert not doccano_jsonl.recognise(_lines(tmp_path / "b.jsonl", [row]), None), row
    assert not doccano_jsonl.recognise(_lines(tmp_path / "c.txt", [{"text": "a", "label": []}]), None)


def test_utf16_and_codepoint_offsets_read_the_same_span(tmp_path: Path) -> None:
    text = "Nelayan 🐟 dari Bitung 🇮🇩 tiba."
    cp = text.index("Bitung")
    u16 = len(text[:cp].encode("utf-16-le")) // 2
    for offsets, start in (("utf16", u16), ("codepoints", cp), ("graphemes", cp)):
        f = _lines(tmp_path / f"{offsets}.jsonl", [{"text": text, "label": [[start, start + 6, "GPE"]]}])
        (art,) = doccano_jsonl.read_in(f, None, offsets).articles  # type: ignore[arg-type]
        (a,) = art.pieces[0].annotations
        assert text[a.start:a.end] == "Bitung", offsets
    flag = text.index("🇮🇩")
    f = _lines(tmp_path / "flag.jsonl", [{"text": text, "label": [[flag, flag + 1, "GPE"]]}])  # in graphemes
    (art,) = doccano_jsonl.read_in(f, None, "graphemes").articles
    (a,) = art.pieces[0].annotations
    assert text[a.start:a.end] == "🇮🇩"  # one cluster: one grapheme, two code points, four UTF-16 units


def test_an_offset_inside_an_emoji_names_the_file_and_line(tmp_path: Path) -> None:
    text = "Warga 🐟 Bitung"
    f = _lines(tmp_path / "d.jsonl", [{"text": "Satu.", "label": []},
                                      {"text": text, "label": [[7, 9, "GPE"]]}])  # 7: between the halves
    with pytest.raises(BadInputError, match=r"d\.jsonl:2: span 0 \(GPE\): UTF-16 offset 7 lies inside a "
                                            r"surrogate pair \(between the two halves of '🐟'\); try --offsets "
                                            r"codepoints or graphemes$"):
        doccano_jsonl.read(f, None)


@pytest.mark.parametrize(("row", "fragment"), [
    ({"text": "Budi tiba.", "label": [[0, 4.0, "PERSON"]]}, "no spans"),
    ({"text": "Budi tiba.", "label": [[4, 0, "PERSON"]]}, "start before end"),
    ({"text": "Budi tiba.", "label": [[0, 40, "PERSON"]]}, "outside 0..10"),
    ({"text": "  ", "label": []}, "empty or blank"),
    ({"text": "Budi \ud800 tiba.", "label": []}, "unpaired surrogate"),
    ({"text": "Budi tiba.", "label": [[0, 4, "PER\udc00"]]}, "unpaired surrogate"),
    ({"text": "Budi tiba.", "label": [], "article_id": ["a"]}, "'article_id' must be"),
    ({"text": "Budi tiba.", "label": [], "article_id": "a", "paragraph": -1}, "'paragraph' must be"),
    ({"text": "Budi tiba.", "entities": [{"id": 1, "label": "PERSON", "start_offset": 0, "end_offset": 4}],
      "relations": [{"id": 1, "from_id": 1, "to_id": 9, "type": "speaker"}]}, "relation 0"),
])
def test_bad_lines_name_file_and_line(tmp_path: Path, row: dict, fragment: str) -> None:
    f = tmp_path / "d.jsonl"  # escaped as ASCII: an unpaired surrogate is written as \ud800
    f.write_text(json.dumps({"text": "Satu.", "label": []}) + "\n" + json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(BadInputError, match=r"d\.jsonl:2: ") as info:
        doccano_jsonl.read(f, None)
    assert fragment in str(info.value) and "\n" not in str(info.value)


def test_a_paragraph_given_twice_is_refused(tmp_path: Path) -> None:
    row = {"text": "Satu.", "label": [], "article_id": "a", "paragraph": 0}
    with pytest.raises(BadInputError, match=r"d\.jsonl:2: paragraph 0 of article a is also on line 1"):
        doccano_jsonl.read(_lines(tmp_path / "d.jsonl", [row, row]), None)


def test_entities_and_relations_of_doccanos_relation_export(tmp_path: Path) -> None:
    text = "“Kami siap,” kata Wulan."
    row = {"id": 3, "text": text,
           "entities": [{"id": 10, "label": "QUOTE", "start_offset": 0, "end_offset": 12},
                        {"id": 11, "label": "CUE", "start_offset": 13, "end_offset": 17},
                        {"id": 12, "label": "PERSON", "start_offset": 18, "end_offset": 23}],
           "relations": [{"id": 1, "from_id": 10, "to_id": 12, "type": "speaker"},
                         {"id": 2, "from_id": 10, "to_id": 11, "type": "cue"},
                         {"id": 3, "from_id": 12, "to_id": 11, "type": "related"}],
           "Comments": [{"id": 1, "comment": "cek ejaan"}], "desk": "kota"}
    parsed = doccano_jsonl.read(_lines(tmp_path / "d.jsonl", [row]), None)
    (art,) = parsed.articles
    piece = art.pieces[0]
    assert [text[a.start:a.end] for a in piece.annotations] == ["“Kami siap,”", "kata", "Wulan"]
    assert [(lk.kind, lk.source, lk.target) for lk in piece.links] == [("speaker", "1:0", "1:2"),
                                                                      ("cue", "1:0", "1:1")]
    assert parsed.dropped_relations == 1
    assert art.whole and art.ext_id is None
    assert art.head["meta"] == {"desk": "kota", "doccano_id": 3,
                                "doccano_comments": [{"id": 1, "comment": "cek ejaan"}]}
    path = tmp_path / "p.db"
    lines = import_files(path, [tmp_path / "d.jsonl"], annotator="x")
    assert "3 annotation(s) and 2 link(s)" in lines[0]
    assert any("1 relation(s) that are not speaker/claimant/cue links" in line for line in lines)


def test_a_label_not_in_the_schema_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    path = _project(tmp_path)
    f = _lines(tmp_path / "d.jsonl", [{"text": "Budi tiba.", "label": [[0, 4, "PERSON"]]},
                                      {"text": "Ani pergi.", "label": [[0, 3, "TOKOH"]]}])
    with pytest.raises(BadInputError, match=r"d\.jsonl:2: label 'TOKOH' is not in the project's label schema"):
        import_files(path, [f], annotator="x")
    assert _spans(path, "x") == set()


def test_format_and_offsets_are_checked(tmp_path: Path) -> None:
    path = _project(tmp_path)
    fixture = FIXTURES / RUNS[0][0]
    with pytest.raises(AnnotatorError, match=r"unknown import format 'docano' \(one of native, spans, .*doccano"):
        import_files(path, [fixture], annotator="x", fmt="docano")
    with pytest.raises(BadInputError, match=r"--format spans: its first line is not a spans line"):
        import_files(path, [fixture], annotator="x", fmt="spans")
    plain = _lines(tmp_path / "a.jsonl", [{"id": "n1", "text": "Nelayan tiba."}])
    with pytest.raises(AnnotatorError, match="--offsets is for annotated files"):
        import_files(path, [plain], annotator="x", offsets="graphemes")
    spans = _lines(tmp_path / "s.jsonl", [{"text": "Budi tiba.", "spans": []}])
    with pytest.raises(BadInputError, match=r"s\.jsonl: --offsets utf16: .*count code points"):
        import_files(path, [spans], annotator="x", offsets="utf16")
    assert _spans(path, "x") == set()
    res = CliRunner().invoke(main, ["import", str(path), str(fixture), "--annotator", "x", "--format", "nope"])
    assert res.exit_code != 0 and "unknown import format 'nope' (one of " in res.output
    assert len([line for line in res.output.splitlines() if line.strip()]) == 1


def test_forced_doccano_reads_the_file_and_offsets_reach_it(tmp_path: Path) -> None:
    path = _project(tmp_path)
    res = CliRunner().invoke(main, ["import", str(path), str(FIXTURES / RUNS[2][0]), "--annotator", "d",
                                    "--format", "doccano", "--offsets", "graphemes"])
    assert res.exit_code == 0, res.output
    assert f1(_spans(path, "ana"), _spans(path, "d")) == 1.0
    # the same grapheme file read as UTF-16 units: spans land elsewhere, or the line is refused
    res = CliRunner().invoke(main, ["import", str(path), str(FIXTURES / RUNS[2][0]), "--annotator", "e"])
    assert res.exit_code != 0 or f1(_spans(path, "ana"), _spans(path, "e")) < 1.0
