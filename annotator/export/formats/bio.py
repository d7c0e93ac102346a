"""The ``bio`` format: token classification rows for Hugging Face ``datasets``.

One object per paragraph (or article)::

    {"id": "a1:2", "article_id": "a1", "paragraph": 2, "text": "Budi tiba di Jakarta.",
     "tokens": ["Budi", "tiba", "di", "Jakarta", "."],
     "offsets": [[0, 4], [5, 9], [10, 12], [13, 20], [20, 21]],
     "ner_tags": ["B-PERSON", "O", "O", "B-GPE", "O"]}

``offsets`` are each token's start and end in ``text`` (code points), so tags a model
predicts for the tokens map back to characters (``annotator import --as-suggestions``
reads such lines back, see :mod:`annotator.importing.readers.bio_lines`); an article
unit has no ``paragraph``.

Tags are IOB2 strings; there is one column per exported layer: ``ner_tags``
(entities), ``quote_tags`` and ``cue_tags`` (``--layer quote``), ``claim_tags``.
Tokens are the shared tokenizer's tokens (no white-space tokens), split at every
span boundary. Spans of one layer that overlap cannot both be tagged: the
longest wins (then the earlier), and the others are counted as dropped. The
label list for each column (``O``, then ``B-``/``I-`` per label) goes in a
``.labels.json`` file beside the export, for ``ClassLabel(names=...)``.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from typing import Any, ClassVar, TextIO

from annotator.export.formats.base import BaseFormat, ExtraFile, FormatContext, FormatState
from annotator.export.formats.choices import LayerChoice
from annotator.export.formats.common import FormatStats, dumps_line, word_tokens
from annotator.export.formats.spans import kept_spans
from annotator.export.formats.unit import Unit
from annotator.store.labels_store import load_schema
from annotator.store.project import Project

COLUMNS = {"entity": "ner_tags", "quote": "quote_tags", "cue": "cue_tags", "claim": "claim_tags"}


def _index(offsets: list[int], value: int) -> int:
    """The index of ``value`` in the ascending ``offsets`` (words are split at every span boundary)."""
    i = bisect_left(offsets, value)
    if i == len(offsets) or offsets[i] != value:
        raise KeyError(value)
    return i


def iob_tags(kept: list[tuple[int, int, int, str, str]], layer: str, starts: list[int], ends: list[int], n: int,
             stats: FormatStats) -> tuple[list[str], list[str]]:
    """IOB2 tags of the ``n`` tokens (``starts`` / ``ends``, split at every span edge) for the spans of
    ``layer`` among ``kept``, and the labels tagged. Spans that overlap cannot both be tagged: the longest
    wins (then the earlier), the others are counted as dropped."""
    tags = ["O"] * n
    spans = sorted((k for k in kept if k[4] == layer), key=lambda k: (k[1] - k[2], k[1], k[3]))
    taken = [False] * n
    written: list[str] = []
    for _, s, e, label, _ in spans:
        ts, te = _index(starts, s), _index(ends, e)
        if True in taken[ts:te + 1]:
            stats.dropped[f"overlapping {layer} span (the longest was kept)"] += 1
            continue
        tags[ts] = f"B-{label}"
        if te > ts:
            tags[ts + 1:te + 1] = [f"I-{label}"] * (te - ts)
        taken[ts:te + 1] = [True] * (te + 1 - ts)
        written.append(label)
    return tags, written


def unit_id(unit: Unit) -> str:
    if unit.paragraph is None:
        return unit.article.ext_id
    return f"{unit.article.ext_id}:{unit.paragraph}"


LABELS = ExtraFile(suffix="labels.json", what="tag names per column")


class BioFormat(BaseFormat):
    name = "bio"
    default_layer: ClassVar[LayerChoice] = "entity"
    extra_files: ClassVar[tuple[ExtraFile, ...]] = (LABELS,)

    def __init__(self, ctx: FormatContext | None = None) -> None:
        super().__init__(ctx)
        self.layers = [lay for lay in COLUMNS if lay in set(self.ctx.layers)]
        self.seen: dict[str, list[str]] = {COLUMNS[lay]: [] for lay in self.layers}

    def encode(self, unit: Unit) -> str:
        stats = self.stats
        text = unit.text
        kept = [k for k in kept_spans(unit, stats) if k[4] in COLUMNS]
        words = word_tokens(text, {k[1] for k in kept} | {k[2] for k in kept})
        obj: dict[str, Any] = {"id": unit_id(unit), "article_id": unit.article.ext_id}
        if unit.paragraph is not None:
            obj["paragraph"] = unit.paragraph
        obj["text"] = text
        obj["tokens"] = [text[s:e] for s, e in words]
        obj["offsets"] = [[s, e] for s, e in words]
        n = len(words)
        starts = [w[0] for w in words] if kept else []  # only looked up for a span
        ends = [w[1] for w in words] if kept else []
        written: list[str] = []
        for layer in self.layers:
            col = COLUMNS[layer]
            tags, labels = iob_tags(kept, layer, starts, ends, n, stats)
            written += labels
            self.seen[col] += [lab for lab in dict.fromkeys(labels) if lab not in self.seen[col]]
            obj[col] = tags
        stats.count(written)
        return dumps_line(obj)

    def label_lists(self, schema_labels: dict[str, list[str]]) -> dict[str, list[str]]:
        """Per column: ``O`` then ``B-X``, ``I-X`` for each schema label of the layer, then any other seen."""
        out: dict[str, list[str]] = {}
        for layer in self.layers:
            col = COLUMNS[layer]
            names = list(schema_labels.get(layer, []))
            names += [lab for lab in self.seen[col] if lab not in names]
            out[col] = ["O"] + [f"{p}-{lab}" for lab in names for p in ("B", "I")]
        return out

    def write_extra(self, extra: ExtraFile, project: Project, out: TextIO) -> None:
        """The label lists (:meth:`label_lists`) of the project's label schema, for ``ClassLabel(names=...)``."""
        if extra != LABELS:
            super().write_extra(extra, project, out)
        schema = load_schema(project)
        by_layer = {lay: [lab.name for lab in schema.layer(lay)] for lay in self.layers}
        out.write(json.dumps(self.label_lists(by_layer), ensure_ascii=False, indent=1) + "\n")

    def state(self) -> FormatState:
        """The counts, and the labels of each column in the order first seen."""
        base = super().state()
        return FormatState(spans=base.spans, dropped=base.dropped, relations=base.relations, extra=self.seen)

    def absorb(self, state: FormatState) -> None:
        super().absorb(state)
        if state.extra:
            for col, labels in state.extra.items():
                self.seen[col] += [lab for lab in labels if lab not in self.seen[col]]
