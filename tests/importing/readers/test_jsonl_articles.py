"""JSONL article lines: fields, types, and one-line errors with the line number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.errors import BadInputError
from annotator.importing.readers.decode import iter_lines
from annotator.importing.readers.jsonl_articles import looks_like, parse_article


def test_all_fields() -> None:
    raw = json.dumps({"id": "a-1", "text": "Baris satu.\nBaris dua 😀", "title": "Judul", "url": "https://x.test/1",
                      "lang": "id", "source": "Kabar Kota", "meta": {"section": "dunia", "n": [1, 2]}},
                     ensure_ascii=False)
    art = parse_article("in.jsonl", 1, raw)
    assert art.ext_id == "a-1"
    assert art.text == "Baris satu.\nBaris dua 😀"
    assert (art.title, art.url, art.lang, art.source) == ("Judul", "https://x.test/1", "id", "Kabar Kota")
    assert art.meta == {"section": "dunia", "n": [1, 2]}


def test_minimal_line_and_integer_id() -> None:
    art = parse_article("dir/in.jsonl", 3, '{"id": 7, "text": "  Teks  "}')
    assert art.ext_id == "7"
    assert art.text == "  Teks  "  # never stripped
    assert art.title is None and art.meta == {}
    assert art.source == "in.jsonl"


def test_escaped_text_is_kept_exactly() -> None:
    art = parse_article("in.jsonl", 1, r'{"id": "x", "text": "a\r\nb\u2028c\t\"d\" \ud83c\uddee\ud83c\udde9"}')
    assert art.text == "a\r\nb\u2028c\t\"d\" 🇮🇩"


@pytest.mark.parametrize(("raw", "fragment"), [
    ('{"id": "1", "text": "abc"', "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ('"just a string"', "JSON object"),
    ('{"text": "abc"}', "'id'"),
    ('{"id": ["a"], "text": "abc"}', "'id'"),
    ('{"id": true, "text": "abc"}', "'id'"),
    ('{"id": 1.5, "text": "abc"}', "'id'"),
    ('{"id": " ", "text": "abc"}', "'id'"),
    ('{"id": "1"}', "'text'"),
    ('{"id": "1", "text": 42}', "'text'"),
    ('{"id": "1", "text": " \\n "}', "'text'"),
    ('{"id": "1", "text": "abc", "title": 5}', "'title'"),
    ('{"id": "1", "text": "abc", "url": ["u"]}', "'url'"),
    ('{"id": "1", "text": "abc", "lang": 1}', "'lang'"),
    ('{"id": "1", "text": "abc", "meta": "x"}', "'meta'"),
    ('{"id": "1", "text": "abc", "meta": [1]}', "'meta'"),
    ('{"id": "1", "text": "a\\ud800b"}', "surrogate"),
    ('{"id": "\\udc00", "text": "abc"}', "surrogate"),
    ('{"id": "1", "text": "abc", "title": "\\ud800"}', "surrogate"),
    ('{"id": "1", "text": "abc", "url": "https://x.test/\\ud800"}', "surrogate"),
    ('{"id": "1", "text": "abc", "lang": "\\udfff"}', "surrogate"),
    ('{"id": "1", "text": "abc", "source": "\\ud800"}', "surrogate"),
    ('{"id": "1", "text": "abc", "meta": {"k": "\\ud800"}}', "'meta'"),
    ('{"id": "1", "text": "abc", "meta": {"\\ud800": 1}}', "'meta'"),
    ('{"id": "1", "text": "a\\u0000b"}', "NUL"),
    ('{"id": "1", "text": "abc", "meta": {"x": NaN}}', "'meta'"),
    ('{"id": "1", "text": "abc", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}", "not valid JSON"),
    ('{"id": ' + "7" * 5000 + ', "text": "abc"}', "not valid JSON"),
])
def test_bad_lines(raw: str, fragment: str) -> None:
    with pytest.raises(BadInputError) as info:
        parse_article("data/in.jsonl", 12, raw)
    msg = str(info.value)
    assert msg.startswith("data/in.jsonl:12: ")
    assert fragment in msg
    assert "\n" not in msg
    assert info.value.line == 12


def test_iter_lines_numbers_lines_and_skips_blank_ones(tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl"
    f.write_bytes(b'\xef\xbb\xbf{"id": 1, "text": "a"}\r\n\r\n  \n{"id": 2, "text": "b\\u2028c"}\n')
    lines = list(iter_lines(f))
    assert [n for n, _ in lines] == [1, 4]
    assert parse_article(str(f), *lines[1]).text == "b\u2028c"


# -- a line that carries labels is never an article (issue 17: silent loss of every label) -------------------
LS_MIN = {"id": 7, "text": "Nelayan Bitung melaut lagi.", "annotator": 1, "annotation_id": 3, "lead_time": 4.2,
          "label": [{"start": 8, "end": 14, "text": "Bitung", "labels": ["GPE"]}]}


@pytest.mark.parametrize(("row", "what"), [
    (LS_MIN, "looks like a Label Studio JSON_MIN task (field 'label'); import Label Studio's .json export with "
             "--format labelstudio"),
    ({**LS_MIN, "ner": LS_MIN["label"], "label": None}, "Label Studio JSON_MIN task (field 'ner')"),
    ({"id": 1, "data": {"text": "x"}, "text": "x", "annotations": [{"result": []}]},
     "a Label Studio task ('annotations' / 'predictions'); import it with --format labelstudio"),
    ({"id": 1, "text": "x", "predictions": []}, "--format labelstudio"),
    ({"id": 1, "text": "Budi tiba.", "label": [[0, 4, "PERSON"]]},
     "a doccano sequence-labelling line (field 'label'); import it with --format doccano"),
    ({"id": 1, "text": "Budi tiba.", "labels": [[0, 4, "PERSON"]]},
     "(field 'labels'); import it with --format doccano"),
    ({"id": 1, "text": "Budi tiba.", "entities": [{"start_offset": 0, "end_offset": 4, "label": "PERSON"}]},
     "(field 'entities'); import it with --format doccano"),
    ({"id": 1, "spans": [{"start": 0, "end": 4, "label": "PERSON"}], "text": None},
     "a spans line (Prodigy task) without a 'text' string"),
    ({"id": 1, "text": "Budi tiba.", "ner_tags": ["B-PERSON", "O"]}, "--format bio"),
    ({"id": 1, "text": "Budi tiba.", "tokens": ["Budi", "tiba."], "tags": ["B-PERSON", "O"]}, "--format bio"),
    ({"id": 1, "text": "Harga cabai naik.", "label": "EKONOMI"},
     "a labelled line (field 'label': labels of the whole text, which this tool cannot import)"),
    ({"id": 1, "text": "Harga cabai naik.", "labels": ["EKONOMI"]}, "move it into 'meta'"),
])
def test_a_line_with_labels_is_refused_naming_what_it_looks_like(row: dict, what: str) -> None:
    with pytest.raises(BadInputError) as info:
        parse_article("ls.jsonl", 3, json.dumps(row, ensure_ascii=False))
    msg = str(info.value)
    assert msg.startswith("ls.jsonl:3: carries labels, not a plain article: looks like ")
    assert what in msg and "\n" not in msg


def test_news_tags_alone_are_metadata_not_labels() -> None:
    art = parse_article("a.jsonl", 1, json.dumps({"id": "n1", "text": "Harga cabai naik.", "tags": ["pasar"]}))
    assert looks_like({"id": "n1", "text": "x", "tags": ["pasar"]}) is None
    assert art.text == "Harga cabai naik."


def test_the_issues_case_a_label_studio_min_file_split_per_line_is_refused(tmp_path: Path) -> None:
    """Before issue 17 this imported every line as a new article, dropped every label and ignored
    --annotator; now it fails on the first line and nothing is made."""
    from click.testing import CliRunner

    from annotator.cli import main

    src = tmp_path / "ls-min.jsonl"
    src.write_text("".join(json.dumps({**LS_MIN, "id": i}) + "\n" for i in range(8)), encoding="utf-8")
    res = CliRunner().invoke(main, ["import", str(tmp_path / "p.db"), str(src), "--annotator", "x"])
    assert res.exit_code != 0
    assert [line for line in res.output.splitlines() if line.strip()] == [
        f"error: {src}:1: carries labels, not a plain article: looks like a Label Studio JSON_MIN task (field "
        "'label'); import Label Studio's .json export with --format labelstudio"]
    assert not (tmp_path / "p.db").exists()


def test_a_labelled_line_after_plain_ones_is_refused_too(tmp_path: Path) -> None:
    from annotator.importing import import_files
    from annotator.store.project import open_project

    src = tmp_path / "mixed.jsonl"
    rows = [{"id": "a", "text": "Kapal tiba."}, {"id": "b", "text": "Budi tiba.", "label": [[0, 4, "PERSON"]]}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    path = tmp_path / "p.db"
    open_project(path).close()
    with pytest.raises(BadInputError, match=r"mixed\.jsonl:2: carries labels.*--format doccano"):
        import_files(path, [src])
    with open_project(path, create=False) as proj:
        assert proj.scalar("SELECT count(*) FROM articles") == 0  # all or nothing
