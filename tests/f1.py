"""Span F1 for the round-trip tests of every format: exact match of whatever tuples a test compares."""

from __future__ import annotations

from collections.abc import Set
from typing import Any


def span_f1(gold: Set[Any], found: Set[Any]) -> float:
    """F1 of ``found`` against ``gold`` (exact match); 1.0 when both are empty."""
    if not gold and not found:
        return 1.0
    return 2 * len(set(gold) & set(found)) / (len(gold) + len(found))
