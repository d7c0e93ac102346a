"""Sentences of a paragraph for the quote recommender: where they start (quote-aware), clause trimming, counting."""

from __future__ import annotations

import re

from annotator.core.suggest.quote_marks import MarkedQuote


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ABBREV = _wordset("dr mr mrs ms prof sen rep gen st jr no hj h ir drs lt col sgt vs mt ft jl kh")
WORD = re.compile(r"[^\W_](?:\w|['’\-](?=\w))*")
_COMMA = re.compile(r",(?!\d)")


def sentence_bounds(text: str, quotes: list[MarkedQuote]) -> list[int]:
    """Where each sentence starts (0 first), quote-aware: a stop inside a quote ends no sentence of the writer's,
    unless it is the quote's last character and the text goes on with a capital (or ends)."""
    inside = [(q.open, q.close if q.close is not None else len(text)) for q in quotes]
    starts = [0]
    for m in re.finditer(r"[.!?…]+([\"”»’“]?)(?=(\s+)[\"“«„‘(]?[A-Z\u00c0-\u024f0-9]|\s*$)", text):
        at = m.start()
        word = WORD.findall(text[max(0, at - 12):at])
        if m.group() == "." and word and text[at - 1].isalpha() and (
                word[-1].lower() in _ABBREV or (len(word[-1]) == 1 and word[-1].isupper())):
            continue
        if any(o < at < c for o, c in inside) and not m.group(1):
            continue
        nxt = m.end() + len(m.group(2) or "")
        if nxt < len(text):
            starts.append(nxt)
    return starts


def sentence_of(bounds: list[int], pos: int, n: int) -> tuple[int, int]:
    start = max(b for b in bounds if b <= pos)
    later = [b for b in bounds if b > pos]
    return start, (later[0] if later else n)


def trim_clause(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",:;"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".,;:!?…-—–"):
        e -= 1
    return s, e


def sentences_inside(text: str, q: MarkedQuote) -> bool:
    """Whether a quote holds more than one sentence (a stop, white space, a capital)."""
    return re.search(r"[.!?…]\s+[A-Z\u00c0-\u024f]", text[q.start:q.end]) is not None


def find_comma(text: str, lo: int, hi: int) -> int:
    """The first comma in ``text[lo:hi]`` that separates words (not the one in 3,000), or -1."""
    m = _COMMA.search(text, lo, hi)
    return m.start() if m else -1


def words_between(text: str, s: int, e: int) -> int:
    return len(WORD.findall(text[s:e]))
