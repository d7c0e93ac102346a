"""The ``doccano`` format: sequence labelling JSONL as doccano (1.8) imports it.

One object per paragraph (or article)::

    {"text": "...", "label": [[0, 4, "PERSON"], [19, 26, "GPE"]], "article_id": "a1", "paragraph": 2}

``article_id`` and ``paragraph`` become doccano metadata and come back in its export, so the file (or
doccano's export of it) imports again onto the same paragraphs
(:mod:`annotator.importing.readers.doccano_jsonl`). Suggestions nobody accepted are left out.

Offsets (the ``offsets`` format option, ``annotator export --offsets``):

- ``utf16`` (the default): UTF-16 code units, what doccano's screen counts in a project as created by
  default (``grapheme_mode`` off): an emoji or a flag's letters take two units each. Written in code
  points, every span after an emoji would be drawn one character early there.
- ``graphemes``: extended grapheme clusters, for a project with "count grapheme clusters as one
  character" on: a flag or a ZWJ family is one. A span whose edge lies inside a cluster cannot be written
  that way and is dropped (counted).
- ``codepoints``: the stored offsets unchanged (other tools, and doccano's API scripts that use Python).

doccano keeps overlapping spans only in a project with "allow overlapping spans" on; otherwise it drops them
without a word on upload. They are written, and counted in the summary.
"""

from __future__ import annotations

import heapq
from json.encoder import encode_basestring as esc  # the C one, as json.dumps uses

from annotator.core.offsets import OFFSET_UNITS, OffsetError, OffsetUnit, UnitMap
from annotator.errors import AnnotatorError
from annotator.export.formats.base import BaseFormat, FormatContext
from annotator.export.formats.common import finish_line
from annotator.export.formats.unit import Unit

OFFSETS_OPTION = "offsets"  # the key in FormatContext.options
DEFAULT_OFFSETS: OffsetUnit = "utf16"
OVERLAP_NOTE = ("overlapping span(s) written: doccano keeps them only in a project with "
                "'allow overlapping spans' on, and drops them silently otherwise")
SPLIT_CLUSTER = "span edge inside a grapheme cluster (no grapheme offset for it)"


def offsets_option(ctx: FormatContext) -> OffsetUnit:
    """The unit asked for in ``ctx.options``; one line naming the choices for another."""
    value = dict(ctx.options).get(OFFSETS_OPTION, DEFAULT_OFFSETS)
    for unit in OFFSET_UNITS:
        if unit == value:
            return unit
    raise AnnotatorError(f"unknown offsets {value!r} (one of {', '.join(OFFSET_UNITS)})")


def overlapping(spans: list[tuple[int, int]]) -> int:
    """How many of ``spans`` (start, end) overlap at least one other (the same offsets twice included)."""
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    active: list[tuple[int, int]] = []  # (end, index) of spans that may still overlap the next
    marked: set[int] = set()
    for i in order:
        start, end = spans[i]
        while active and active[0][0] <= start:
            heapq.heappop(active)
        if active:
            marked.add(i)
            marked.update(j for _, j in active)
        heapq.heappush(active, (end, i))
    return len(marked)


def _astral(text: str) -> bool:
    """Whether any character takes two UTF-16 units (the encoder's C loop, not a Python one)."""
    return len(text.encode("utf-16-le")) != 2 * len(text)


class DoccanoFormat(BaseFormat):
    name = "doccano"

    def __init__(self, ctx: FormatContext | None = None) -> None:
        super().__init__(ctx)
        self.offsets = offsets_option(self.ctx)
        self._label_json: dict[str, str] = {}

    def encode(self, unit: Unit) -> str:
        """The line ``dumps_line`` would write for ``{"text", "label", "article_id"[, "paragraph"]}``, written
        as text: a label's JSON is made once per label name, not once per span."""
        stats = self.stats
        text = unit.text
        anns = unit.annotations
        kept = [(a.start, a.end, a.label) for a in anns if a.origin != "suggested"]
        if len(kept) < len(anns):
            stats.dropped["suggestion not yet accepted"] += len(anns) - len(kept)
        kept = self._converted(text, kept)
        if len(kept) > 1:
            n = overlapping([(s, e) for s, e, _ in kept])
            if n:
                stats.notes[OVERLAP_NOTE] += n
        stats.count([label for _, _, label in kept])
        label_json = self._label_json
        spans = ",".join([f"[{s},{e},{label_json.get(label) or self._name(label)}]" for s, e, label in kept])
        tail = "}" if unit.paragraph is None else f',"paragraph":{unit.paragraph}}}'
        return finish_line(f'{{"text":{esc(text)},"label":[{spans}],"article_id":{esc(unit.article.ext_id)}'
                           + tail)

    def _converted(self, text: str, kept: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """The spans in the unit asked for (code points need nothing, nor UTF-16 in a text without astral
        characters); spans that cannot be written in it are counted as dropped."""
        unit = self.offsets
        if not kept or unit == "codepoints" or (unit == "utf16" and not _astral(text)):
            return kept
        if unit == "graphemes" and text.isascii() and "\r\n" not in text:
            return kept  # every cluster is one character
        umap = UnitMap(text, unit)
        out: list[tuple[int, int, str]] = []
        for s, e, label in kept:
            try:
                out.append((umap.from_codepoint(s), umap.from_codepoint(e), label))
            except OffsetError:
                self.stats.dropped[SPLIT_CLUSTER] += 1
        return out

    def _name(self, label: str) -> str:
        self._label_json[label] = esc(label)
        return self._label_json[label]
