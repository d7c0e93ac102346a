"""Group entity mentions of an article into entities.

Mentions with the same label and text belong to one entity by default; an
explicit ``entity`` key on a mention (set when the annotator splits or merges)
overrides that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.core.model import Annotation


def entity_key(ann: Annotation) -> str:
    return ann.entity or f"{ann.label}:{ann.text.casefold()}"


@dataclass(frozen=True)
class EntityGroup:
    key: str
    label: str
    name: str  # the longest mention text
    count: int
    nearest_id: int  # the mention closest to (before or at) the current position
    nearest_idx: int  # its paragraph index


def group_mentions(mentions: Iterable[tuple[int, Annotation]], labels: Iterable[str] = (),
                   upto_idx: int | None = None) -> list[EntityGroup]:
    """Entities from ``(paragraph idx, mention)`` pairs, nearest to ``upto_idx`` first."""
    wanted = set(labels)
    groups: dict[str, list[tuple[int, Annotation]]] = {}
    for idx, ann in mentions:
        if ann.layer != "entity" or (wanted and ann.label not in wanted):
            continue
        if upto_idx is not None and idx > upto_idx:
            continue
        groups.setdefault(entity_key(ann), []).append((idx, ann))
    out = []
    for key, items in groups.items():
        idx, nearest = max(items, key=lambda t: (t[0], t[1].start))
        name = max((a.text for _, a in items), key=len)
        out.append(EntityGroup(key, nearest.label, name, len(items), nearest.id, idx))
    out.sort(key=lambda g: (-g.nearest_idx, -g.count, g.name.casefold()))
    return out
