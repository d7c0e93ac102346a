"""One label schema out of several files' schemas (``annotator merge``), always one the tool can load.

The rule, applied in order (the target's labels first, then each source's in the order named;
when the target is new, the first source's labels stand where the target's would):

- A label is identified by its name. A name already present keeps the definition it has there;
  a source defining it on another **layer** is a conflict (its annotations would not fit), and
  the merge is refused with every such label listed. Other differences (key, colour,
  description, attributes) are logged and the first definition is kept.
- A **key** belongs to the first label that has it. A later label that asks for a key already
  taken comes in without a key (it stays in the label menu, without a shortcut). This also
  mends a target whose own labels share a key (written by an older merge): the later one of
  them loses the key.
- A **colour** already used by another label of the same layer: a label coming in from a source
  gets the first colour of :data:`PALETTE` that no label uses yet (it keeps its own when all
  are used). The target's own colours are never changed.
- A definition that is not a valid label at all is a conflict, listed.

Every key or colour change is reported in one line of the merge summary.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.core.labels import Label, LabelSchema, SchemaError

# distinct from each other and from the default labels' colours (annotator/resources/labels.json)
PALETTE = ("#264653", "#b5838d", "#90be6d", "#f94144", "#577590", "#f9c74f", "#43aa8b", "#9d4edd",
           "#ff006e", "#3a86ff", "#8d99ae", "#bc6c25", "#006d77", "#d62828", "#588157", "#7b2cbf")

LabelRows = Sequence[tuple[str, str]]  # (name, definition JSON), in order


@dataclass
class CombinedLabels:
    """The labels a merged file gets, and what the rule changed on the way."""

    labels: list[tuple[str, str]] = field(default_factory=list)  # (name, definition JSON), in order
    added: list[str] = field(default_factory=list)  # names that were not in the base
    rewritten: dict[str, str] = field(default_factory=dict)  # base label name -> its new definition JSON
    notes: list[str] = field(default_factory=list)  # one line per key or colour changed
    differing: list[str] = field(default_factory=list)  # one line per label defined differently (kept)
    conflicts: list[str] = field(default_factory=list)  # the merge is refused when not empty


def _parse(definition: str) -> Label:
    try:
        item: Any = json.loads(definition)
    except (TypeError, ValueError) as exc:
        raise SchemaError(f"definition is not JSON ({exc})") from None
    return LabelSchema.from_dict({"labels": [item]}).labels[0]


def _definition(label: Label) -> str:
    return json.dumps(label.to_dict(), ensure_ascii=False)


def combine_labels(base: LabelRows, base_name: str, incoming: Sequence[tuple[str, LabelRows]]) -> CombinedLabels:
    """Combine ``base`` (the labels kept, from ``base_name``) with each ``(file name, labels)`` of
    ``incoming``, by the rule in this module's docstring."""
    out = CombinedLabels()
    chosen: dict[str, tuple[Label, str, str]] = {}  # name -> (label, its definition JSON, file it came from)
    order: list[str] = []
    keys: dict[str, str] = {}  # key -> label name holding it

    def take_key(label: Label, where: str) -> Label:
        if not label.key:
            return label
        holder = keys.get(label.key)
        if holder is None:
            keys[label.key] = label.name
            return label
        out.notes.append(f"label {label.name} (from {where}) comes in without its key {label.key!r}: "
                         f"{holder} has that key")
        return replace(label, key="")

    for name, definition in base:
        try:
            label = _parse(definition)
        except SchemaError as exc:
            out.conflicts.append(f"label {name} in {base_name} cannot be used: {exc}")
            continue
        if label.name in chosen:
            continue
        kept = take_key(label, base_name)
        if kept != label:
            out.rewritten[name] = definition = _definition(kept)
        chosen[name] = (kept, definition, base_name)
        order.append(name)

    for where, rows in incoming:
        for position, (name, definition) in enumerate(rows, 1):
            try:
                label = _parse(definition)
            except SchemaError as exc:
                out.conflicts.append(f"label {name or position} in {where} cannot be used: {exc}")
                continue
            if label.name in chosen:
                have, have_def, have_from = chosen[label.name]
                if have.layer != label.layer:
                    out.conflicts.append(f"label {label.name} is on layer {label.layer} in {where} but on layer "
                                         f"{have.layer} in {have_from}")
                elif have_def != definition and _parse(have_def) != label:
                    out.differing.append(f"label {label.name} is defined differently in {where}; the definition "
                                         f"from {have_from} is kept")
                continue
            kept = _recolour(take_key(label, where), [c[0] for c in chosen.values()], where, out.notes)
            chosen[label.name] = (kept, definition if kept == label else _definition(kept), where)
            order.append(label.name)
            out.added.append(label.name)

    out.labels = [(name, chosen[name][1]) for name in order]
    if not out.conflicts:
        try:  # the final word: the schema every part of the tool loads
            LabelSchema.from_dict({"labels": [json.loads(d) for _n, d in out.labels]})
        except SchemaError as exc:  # pragma: no cover - the rule above leaves nothing for this to find
            out.conflicts.append(f"the combined label schema cannot be used: {exc}")
    return out


def _recolour(label: Label, others: list[Label], where: str, notes: list[str]) -> Label:
    clash = next((o for o in others if o.layer == label.layer and o.color.lower() == label.color.lower()), None)
    if clash is None:
        return label
    used = {o.color.lower() for o in others}
    free = next((c for c in PALETTE if c not in used), None)
    if free is None:
        return label
    notes.append(f"label {label.name} (from {where}) gets colour {free}: {clash.name} has {label.color}")
    return replace(label, color=free)
