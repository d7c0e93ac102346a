"""The recommenders, by name: one line each (``name: factory``). ``annotator suggest --recommenders`` and the
window's settings use these names."""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.suggest.base import Recommender
from annotator.core.suggest.memory import MemoryRecommender
from annotator.core.suggest.places import PlacesRecommender
from annotator.core.suggest.quotes import QuoteRecommender

RECOMMENDERS: dict[str, Callable[[], Recommender]] = {
    "memory": MemoryRecommender,
    "places": PlacesRecommender,
    "quotes": QuoteRecommender,
}
