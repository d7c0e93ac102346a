"""Share articles out among annotators, with an overlap for measuring agreement. Pure Python.

Deterministic for a given seed and list of articles: the articles are
shuffled with ``random.Random(seed)``; the first ``round(overlap * n)`` go to
``per_overlap`` annotators each, the rest to one each. Every article goes to
the annotators with the least work so far (ties broken by a seeded order), so
shares stay within one article of each other and the overlap articles rotate
through the pairs of annotators.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True)
class Assignment:
    shares: dict[str, list]  # annotator -> articles, in the order given
    overlap: list  # articles given to more than one annotator, in the order given


def plan_assignment(articles: Sequence[T], annotators: Sequence[str], overlap: float = 0.2,
                    per_overlap: int = 2, seed: int = 0) -> Assignment:
    """Give each article to one annotator, or to ``per_overlap`` of them for the overlap share."""
    if not annotators:
        raise ValueError("name at least one annotator")
    if len(set(annotators)) != len(annotators):
        raise ValueError("an annotator is named twice")
    if not 0.0 <= overlap <= 1.0:
        raise ValueError("overlap must be between 0 and 1")
    if len(set(articles)) != len(articles):
        raise ValueError("an article is listed twice")
    n_overlap = int(overlap * len(articles) + 0.5)
    if n_overlap and not 2 <= per_overlap <= len(annotators):
        raise ValueError(f"per-overlap must be between 2 and the number of annotators ({len(annotators)})")
    rng = random.Random(seed)
    order = list(articles)
    rng.shuffle(order)
    rank = {name: i for i, name in enumerate(rng.sample(list(annotators), len(annotators)))}
    load = dict.fromkeys(annotators, 0)
    chosen: dict[T, set[str]] = {}
    for i, art in enumerate(order):
        k = per_overlap if i < n_overlap else 1
        group = sorted(annotators, key=lambda n: (load[n], rank[n]))[:k]
        for name in group:
            load[name] += 1
        chosen[art] = set(group)
    shares = {name: [a for a in articles if name in chosen[a]] for name in annotators}
    return Assignment(shares, [a for a in articles if len(chosen[a]) > 1])
