"""The recommenders, by name: one line each (``name: factory``). ``annotator suggest --recommenders`` and the
window's settings use these names."""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.suggest.base import Recommender

RECOMMENDERS: dict[str, Callable[[], Recommender]] = {
}
