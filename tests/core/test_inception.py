"""INCEpTION / WebAnno names of our layers and links, both ways."""

from __future__ import annotations

from annotator.core.inception import (
    NAMED_ENTITY,
    RELATION_TYPES,
    SPAN_TYPES,
    attribute_features,
    label_feature,
    layer_of_type,
    link_of_type,
)
from annotator.core.labels import LabelSchema


def test_names_go_both_ways() -> None:
    for layer, name in SPAN_TYPES.items():
        assert layer_of_type(name) == layer
    for kind, name in RELATION_TYPES.items():
        assert link_of_type(name) == kind
    assert layer_of_type("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token") is None
    assert link_of_type(NAMED_ENTITY) is None
    assert label_feature("entity") == "value" and label_feature("claim") == "label"


def test_attribute_features_are_uima_names_only() -> None:
    schema = LabelSchema.from_dict({"labels": [
        {"name": "CLAIM", "layer": "claim", "attributes": {"stance": ["support"], "checkworthy": ["yes"],
                                                           "2nd-opinion": ["x"], "label": ["y"]}},
        {"name": "RUMOUR", "layer": "claim", "attributes": {"source_type": ["medsos"]}},
        {"name": "QUOTE", "layer": "quote", "attributes": {"kind": ["direct"]}}]})
    assert attribute_features(schema, "claim") == ["checkworthy", "source_type", "stance"]
    assert attribute_features(schema, "quote") == ["kind"]
    assert attribute_features(schema, "entity") == []
