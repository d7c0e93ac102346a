"""``annotator suggest`` on two cores: a worker process plans part of each batch of articles.

The recommenders are Python work, one core each process. For a large project whose recommenders are the
bundled rule ones (quotes, memory, places: pure, and cheap to make again in another process), the main
process hands a share of each batch of articles to one worker process (spawned, safe from a GUI's
threads), plans the rest itself, and then stores every plan in article order: the writes stay in the main
process, in the one transaction of the run, and the ids, rows and links are those of a one-process run
(an article's proposals depend only on the article and the knowledge read at the start of the run).
A recommender that fails in the worker fails the run as it would in the main process: nothing is stored.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from annotator.core.labels import Label
from annotator.core.suggest.base import Knowledge, Recommender
from annotator.core.suggest.registry import RECOMMENDERS
from annotator.store import suggestions as store

PARALLEL_MIN_ARTICLES = 2000  # below this, starting a process costs more than it saves
PARALLEL_NAMES = frozenset({"quotes", "memory", "places"})
LOCAL_SHARE = 0.35  # of each batch planned by the main process (it stores every plan too)

Item = tuple[store.ArticleWork, list[int], frozenset[tuple[str, str]]]  # article, paragraphs, rejected here

_planner: Any = None  # the service's planner (``plan(work, paragraphs, knowledge)``), passed in by reference
_base: Knowledge | None = None


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_run(recs: Sequence[Recommender], articles: int) -> bool:
    """Whether a worker process helps: enough articles, two cores, only the bundled rule recommenders."""
    return articles >= PARALLEL_MIN_ARTICLES and cores() >= 2 and all(
        r.name in PARALLEL_NAMES and type(r) is RECOMMENDERS.get(r.name)
        and type(r).__module__.startswith("annotator.core.suggest.") for r in recs)


def _init(make_planner: Callable[[dict[str, Label], list[Recommender]], Any], labels: dict[str, Label],
          names: list[str], base: Knowledge) -> None:
    global _planner, _base  # the worker's state, made once
    _planner = make_planner(labels, [RECOMMENDERS[n]() for n in names])
    _base = base


def _plan_items(items: list[Item]) -> list[Any]:
    assert _planner is not None and _base is not None
    return [_planner.plan(w, pars, dataclasses.replace(_base, rejected_here=r)) if pars else None
            for w, pars, r in items]


class Workers:
    """One worker process planning a share of each batch (see the module's doc)."""

    def __init__(self, make_planner: Callable[[dict[str, Label], list[Recommender]], Any],
                 labels: dict[str, Label], names: list[str], base: Knowledge) -> None:
        """``make_planner``: a module-level class or function (sent by name), called in the worker."""
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_init,
                                        initargs=(make_planner, labels, names, base))

    def plans(self, batches: Iterable[list[Item]],
              local: Callable[[list[Item]], list[Any]]) -> Iterator[tuple[Item, Any]]:
        """Every item of ``batches`` with its plan, in order: the first part of a batch planned here by
        ``local``, the rest by the worker. The worker gets a batch's part before the main process stores the
        part it had before, so it has work while the main process writes."""
        before: tuple[list[Item], Future[list[Any]]] | None = None
        for items in batches:
            k = int(len(items) * LOCAL_SHARE)
            far = (items[k:], self.pool.submit(_plan_items, items[k:]))
            if before is not None:
                yield from zip(before[0], before[1].result(), strict=True)
            yield from zip(items[:k], local(items[:k]), strict=True)
            before = far
        if before is not None:
            yield from zip(before[0], before[1].result(), strict=True)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
