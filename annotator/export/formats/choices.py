"""The closed vocabularies of an export: formats, units, status filters, layers.

The CLI's ``click.Choice`` lists and the export dialog's menus show exactly these values.
"""

from __future__ import annotations

from typing import Literal, get_args

# the registry in formats/__init__.py has each
FormatName = Literal["native", "spans", "bio", "doccano", "labelstudio", "docbin", "conll", "brat", "xmi",
                     "webanno-tsv", "citron"]
UnitKind = Literal["paragraph", "article"]
StatusFilter = Literal["done", "any"]
LayerChoice = Literal["entity", "quote", "claim", "all"]

UNITS: tuple[UnitKind, ...] = get_args(UnitKind)
STATUSES: tuple[StatusFilter, ...] = get_args(StatusFilter)

# which stored layers each --layer choice exports (quote includes cues)
LAYER_CHOICES: dict[LayerChoice, tuple[str, ...]] = {
    "entity": ("entity",), "quote": ("quote", "cue"), "claim": ("claim",), "all": ("entity", "quote", "cue", "claim")}
