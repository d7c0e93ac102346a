"""The names and callback types the readers and their registry share (a module of its own: no cycle)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from annotator.errors import BadInputError

ArticleFormatName = Literal["txt", "jsonl"]
# how an annotated article came in: a JSONL line kind (native, spans) or a peer format read whole
LineKind = Literal["native", "spans", "doccano", "labelstudio", "docbin", "conll", "bio", "brat", "xmi",
                   "webanno-tsv", "citron"]
OnBadLine = Callable[[BadInputError], None]  # takes a bad line's error with --skip-bad
