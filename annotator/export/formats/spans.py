"""The ``spans`` format: Prodigy-style tasks that spaCy users read.

One object per paragraph (or article)::

    {"text": "...", "meta": {"article_id": "a1", "paragraph": 2},
     "tokens": [{"text": "Budi", "start": 0, "end": 4, "id": 0, "ws": true}, ...],
     "spans": [{"start": 0, "end": 4, "label": "PERSON", "layer": "entity", "token_start": 0,
                "token_end": 0}, ...],
     "relations": [{"head": 7, "child": 0, "label": "speaker",
                    "head_span": {...}, "child_span": {...}}],
     "answer": "accept"}

Tokens come from the shared tokenizer, split at every span boundary, with the
white space between them laid out as spaCy does (see
:func:`~annotator.export.formats.common.spacy_tokens`): ``Doc(vocab, words=[t["text"]],
spaces=[t["ws"]])`` has exactly the text, and ``doc.char_span(start, end)`` exists
for every span. ``token_end`` is inclusive. ``layer`` (entity, quote, cue, claim) lets a
reader split the spans, e.g. entities into ``doc.ents`` and the rest into ``doc.spans``.
A relation goes from the linking span (quote, claim) as head to its speaker / claimant / cue as child; ``head`` and
``child`` are the spans' last token, as Prodigy writes them. Links that cannot be
relations here (special speakers, targets in another paragraph) are counted as
dropped. Suggestions nobody accepted are left out; white space at a span's edge is
trimmed so the span lies on tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from json.encoder import encode_basestring  # the C one: json.dumps(ensure_ascii=False)
from typing import Any, ClassVar

from annotator.core.tokenize import WINDOW, token_windows
from annotator.export.formats.base import BaseFormat, FormatContext
from annotator.export.formats.common import (
    FormatStats,
    finish_line,
    line_safe,
    spacy_tokens,
    word_tokens,
    written_span,
)
from annotator.export.formats.unit import Unit

_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')  # what encode_basestring changes (ensure_ascii=False)


def kept_spans(unit: Unit, stats: FormatStats) -> list[tuple[int, int, int, str, str]]:
    """(annotation id, start, end, label, layer) of the spans a token format writes."""
    text = unit.text
    out = []
    for a in unit.annotations:
        if a.origin == "suggested":
            stats.dropped["suggestion not yet accepted"] += 1
            continue
        span = written_span(text, a.start, a.end, stats.dropped)
        if span is not None:
            out.append((a.id, span[0], span[1], a.label, a.layer))
    return out


STREAM_FROM = 1 << 17  # code points: a unit this long is written in pieces (:meth:`SpansFormat.chunks`)


def _tokens_json(text: str, toks: list[tuple[int, int, bool]], first_id: int, plain: bool) -> str:
    """The JSON of tokens, numbered from ``first_id``; ``plain``: the text needs no escaping there."""
    # the token list is most of the line: built as text, it is 3x faster than json.dumps of dicts;
    # a text with nothing to escape (no quote mark, backslash or control character) needs no esc()
    if plain:
        return ",".join([
            f'{{"text":"{text[s:e]}","start":{s},"end":{e},"id":{i},"ws":{"true" if ws else "false"}}}'
            for i, (s, e, ws) in enumerate(toks, first_id)])
    esc = encode_basestring
    return ",".join([
        f'{{"text":{esc(text[s:e])},"start":{s},"end":{e},"id":{i},"ws":{"true" if ws else "false"}}}'
        for i, (s, e, ws) in enumerate(toks, first_id)])


class SpansFormat(BaseFormat):
    name = "spans"
    needs_links = True
    stream_from: ClassVar[int | None] = STREAM_FROM

    def __init__(self, ctx: FormatContext | None = None) -> None:
        super().__init__(ctx)

    def encode(self, unit: Unit) -> str:
        text = unit.text
        kept = kept_spans(unit, self.stats)
        bounds = {s for _, s, _, _, _ in kept} | {e for _, _, e, _, _ in kept}
        toks = spacy_tokens(text, word_tokens(text, bounds))
        tokens_json = _tokens_json(text, toks, 0, _NEEDS_ESCAPE.search(text) is None)
        starts = [t[0] for t in toks]  # ascending: a span's first and last token found by bisection
        ends = [t[1] for t in toks]
        first = {s: bisect_left(starts, s) for _, s, _, _, _ in kept}
        last = {e: bisect_left(ends, e) for _, _, e, _, _ in kept}
        spans, relations = self._spans_and_relations(unit, kept, first, last)
        return finish_line(f'{{"text":{encode_basestring(text)}{self._meta(unit)},"tokens":[{tokens_json}],'
                           f'"spans":[{",".join(spans)}],"relations":[{",".join(relations)}],"answer":"accept"}}')

    def chunks(self, unit: Unit, window: int | None = None) -> Iterator[str]:
        """The line :meth:`encode` makes, in pieces: the text and its tokens ``window`` code points (default
        :data:`WINDOW`) at a time, the spans and relations a hundred at a time. Memory grows with the
        window and the spans, not with the text (the line and the tokens of one paragraph of five million
        characters took a gigabyte at once). The pieces joined are ``encode(unit)``."""
        window = window or WINDOW
        text = unit.text
        kept = kept_spans(unit, self.stats)
        bounds = {s for _, s, _, _, _ in kept} | {e for _, _, e, _, _ in kept}
        want_first = sorted({s for _, s, _, _, _ in kept})  # offsets whose token index a span needs
        want_last = sorted({e for _, _, e, _, _ in kept})
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        yield '{"text":"'
        for lo in range(0, len(text), window):  # escaping is per character: a piece at a time is the same
            yield line_safe(encode_basestring(text[lo:lo + window])[1:-1])
        yield line_safe(f'"{self._meta(unit)},"tokens":[')
        n_tok = i_first = i_last = 0
        for lo, hi, words in token_windows(text, bounds, window):
            toks = spacy_tokens(text, words, lo, hi)
            starts = [t[0] for t in toks]
            ends = [t[1] for t in toks]
            # a span's first token starts in the window of its start, its last token ends in that of its end
            while i_first < len(want_first) and want_first[i_first] < hi:
                first[want_first[i_first]] = n_tok + bisect_left(starts, want_first[i_first])
                i_first += 1
            while i_last < len(want_last) and want_last[i_last] <= hi:
                last[want_last[i_last]] = n_tok + bisect_left(ends, want_last[i_last])
                i_last += 1
            if toks:
                piece = _tokens_json(text, toks, n_tok, _NEEDS_ESCAPE.search(text, lo, hi) is None)
                yield line_safe("," + piece if n_tok else piece)
            n_tok += len(toks)
        spans, relations = self._spans_and_relations(unit, kept, first, last)
        yield '],"spans":['
        for items, after in ((spans, '],"relations":['), (relations, '],"answer":"accept"}\n')):
            for i in range(0, len(items), 100):
                yield line_safe(("," if i else "") + ",".join(items[i:i + 100]))
            yield after

    @staticmethod
    def _meta(unit: Unit) -> str:
        meta = f',"meta":{{"article_id":{encode_basestring(unit.article.ext_id)}'
        if unit.paragraph is not None:
            meta += f',"paragraph":{unit.paragraph}'
        return meta + "}"

    def _spans_and_relations(self, unit: Unit, kept: list[tuple[int, int, int, str, str]], first: dict[int, int],
                             last: dict[int, int]) -> tuple[list[str], list[str]]:
        """The JSON of each span and relation; ``first`` / ``last``: the index of the token that starts at /
        ends at each offset a span starts / ends at."""
        stats = self.stats
        esc = encode_basestring
        # spans and relations as text too: a relation repeats its two spans, written once here
        spans: list[str] = []
        by_id: dict[int, tuple[str, int]] = {}  # annotation id -> (span JSON, token_end)
        for ann_id, s, e, label, layer in kept:
            ts, te = first[s], last[e]
            span = (f'{{"start":{s},"end":{e},"label":{esc(label)},"layer":{esc(layer)},"token_start":{ts},'
                    f'"token_end":{te}}}')
            spans.append(span)
            by_id[ann_id] = (span, te)
        stats.count([k[3] for k in kept])
        relations: list[str] = []
        links = unit.links
        if links:
            for ann_id, *_ in kept:
                for lk in links.get(ann_id, ()):
                    child = by_id.get(lk.target_id) if lk.target_id is not None else None
                    if child is None:
                        stats.dropped[_why_not(unit, lk)] += 1
                        continue
                    head = by_id[ann_id]
                    relations.append(f'{{"head":{head[1]},"child":{child[1]},"head_span":{head[0]},'
                                     f'"child_span":{child[0]},"label":{esc(lk.kind)}}}')
                    stats.relations += 1
        return spans, relations


def _why_not(unit: Unit, lk: Any) -> str:
    if lk.special is not None:
        return f"{lk.kind} link to '{lk.special}' (no span to relate)"
    if unit.paragraph is not None and lk.target_paragraph != unit.paragraph:
        return f"{lk.kind} link to a span in another paragraph"
    return f"{lk.kind} link to a span not exported"
