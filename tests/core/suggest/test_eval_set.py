"""The hand-annotated held-out set of the quote recommender (bench/data/quotes_eval.jsonl) is consistent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.core.labels import LabelSchema
from annotator.resources_path import resource_text

EVAL = Path(__file__).resolve().parents[3] / "bench" / "data" / "quotes_eval.jsonl"


def _articles() -> list[dict[str, Any]]:
    return [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_eval_set_offsets_and_references() -> None:
    schema = LabelSchema.from_json(resource_text("labels.json"))
    articles = _articles()
    assert len({a["id"] for a in articles}) == len(articles)
    assert {a["lang"] for a in articles} == {"id", "en"}
    n_quotes = 0
    for art in articles:
        paras = art["paragraphs"]
        spans = {(g["paragraph"], g["start"], g["end"], g["label"]) for g in art["gold"]}
        mentions = {(p, s, e) for p, s, e, label in spans if label in ("PERSON", "ORG", "NORP")}
        cues = {(p, s, e) for p, s, e, label in spans if label == "CUE"}
        for g in art["gold"]:
            assert g["label"] in schema, g
            text = paras[g["paragraph"]]
            assert 0 <= g["start"] < g["end"] <= len(text), (art["id"], g)
            span = text[g["start"]:g["end"]]
            assert span == span.strip() and span, (art["id"], g)
            if g["label"] != "QUOTE":
                assert "speaker" not in g and "special" not in g
                continue
            n_quotes += 1
            assert g["attrs"]["kind"] in schema.get("QUOTE").attributes["kind"]
            assert ("speaker" in g) != ("special" in g), (art["id"], g)
            if "speaker" in g:
                ref = g["speaker"]
                assert (ref["paragraph"], ref["start"], ref["end"]) in mentions, (art["id"], g)
                assert ref["paragraph"] <= g["paragraph"] or "cue" in g
            else:
                assert g["special"] == "unnamed"
            if "cue" in g:
                ref = g["cue"]
                assert (ref["paragraph"], ref["start"], ref["end"]) in cues, (art["id"], g)
    assert sum(len(a["paragraphs"]) for a in articles) >= 40
    assert n_quotes >= 30
