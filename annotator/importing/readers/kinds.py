"""The names and callback types the readers and their registry share (a module of its own: no cycle)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from annotator.errors import BadInputError

ArticleFormatName = Literal["txt", "jsonl"]
LineKind = Literal["native", "spans"]
OnBadLine = Callable[[BadInputError], None]  # takes a bad line's error with --skip-bad
