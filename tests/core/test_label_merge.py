"""The label-schema rule of merge: the combined schema always loads; keys and colours never clash."""

from __future__ import annotations

import json

from annotator.core.label_merge import PALETTE, combine_labels
from annotator.core.labels import Label, LabelSchema


def _rows(*labels: Label) -> list[tuple[str, str]]:
    return [(lab.name, json.dumps(lab.to_dict())) for lab in labels]


def _load(rows: list[tuple[str, str]]) -> LabelSchema:
    return LabelSchema.from_dict({"labels": [json.loads(d) for _n, d in rows]})


ROLE = Label("ROLE", "entity", "6", "#e9c46a")
TOPIC = Label("TOPIC", "entity", "6", "#e9c46a")


def test_a_taken_key_is_dropped_and_a_same_layer_colour_replaced() -> None:
    out = combine_labels(_rows(ROLE), "team.db", [("ana.db", _rows(TOPIC))])
    schema = _load(out.labels)
    assert schema.get("ROLE") == ROLE  # the target's label is untouched
    assert schema.get("TOPIC").key == "" and schema.get("TOPIC").color == PALETTE[0]
    assert out.added == ["TOPIC"] and len(out.notes) == 2 and not out.conflicts


def test_the_same_colour_on_another_layer_is_kept() -> None:
    claim = Label("CHECK", "claim", "x", ROLE.color)
    out = combine_labels(_rows(ROLE), "team.db", [("ana.db", _rows(claim))])
    assert _load(out.labels).get("CHECK") == claim and not out.notes


def test_a_target_with_two_labels_on_one_key_is_mended() -> None:
    out = combine_labels(_rows(ROLE, TOPIC), "team.db", [])
    assert _load(out.labels).get("TOPIC").key == "" and set(out.rewritten) == {"TOPIC"}


def test_another_layer_and_broken_definitions_are_conflicts() -> None:
    out = combine_labels(_rows(ROLE), "team.db",
                         [("ana.db", _rows(Label("ROLE", "quote", "r"))), ("budi.db", [("BAD", "{not json")]),
                          ("cita.db", [("X", json.dumps({"name": "X", "layer": "nowhere"}))])])
    assert len(out.conflicts) == 3
    assert "label ROLE is on layer quote in ana.db but on layer entity in team.db" in out.conflicts[0]


def test_the_same_label_from_every_file_changes_nothing() -> None:
    out = combine_labels(_rows(ROLE), "team.db", [("ana.db", _rows(ROLE)), ("budi.db", _rows(ROLE))])
    assert out.labels == _rows(ROLE) and not (out.added or out.notes or out.differing or out.conflicts)
