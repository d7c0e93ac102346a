"""What one export process does with its units: encode each and write it to its part's file.

Shared by the single-process export (:mod:`annotator.services.exporting`) and
each process of a parallel one (:mod:`annotator.services.export_parallel`), so
both write the same bytes. An encoder's counts travel between processes as
plain data (:func:`encoder_state`, :func:`absorb_state`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from annotator.io.export_bio import BioEncoder
from annotator.io.export_common import Unit
from annotator.io.export_doccano import DoccanoEncoder
from annotator.io.export_native import NativeEncoder
from annotator.io.export_spans import STREAM_FROM, SpansEncoder
from annotator.store.corpus_queries import Selection

Encoder = NativeEncoder | SpansEncoder | BioEncoder | DoccanoEncoder


def make_encoder(fmt: str, sel: Selection, annotator: str | None, exported_at: str) -> Encoder:
    if fmt == "native":
        return NativeEncoder(annotator=annotator, gold=sel.gold, exported_at=exported_at)
    if fmt == "spans":
        return SpansEncoder()
    if fmt == "bio":
        return BioEncoder(sel.layers)
    return DoccanoEncoder()


def write_units(units: Iterator[Unit], encoder: Encoder, assignment: dict[int, str] | None,
                handles: dict[str, TextIO], counts: dict[str, int], tick: Callable[[str], None] | None) -> None:
    """Encode and write each unit to the file of its article's part (``""`` without a split);
    ``tick`` is called once per unit (paragraph units only; article units tick as they read)."""
    for unit in units:
        if tick is not None:
            tick(unit.article.ext_id)
        part = assignment.get(unit.article.id, "") if assignment is not None else ""
        if len(unit.text) >= STREAM_FROM and isinstance(encoder, SpansEncoder):
            handles[part].writelines(encoder.chunks(unit))  # the same line, written as it is made
        else:
            handles[part].write(encoder.encode(unit))
        counts[part] += 1


def encoder_state(encoder: Encoder) -> dict[str, Any]:
    """What an encoder counted (and, for bio, the labels in the order first seen), as plain data."""
    stats = encoder.stats
    return {"spans": dict(stats.spans), "dropped": dict(stats.dropped), "relations": stats.relations,
            "seen": encoder.seen if isinstance(encoder, BioEncoder) else None}


def absorb_state(encoder: Encoder, state: dict[str, Any]) -> None:
    """Add the counts of an encoder that wrote the units after this one's (see :func:`encoder_state`)."""
    stats = encoder.stats
    stats.spans.update(Counter(state["spans"]))
    stats.dropped.update(Counter(state["dropped"]))
    stats.relations += state["relations"]
    if isinstance(encoder, BioEncoder) and state["seen"]:
        for col, labels in state["seen"].items():
            encoder.seen[col] += [lab for lab in labels if lab not in encoder.seen[col]]
