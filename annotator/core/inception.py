"""How our layers and links are named in INCEpTION / WebAnno (UIMA CAS XMI and WebAnno TSV 3), both ways.

Entities are DKPro Core's ``NamedEntity`` (the label in ``value``, an explicit entity cluster in
``identifier``); quotes, cues and claims are custom span layers with a ``label`` feature and one String
feature per attribute of the label schema (``kind``, ``checkworthy``, ``stance``); the speaker, claimant and
cue links are custom relation layers with ``Governor`` (the quote or claim) and ``Dependent`` (its speaker,
claimant or cue).
"""

from __future__ import annotations

import re
from typing import Final

from annotator.core.labels import LabelSchema

NAMED_ENTITY: Final = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
SENTENCE: Final = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"
TOKEN: Final = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
DOCUMENT_METADATA: Final = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"

SPAN_TYPES: Final[dict[str, str]] = {  # our layer -> the span type
    "entity": NAMED_ENTITY, "quote": "webanno.custom.Quote", "cue": "webanno.custom.Cue",
    "claim": "webanno.custom.Claim"}
RELATION_TYPES: Final[dict[str, str]] = {  # our link kind -> the relation type
    "speaker": "webanno.custom.Speaker", "claimant": "webanno.custom.Claimant", "cue": "webanno.custom.QuoteCue"}
DEFAULT_LABELS: Final[dict[str, str]] = {"quote": "QUOTE", "cue": "CUE", "claim": "CLAIM"}  # a span without label
GOVERNOR: Final = "Governor"
DEPENDENT: Final = "Dependent"
CLUSTER_FEATURE: Final = "identifier"  # NamedEntity's, for an explicit entity cluster

_FEATURE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_RESERVED = {"begin", "end", "sofa", "label", "value", "identifier", GOVERNOR, DEPENDENT}


def label_feature(layer: str) -> str:
    """The feature that holds the label on a layer's span type."""
    return "value" if layer == "entity" else "label"


def attribute_features(schema: LabelSchema, layer: str) -> list[str]:
    """The attribute names of the layer's labels that can be UIMA features, in a stable order."""
    names = {k for lab in schema.layer(layer) for k in lab.attributes}
    return sorted(n for n in names if _FEATURE.match(n) and n not in _RESERVED)


def layer_of_type(type_name: str) -> str | None:
    """Our layer for a span type name, or None."""
    return next((layer for layer, t in SPAN_TYPES.items() if t == type_name), None)


def link_of_type(type_name: str) -> str | None:
    """Our link kind for a relation type name, or None."""
    return next((kind for kind, t in RELATION_TYPES.items() if t == type_name), None)
