"""Review candidates: every annotator's spans grouped by (start, end, label). Pure Python.

The review mode shows these groups; a group is *disputed* when not every
annotator proposed it or when they gave it different speakers / claimants or
check-worthiness. :func:`supported` says which groups go into gold on their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
