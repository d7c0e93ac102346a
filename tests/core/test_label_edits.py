"""Label schema edits: each one checked, each with its undo, none losing or orphaning annotations."""

from __future__ import annotations

import pytest

from annotator.core.label_edits import (
    AddLabel,
    MoveLabel,
    RemoveLabel,
    RenameLabel,
    SchemaEdit,
    SetColour,
    SetDescription,
    SetKey,
    SetLayer,
    SetRetired,
    apply_edit,
    describe,
)
from annotator.core.labels import Label, LabelSchema, SchemaError

SCHEMA = LabelSchema((
    Label("PERSON", "entity", "1", "#f4a261"),
    Label("ORG", "entity", "2", "#8ecae6"),
    Label("QUOTE", "quote", "q", "#2a9d8f", links={"speaker": ("PERSON", "ORG")}),
    Label("CUE", "cue", "k", "#6d597a"),
))
USES = {"PERSON": 3, "QUOTE": 1}
RESERVED = {"s": "Link speaker / claimant…", "/": "Find in paragraph"}


def _names(schema: LabelSchema) -> list[str]:
    return [lab.name for lab in schema.labels]


@pytest.mark.parametrize("edit", [
    AddLabel(Label("LAW", "entity", "7", "#AABBCC"), 1),
    RemoveLabel("CUE"),
    RenameLabel("PERSON", "TOKOH"),
    SetColour("ORG", "#000000"),
    SetKey("ORG", "o"),
    SetKey("ORG", ""),
    MoveLabel("CUE", 0),
    MoveLabel("PERSON", 3),
    SetRetired("PERSON", True),
    SetLayer("CUE", "claim"),
    SetDescription("ORG", "Lembaga,  partai  dan perusahaan"),
])
def test_every_edit_is_undone_by_its_undo(edit: SchemaEdit) -> None:
    applied = apply_edit(SCHEMA, edit, USES, RESERVED)
    assert applied.schema != SCHEMA
    assert applied.summary == describe(edit)
    assert apply_edit(applied.schema, applied.undo, USES, RESERVED).schema == SCHEMA


def test_rename_follows_links_and_reports_the_rows_to_move() -> None:
    applied = apply_edit(SCHEMA, RenameLabel("PERSON", "TOKOH"), USES)
    assert _names(applied.schema) == ["TOKOH", "ORG", "QUOTE", "CUE"]
    assert applied.schema.get("QUOTE").links["speaker"] == ("TOKOH", "ORG")
    assert applied.renamed == ("PERSON", "TOKOH")
    assert applied.undo == RenameLabel("TOKOH", "PERSON")


@pytest.mark.parametrize(("edit", "fragment"), [
    (RemoveLabel("PERSON"), "on 3 annotation(s): it cannot be deleted; retire it"),
    (RemoveLabel("ORG"), "linked to from QUOTE (speaker)"),
    (SetLayer("PERSON", "claim"), "its layer cannot change"),
    (SetLayer("CUE", "cue"), "already"),
    (SetLayer("CUE", "relation"), "layer must be one of"),
    (RenameLabel("PERSON", "ORG"), "there is a label ORG already"),
    (RenameLabel("PERSON", "9lives"), "a letter then"),
    (RenameLabel("PERSON", "PERSON"), "already"),
    (RenameLabel("NOPE", "X"), "unknown label"),
    (SetKey("ORG", "1"), "key 1 is already PERSON's"),
    (SetKey("ORG", "Q"), "key Q is already QUOTE's"),  # the window binds the key, not the character
    (SetKey("ORG", "S"), "the window's key for “Link speaker / claimant…”"),
    (SetKey("ORG", "/"), "Find in paragraph"),
    (SetKey("ORG", "ab"), "one printable character"),
    (SetKey("ORG", " "), "one printable character"),
    (SetColour("ORG", "blue"), "#a1b2c3"),
    (AddLabel(Label("ORG", "entity")), "already"),
    (AddLabel(Label("LAW", "entity", "k")), "already CUE's"),
    (AddLabel(Label("LAW", "relation")), "layer must be one of"),
    (SetRetired("ORG", False), "in use already"),
])
def test_refused_edits_say_why(edit: SchemaEdit, fragment: str) -> None:
    with pytest.raises(SchemaError) as err:
        apply_edit(SCHEMA, edit, USES, RESERVED)
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


def test_retire_frees_the_key_and_restore_takes_it_back() -> None:
    retired = apply_edit(SCHEMA, SetRetired("PERSON", True), USES).schema
    assert retired.get("PERSON").retired and retired.get("PERSON").key == ""
    assert [lab.name for lab in retired.active()] == ["ORG", "QUOTE", "CUE"]
    assert retired.by_key("1") is None
    with pytest.raises(SchemaError, match="restore it"):
        apply_edit(retired, SetKey("PERSON", "1"), USES)
    taken = apply_edit(retired, SetKey("ORG", "1"), USES).schema  # its old key went to another label
    with pytest.raises(SchemaError, match="already ORG's"):
        apply_edit(taken, SetRetired("PERSON", False, "1"), USES)
    back = apply_edit(taken, SetRetired("PERSON", False), USES).schema
    assert not back.get("PERSON").retired and back.get("PERSON").key == ""


def test_retired_survives_the_json_round_trip() -> None:
    retired = apply_edit(SCHEMA, SetRetired("CUE", True), {}).schema
    assert LabelSchema.from_json(retired.to_json()) == retired
    assert '"retired"' not in SCHEMA.to_json()  # only written when set


def test_keys_compare_in_either_case() -> None:
    with pytest.raises(SchemaError, match="key used by two labels"):
        LabelSchema((Label("A", "entity", "x"), Label("B", "cue", "x")))
    both = LabelSchema((Label("A", "entity", "x"), Label("B", "cue", "X")))  # an older file still loads
    assert both.by_key("X") == both.get("A")  # the first one has the key (the window does the same)
    with pytest.raises(SchemaError, match="already A's"):
        apply_edit(both, SetKey("B", "x"))  # an edit never makes such a pair
    assert SCHEMA.by_key("Q") == SCHEMA.get("QUOTE")


def test_add_and_move_place_the_label() -> None:
    added = apply_edit(SCHEMA, AddLabel(Label("LAW", "entity", "", "#AABBCC"), 1), USES).schema
    assert _names(added) == ["PERSON", "LAW", "ORG", "QUOTE", "CUE"]
    assert added.get("LAW").color == "#aabbcc"
    moved = apply_edit(added, MoveLabel("PERSON", 99), USES).schema
    assert _names(moved) == ["LAW", "ORG", "QUOTE", "CUE", "PERSON"]
    unused_removed = apply_edit(added, RemoveLabel("LAW"), USES)
    assert unused_removed.schema == SCHEMA
    assert unused_removed.undo == AddLabel(added.get("LAW"), 1)
