"""JSONL article lines: fields, types, and one-line errors with the line number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.errors import BadInputError
from annotator.importing.readers.decode import iter_lines
from annotator.importing.readers.jsonl_articles import parse_article


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
