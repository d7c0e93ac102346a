"""Citron JSON in: recognised by its fields, spans checked, labels and clusters, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.errors import BadInputError
from annotator.importing.readers import citron_reader

TEXT = "Kata Wali Kota, “Kapal asing dilarang.” 🇮🇩 Dia menambahkan bahwa nelayan lokal didahulukan.\r\n"


def _span(needle: str, **extra: str) -> dict:
    s = TEXT.index(needle)
    return {"start": s, "end": s + len(needle), "text": needle, **extra}


def _write(tmp_path: Path, obj: object, name: str = "kota.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


def _doc() -> dict:
    return {"text": TEXT, "quotes": [{
        "cue": _span("Kata"), "sources": [_span("Wali Kota", label="ROLE")],
        "contents": [_span("“Kapal asing dilarang.”", kind="direct")], "coreferences": []}],
        "coreference_groups": [[_span("Wali Kota", label="ROLE"), _span("Dia")]]}


def test_recognised_by_fields(tmp_path: Path) -> None:
    assert citron_reader.recognise(_write(tmp_path, _doc()))
    assert not citron_reader.recognise(_write(tmp_path, [{"data": {"text": TEXT}}], "ls.json"))
    assert not citron_reader.recognise(_write(tmp_path, {"text": TEXT, "label": []}, "other.json"))
    assert not citron_reader.recognise(_write(tmp_path, _doc(), "kota.jsonl"))


def test_spans_links_and_cluster(tmp_path: Path) -> None:
    art = citron_reader.read(_write(tmp_path, _doc())).articles[0]
    piece = art.pieces[0]
    got = {(a.label, TEXT[a.start:a.end], tuple(a.attrs.items()), a.entity) for a in piece.annotations}
    cluster = "citron:kota:1"
    assert got == {("CUE", "Kata", (), None), ("ROLE", "Wali Kota", (), cluster),
                   ("QUOTE", "“Kapal asing dilarang.”", (("kind", "direct"),), None),
                   ("ROLE", "Dia", (), cluster)}  # the group member without label takes its group's label
    kinds = sorted(lk.kind for lk in piece.links)
    assert kinds == ["cue", "speaker"]
    assert art.ext_id == "kota" and art.text == TEXT and art.whole


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["quotes"][0]["cue"].update(text="Kita"), r"quote 0 cue: offsets 0-4 cover 'Kata', not its text"),
    (lambda d: d["quotes"][0]["contents"][0].update(end=999), r"quote 0 content 0: offsets \d+-999 lie outside"),
    (lambda d: d["quotes"][0].pop("cue"), r"quote 0 cue is not a span object"),
    (lambda d: d["quotes"][0].update(contents=[]), r"quote 0 needs a 'contents' list"),
    (lambda d: d.update(text="  "), r"field 'text' is empty or blank"),
    (lambda d: d["coreference_groups"].append({"start": 0}), r"coreference group 1 is not a list"),
])
def test_bad_files_are_one_line(tmp_path: Path, change, message: str) -> None:
    doc = _doc()
    change(doc)
    with pytest.raises(BadInputError, match=r"kota\.json: " + message):
        citron_reader.read(_write(tmp_path, doc))


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "kota.json"
    path.write_text('{"text": "a",\n "quotes": [\n}', encoding="utf-8")
    with pytest.raises(BadInputError, match=r"kota\.json:3: not valid JSON"):
        citron_reader.read(path)
