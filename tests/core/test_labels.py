"""The label schema: the default one in resources/, JSON round trip, validation errors."""

from __future__ import annotations

import json

import pytest

from annotator.core.labels import LabelSchema, SchemaError
from annotator.store.labels_store import default_schema


def test_default_schema_has_what_news_needs() -> None:
    schema = default_schema()
    entities = {lab.name for lab in schema.layer("entity")}
    assert {"PERSON", "ORG", "GPE"} <= entities
    quote = schema.get("QUOTE")
    assert quote.layer == "quote"
    assert set(quote.attributes["kind"]) == {"direct", "indirect", "mixed"}
    assert "PERSON" in quote.links["speaker"]
    assert schema.get("CUE").layer == "cue"
    claim = schema.get("CLAIM")
    assert claim.layer == "claim"
    assert "claimant" in claim.links
    assert any("check" in name for name in claim.attributes)
    keys = [lab.key for lab in schema.labels if lab.key]
    assert len(keys) == len(set(keys))


def test_json_round_trip() -> None:
    schema = default_schema()
    again = LabelSchema.from_json(schema.to_json())
    assert again == schema
    assert schema.by_key(schema.get("PERSON").key) == schema.get("PERSON")
    assert schema.by_key("\u2603") is None
    assert "PERSON" in schema and "NOPE" not in schema


def _one(**over: object) -> str:
    lab = {"name": "PERSON", "layer": "entity", "key": "1", "color": "#aabbcc"}
    lab.update(over)
    return json.dumps({"labels": [lab]})


@pytest.mark.parametrize(("raw", "fragment"), [
    ("{not json", "not JSON"),
    ('{"labels": 3}', "'labels' list"),
    ('{"labels": [3]}', "not an object"),
    (_one(name="1abc"), "name"),
    (_one(layer="relation"), "layer"),
    (_one(key="ab"), "key"),
    (_one(color="red"), "colour"),
    (_one(description=5), "description"),
    (_one(attributes=[]), "objects"),
    (_one(links={"mother": ["PERSON"]}), "link kind"),
    (_one(attributes={"kind": "direct"}), "list of strings"),
    (json.dumps({"labels": [{"name": "A", "layer": "entity"}, {"name": "A", "layer": "cue"}]}), "twice"),
    (json.dumps({"labels": [{"name": "A", "layer": "entity", "key": "x"},
                            {"name": "B", "layer": "cue", "key": "x"}]}), "key used"),
])
def test_bad_schemas_give_one_line_errors(raw: str, fragment: str) -> None:
    with pytest.raises(SchemaError) as info:
        LabelSchema.from_json(raw)
    msg = str(info.value)
    assert fragment in msg
    assert "\n" not in msg


def test_unknown_label_raises() -> None:
    with pytest.raises(SchemaError):
        default_schema().get("NOPE")
