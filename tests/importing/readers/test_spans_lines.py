"""Spans lines in: the layer field is read and checked against the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError, BadInputError
from annotator.importing import import_files
from annotator.importing.readers.annotated_jsonl import parse_file

TEXT = "Kapolda Papua mengatakan situasi di Nabire 🌧️ kondusif."


def _write(tmp_path: Path, spans: list[dict]) -> Path:
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"text": TEXT, "spans": spans}, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_the_layer_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path, [{"start": 36, "end": 42, "label": "GPE", "layer": "entity"},
                             {"start": 14, "end": 24, "label": "CUE"}])
    (art,) = parse_file(path).articles
    assert [(a.label, a.layer) for a in art.pieces[0].annotations] == [("GPE", "entity"), ("CUE", None)]


def test_an_unknown_layer_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, [{"start": 36, "end": 42, "label": "GPE", "layer": "place"}])
    with pytest.raises(BadInputError, match=r"s\.jsonl:1: span 0 \(GPE\): unknown layer 'place'"):
        parse_file(path)


def test_a_layer_other_than_the_schemas_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    path = _write(tmp_path, [{"start": 36, "end": 42, "label": "GPE", "layer": "quote"}])
    with pytest.raises(AnnotatorError, match=r"s\.jsonl:1: label GPE is on layer entity in this project, not 'quote'"):
        import_files(tmp_path / "p.db", [path], annotator="ana")
    assert not (tmp_path / "p.db").exists()  # the project this import made is gone again
