"""Bio lines in: tags of any IOB scheme mapped to characters through the offsets; bad lines refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.errors import BadInputError
from annotator.importing.readers.annotated_jsonl import parse_file
from annotator.importing.readers.bio_lines import tag_spans
from annotator.importing.readers.lines import Line
from annotator.importing.readers.registry import line_kind

TEXT = "Gubernur Lukas Enembe 🇮🇩 bertemu warga\r\ndi Wamena 👨\u200d👩\u200d👧."
TOKENS = ["Gubernur", "Lukas", "Enembe", "🇮🇩", "bertemu", "warga", "di", "Wamena", "👨\u200d👩\u200d👧", "."]


def _offsets() -> list[list[int]]:
    out, pos = [], 0
    for tok in TOKENS:
        pos = TEXT.index(tok, pos)
        out.append([pos, pos + len(tok)])
        pos += len(tok)
    return out


def _line(**fields: object) -> dict:
    row = {"id": "papua-2:0", "text": TEXT, "tokens": TOKENS, "offsets": _offsets(),
           "ner_tags": ["O", "B-PERSON", "I-PERSON", "B-GPE", "O", "O", "O", "B-GPE", "O", "O"]}
    row.update(fields)
    return row


def _parse(tmp_path: Path, *rows: dict) -> list:
    path = tmp_path / "b.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return parse_file(path).articles


@pytest.mark.parametrize(("tags", "spans"), [
    (["B-A", "I-A", "O", "B-A", "B-A"], [(0, 1, "A"), (3, 3, "A"), (4, 4, "A")]),  # IOB2
    (["I-A", "I-A", "O", "I-B", "I-A"], [(0, 1, "A"), (3, 3, "B"), (4, 4, "A")]),  # IOB1
    (["B-A", "E-A", "S-B", "B-A", "I-A"], [(0, 1, "A"), (2, 2, "B"), (3, 4, "A")]),  # BIOES, last one open
    (["U-A", "L-A", "O", "O", "O"], [(0, 0, "A"), (1, 1, "A")]),  # BILOU
])
def test_tag_schemes(tags: list[str], spans: list[tuple[int, int, str]]) -> None:
    assert tag_spans(Line("x", 1), tags, "ner_tags") == spans


def test_a_line_maps_back_to_characters(tmp_path: Path) -> None:
    assert line_kind(_line()) == "bio"
    (art,) = _parse(tmp_path, _line())
    assert art.ext_id == "papua-2" and art.pieces[0].index == 0
    got = [(TEXT[a.start:a.end], a.label, a.layer) for a in art.pieces[0].annotations]
    assert got == [("Lukas Enembe", "PERSON", "entity"), ("🇮🇩", "GPE", "entity"), ("Wamena", "GPE", "entity")]


def test_article_id_and_paragraph_fields_win_over_the_id(tmp_path: Path) -> None:
    (art,) = _parse(tmp_path, _line(id="x", article_id="berita:7", paragraph=3))
    assert (art.ext_id, art.pieces[0].index) == ("berita:7", 3)
    (whole,) = _parse(tmp_path, _line(id="berita-8"))
    assert whole.whole and whole.ext_id == "berita-8" and whole.text == TEXT


@pytest.mark.parametrize(("change", "message"), [
    ({"offsets": None}, "a bio line needs 'text' and 'offsets'"),
    ({"ner_tags": ["O"] * 9}, "'ner_tags' has 9 tag"),
    ({"ner_tags": [0] * 10}, r"ner_tags\[0\]: 0 is not a tag .*ClassLabel"),
    ({"tokens": ["Gubernor", *TOKENS[1:]]}, r"token 0 \('Gubernor'\) is not the text at its offsets 0-8"),
    ({"offsets": [[0, 8], [9, 14], [9, 14], *_offsets()[3:]]}, "token 2 .* out of order"),
])
def test_bad_lines_are_refused_with_file_and_line(tmp_path: Path, change: dict, message: str) -> None:
    row = _line(**change)
    if row.get("offsets") is None:
        del row["offsets"]
    with pytest.raises(BadInputError, match=rf"b\.jsonl:2: {message}"):
        _parse(tmp_path, _line(id="a:1"), row)
