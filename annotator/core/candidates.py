"""Review candidates: every annotator's spans grouped by (start, end, label). Pure Python.

The review mode shows these groups; a group is *disputed* when not every
annotator proposed it or when they gave it different speakers / claimants or
check-worthiness. :func:`supported` says which groups go into gold on their own.

Candidates that *compete* (same layer, overlapping, proposed by different annotators: two versions of
one quote that differ by a final "." or a few words, or PERSON and ORG on one name) form one
*decision* (:func:`decisions`); :func:`span_difference` says which characters set a variant apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from annotator.core.agreement import Span, same_link

POLICIES = ("all", "majority", "none")


@dataclass(frozen=True)
class CandidateGroup:
    """All annotators' spans with one (start, end, label), and who proposed them."""

    start: int
    end: int
    label: str
    layer: str
    proposals: tuple[tuple[str, Span], ...]  # (annotator, span), in annotator order

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)

    @property
    def annotators(self) -> tuple[str, ...]:
        return tuple(n for n, _ in self.proposals)

    @property
    def link_agreed(self) -> bool:
        first = self.proposals[0][1].link
        return all(same_link(first, s.link) for _, s in self.proposals[1:])

    @property
    def checkworthy_agreed(self) -> bool:
        return len({s.checkworthy for _, s in self.proposals}) <= 1

    def disputed(self, n_annotators: int) -> bool:
        """Not proposed by every annotator, or proposed with differing source or check-worthiness."""
        return len(self.proposals) < n_annotators or not self.link_agreed or not self.checkworthy_agreed


def group_candidates(spans: Mapping[str, Sequence[Span]]) -> list[CandidateGroup]:
    """Group every annotator's spans by (start, end, label), ordered by position."""
    groups: dict[tuple[int, int, str], list[tuple[str, Span]]] = {}
    for name in sorted(spans):
        seen: set[tuple[int, int, str]] = set()
        for sp in spans[name]:
            if sp.key not in seen:
                seen.add(sp.key)
                groups.setdefault(sp.key, []).append((name, sp))
    return [CandidateGroup(k[0], k[1], k[2], props[0][1].layer, tuple(props))
            for k, props in sorted(groups.items(), key=lambda kv: (kv[0][0], -kv[0][1], kv[0][2]))]


def disagreement(groups: Sequence[CandidateGroup], n_annotators: int) -> tuple[int, float]:
    """(number of disputed candidates, their share of all candidates; 0 when there are none)."""
    disputed = sum(1 for g in groups if g.disputed(n_annotators))
    return disputed, (disputed / len(groups) if groups else 0.0)


def supported(proposers: int, n_annotators: int, policy: str) -> bool:
    """Whether a candidate proposed by ``proposers`` of ``n_annotators`` goes into gold on its own
    under ``policy``: all (every annotator), majority (more than half), none."""
    if policy == "all":
        return proposers >= n_annotators
    if policy == "majority":
        return 2 * proposers > n_annotators
    if policy == "none":
        return False
    raise ValueError(f"unknown policy {policy!r}")


# -- variants of one span: decisions ------------------------------------------------------------

class VariantLike(Protocol):
    """What :func:`decisions` needs of a candidate."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def layer(self) -> str: ...

    @property
    def annotators(self) -> tuple[str, ...]: ...


def competing(a: VariantLike, b: VariantLike) -> bool:
    """Two candidates are variants of one span: same layer, at least one code point in common, and no
    annotator proposed both (an annotator's own nested spans are both meant, not alternatives)."""
    return (a.layer == b.layer and a.start < b.end and b.start < a.end
            and set(a.annotators).isdisjoint(b.annotators))


def decisions(items: Sequence[VariantLike]) -> list[tuple[int, ...]]:
    """Indices of ``items`` grouped into decisions: the connected groups of :func:`competing` candidates,
    each group in the items' order, the groups by their first item. A candidate without rivals is a
    decision of its own."""
    n = len(items)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_layer: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        by_layer.setdefault(item.layer, []).append(i)
    for idx in by_layer.values():
        idx = sorted(idx, key=lambda i: (items[i].start, items[i].end))
        for pos, i in enumerate(idx):  # sweep: only spans starting before this one ends can overlap it
            for j in idx[pos + 1:]:
                if items[j].start >= items[i].end:
                    break
                if competing(items[i], items[j]):
                    parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return sorted((tuple(g) for g in groups.values()), key=lambda g: g[0])


@dataclass(frozen=True)
class SpanDifference:
    """Where one variant differs from the others of its decision (absolute code-point ranges)."""

    extra: tuple[tuple[int, int], ...] = ()  # in this variant, not in every variant
    missing: tuple[tuple[int, int], ...] = ()  # in some other variant, not in this one

    @property
    def differs(self) -> bool:
        return bool(self.extra or self.missing)


def _minus(span: tuple[int, int], holes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``span`` without the ranges ``holes`` (sorted, disjoint), as sorted ranges."""
    out, at = [], span[0]
    for s, e in holes:
        if e <= at or s >= span[1]:
            continue
        if s > at:
            out.append((at, s))
        at = max(at, e)
    if at < span[1]:
        out.append((at, span[1]))
    return out


def _union(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def span_difference(span: tuple[int, int], others: Sequence[tuple[int, int]]) -> SpanDifference:
    """How ``span`` differs from the ``others`` of its decision: its characters that not every variant has
    (the extra "." at the end of one quote), and the characters other variants have that it lacks."""
    if not others:
        return SpanDifference()
    everyone = (max(s for s, _ in (span, *others)), min(e for _, e in (span, *others)))
    common = [everyone] if everyone[0] < everyone[1] else []
    extra = _minus(span, common)
    missing = [part for rng in _union(list(others)) for part in _minus(rng, [span])]
    return SpanDifference(tuple(extra), tuple(_union(missing)))
