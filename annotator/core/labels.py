"""The label schema: which labels exist, on which layer, with which key and colour."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

LAYERS = ("entity", "quote", "cue", "claim")
LINK_KINDS = ("speaker", "claimant", "cue")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]{0,31}$")


class SchemaError(ValueError):
    """A label schema that cannot be used; the message is one line."""


@dataclass(frozen=True)
class Label:
    name: str
    layer: str
    key: str = ""
    color: str = "#cccccc"
    description: str = ""
    attributes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # a retired label is kept on its annotations (drawn, exported) but offered nowhere: no key, no label bar
    retired: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "layer": self.layer, "key": self.key,
                             "color": self.color, "description": self.description}
        if self.attributes:
            d["attributes"] = {k: list(v) for k, v in self.attributes.items()}
        if self.links:
            d["links"] = {k: list(v) for k, v in self.links.items()}
        if self.retired:
            d["retired"] = True
        return d


@dataclass(frozen=True)
class LabelSchema:
    labels: tuple[Label, ...]

    def __post_init__(self) -> None:
        names = [lab.name for lab in self.labels]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise SchemaError(f"label defined twice: {', '.join(sorted(dup))}")
        keys = [lab.key for lab in self.labels if lab.key]  # exact: files with "q" and "Q" still load
        dupk = {k for k in keys if keys.count(k) > 1}
        if dupk:
            raise SchemaError(f"key used by two labels: {', '.join(sorted(dupk))}")

    def get(self, name: str) -> Label:
        for lab in self.labels:
            if lab.name == name:
                return lab
        raise SchemaError(f"unknown label {name!r}")

    def __contains__(self, name: object) -> bool:
        return any(lab.name == name for lab in self.labels)

    def by_key(self, key: str) -> Label | None:
        """The label on ``key`` (a letter in either case), if any; retired labels have none."""
        for lab in self.labels:
            if lab.key and key_id(lab.key) == key_id(key) and not lab.retired:
                return lab
        return None

    def layer(self, layer: str) -> list[Label]:
        return [lab for lab in self.labels if lab.layer == layer]

    def active(self) -> list[Label]:
        """The labels offered for labelling (the label bar, the keys): every one not retired, in order."""
        return [lab for lab in self.labels if not lab.retired]

    def index(self, name: str) -> int:
        for i, lab in enumerate(self.labels):
            if lab.name == name:
                return i
        raise SchemaError(f"unknown label {name!r}")

    def to_json(self) -> str:
        return json.dumps({"version": 1, "labels": [lab.to_dict() for lab in self.labels]},
                          ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, raw: str) -> LabelSchema:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise SchemaError(f"label schema is not JSON: {exc.msg} (line {exc.lineno})") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> LabelSchema:
        if not isinstance(data, dict) or not isinstance(data.get("labels"), list):
            raise SchemaError("label schema needs a 'labels' list")
        return cls(tuple(_label(i, item) for i, item in enumerate(data["labels"], 1)))


def _strs(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SchemaError(f"{where} must be a list of strings")
    return tuple(value)


def _label(i: int, item: Any) -> Label:
    if not isinstance(item, dict):
        raise SchemaError(f"label {i} is not an object")
    name, layer = item.get("name"), item.get("layer")
    if not isinstance(name, str) or not _NAME.match(name):
        raise SchemaError(f"label {i}: name must be a letter then letters, digits, _ or - (got {name!r})")
    if layer not in LAYERS:
        raise SchemaError(f"label {name}: layer must be one of {', '.join(LAYERS)}")
    key = item.get("key", "")
    if not isinstance(key, str) or len(key) > 1 or (key and not key.isprintable()):
        raise SchemaError(f"label {name}: key must be one printable character")
    color = item.get("color", "#cccccc")
    if not isinstance(color, str) or not _COLOR.match(color):
        raise SchemaError(f"label {name}: colour must look like #a1b2c3")
    desc = item.get("description", "")
    if not isinstance(desc, str):
        raise SchemaError(f"label {name}: description must be text")
    attrs = item.get("attributes")
    links = item.get("links")
    attrs = {} if attrs is None else attrs
    links = {} if links is None else links
    if not isinstance(attrs, dict) or not isinstance(links, dict):
        raise SchemaError(f"label {name}: attributes and links must be objects")
    for kind in links:
        if kind not in LINK_KINDS:
            raise SchemaError(f"label {name}: unknown link kind {kind!r}")
    retired = item.get("retired", False)
    if not isinstance(retired, bool):
        raise SchemaError(f"label {name}: retired must be true or false")
    return Label(name, layer, key, color, desc,
                 {k: _strs(v, f"label {name} attribute {k}") for k, v in attrs.items()},
                 {k: _strs(v, f"label {name} link {k}") for k, v in links.items()}, retired)


def key_id(key: str) -> str:
    """What a label key is compared by: a letter's key is the same in either case (the window binds the key,
    not the character), so "q" and "Q" are one key."""
    return key.casefold()
