"""The ``spans`` format: Prodigy-style tasks that spaCy users read.

One object per paragraph (or article)::

    {"text": "...", "meta": {"article_id": "a1", "paragraph": 2},
     "tokens": [{"text": "Budi", "start": 0, "end": 4, "id": 0, "ws": true}, ...],
     "spans": [{"start": 0, "end": 4, "label": "PERSON", "token_start": 0, "token_end": 0}, ...],
     "relations": [{"head": 7, "child": 0, "label": "speaker",
                    "head_span": {...}, "child_span": {...}}],
     "answer": "accept"}

Tokens come from the shared tokenizer, split at every span boundary, with the
white space between them laid out as spaCy does (see
:func:`~annotator.io.export_common.spacy_tokens`): ``Doc(vocab, words=[t["text"]],
spaces=[t["ws"]])`` has exactly the text, and ``doc.char_span(start, end)`` exists
for every span. ``token_end`` is inclusive. A relation goes from the linking span
(quote, claim) as head to its speaker / claimant / cue as child; ``head`` and
``child`` are the spans' last token, as Prodigy writes them. Links that cannot be
relations here (special speakers, targets in another paragraph) are counted as
dropped. Suggestions nobody accepted are left out; white space at a span's edge is
trimmed so the span lies on tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from json.encoder import encode_basestring  # type: ignore[attr-defined]  # the C one: json.dumps(ensure_ascii=False)
from typing import Any

from annotator.io.export_common import (
    FormatStats,
    Unit,
    finish_line,
    spacy_tokens,
    trim_span,
    word_tokens,
)

_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')  # what encode_basestring changes (ensure_ascii=False)


def kept_spans(unit: Unit, stats: FormatStats) -> list[tuple[int, int, int, str, str]]:
    """(annotation id, start, end, label, layer) of the spans a token format writes."""
    text = unit.text
    out = []
    for a in unit.annotations:
        if a.origin == "suggested":
            stats.dropped["suggestion not yet accepted"] += 1
            continue
        s, e = a.start, a.end
        if text[s].isspace() or text[e - 1].isspace():
            s, e = trim_span(text, s, e)
            if s >= e:
                stats.dropped["span of white space only"] += 1
                continue
            stats.dropped["span edge on white space (trimmed, not dropped)"] += 1
        out.append((a.id, s, e, a.label, a.layer))
    return out


class SpansEncoder:
    def __init__(self) -> None:
        self.stats = FormatStats()

    def encode(self, unit: Unit) -> str:
        stats = self.stats
        text = unit.text
        kept = kept_spans(unit, stats)
        bounds = {s for _, s, _, _, _ in kept} | {e for _, _, e, _, _ in kept}
        toks = spacy_tokens(text, word_tokens(text, bounds))
        esc = encode_basestring
        # the token list is most of the line: built as text, it is 3x faster than json.dumps of dicts;
        # a text with nothing to escape (no quote mark, backslash or control character) needs no esc()
        if _NEEDS_ESCAPE.search(text) is None:
            tokens_json = ",".join([
                f'{{"text":"{text[s:e]}","start":{s},"end":{e},"id":{i},"ws":{"true" if ws else "false"}}}'
                for i, (s, e, ws) in enumerate(toks)])
        else:
            tokens_json = ",".join([
                f'{{"text":{esc(text[s:e])},"start":{s},"end":{e},"id":{i},"ws":{"true" if ws else "false"}}}'
                for i, (s, e, ws) in enumerate(toks)])
        starts = [t[0] for t in toks]  # ascending: a span's first and last token found by bisection
        ends = [t[1] for t in toks]
        # spans and relations as text too: a relation repeats its two spans, written once here
        spans: list[str] = []
        by_id: dict[int, tuple[str, int]] = {}  # annotation id -> (span JSON, token_end)
        for ann_id, s, e, label, _ in kept:
            ts, te = bisect_left(starts, s), bisect_left(ends, e)
            span = f'{{"start":{s},"end":{e},"label":{esc(label)},"token_start":{ts},"token_end":{te}}}'
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
        meta = f'{{"article_id":{esc(unit.article.ext_id)}'
        if unit.paragraph is not None:
            meta += f',"paragraph":{unit.paragraph}'
        return finish_line(f'{{"text":{esc(text)},"meta":{meta}}},"tokens":[{tokens_json}],'
                           f'"spans":[{",".join(spans)}],"relations":[{",".join(relations)}],"answer":"accept"}}')


def _why_not(unit: Unit, lk: Any) -> str:
    if lk.special is not None:
        return f"{lk.kind} link to '{lk.special}' (no span to relate)"
    if unit.paragraph is not None and lk.target_paragraph != unit.paragraph:
        return f"{lk.kind} link to a span in another paragraph"
    return f"{lk.kind} link to a span not exported"
