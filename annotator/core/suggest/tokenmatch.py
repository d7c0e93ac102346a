"""Dictionary matching over tokens, shared by the recommenders that propose known strings (memory, places).

A phrase and a paragraph are split with the project's tokenizer (:func:`annotator.core.tokenize.token_spans`),
and in addition before a possessive ``'s`` / ``’s`` (``Russia's`` gives ``Russia`` + ``'s``) and around a
hyphen followed by an upper-case letter (``Rusia-Ukraina``, ``pro-Rusia`` give ``Rusia`` + ``-`` + ...;
``langkah-langkah`` stays whole). So a phrase is found only at token boundaries: "Budi" is not found inside
"Budiman" or "budi-budi"; a phrase with such a hyphen ("Guinea-Bissau") is split the same way, and still
matches whole.
A phrase is a sequence of tokens and, between two tokens, whether white space separates them: "Sri Mulyani"
matches "Sri  Mulyani" or "Sri\\nMulyani" but not "SriMulyani"; "Rusia-China" is one token.

:class:`TokenTrie` is a trie whose edges are tokens (a dict per node). Finding every phrase in a paragraph
walks the trie from each token: one dict lookup per token that starts no phrase, and at most
``longest phrase`` lookups per token otherwise, so a paragraph costs O(tokens x longest phrase in tokens)
dict lookups, whatever the number of phrases in the trie (building it costs O(total phrase tokens), once).
:func:`select` then keeps the longest matches first, without overlaps and off the tokens the annotator
has covered already.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from annotator.core.suggest.base import KnownSpan
from annotator.core.tokenize import token_spans

V = TypeVar("V")

# Labels of the default schema that are not entity mentions (layers quote, cue, claim). A known span with any
# other label is taken for an entity mention, which the dictionary recommenders never propose over.
NON_ENTITY_LABELS = frozenset({"QUOTE", "CUE", "CLAIM"})

_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_CAPITAL_HYPHEN = re.compile(r"(?<=\w)[-‐](?=\w)")
_GLUE = "\x00"  # edge key prefix of a token that follows the one before it without white space
_END = ""  # key of a node's values (no token is empty)
# What may stand between a sentence end and the sentence's first word (closing and opening marks).
_SENTENCE_END = frozenset(".!?…")
_BETWEEN = frozenset("\"'“”‘’«»„()[]—–-")


# The last few paragraphs tokenized, with their trie edges: memory and places (and a second call for the same
# paragraph) tokenize the same text in a row. Values are shared: callers must not change them.
_MEMO_SIZE = 8
_token_memo: dict[str, tuple[list[tuple[int, int]], list[str]]] = {}


def _memo(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    hit = _token_memo.get(text)
    if hit is None:
        spans = _tokens(text)
        hit = (spans, edge_keys(text, spans))
        if len(_token_memo) >= _MEMO_SIZE:
            del _token_memo[next(iter(_token_memo))]
        _token_memo[text] = hit
    return hit


def tokens(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` code point offsets of ``text``'s tokens, split before a possessive ``'s`` and around
    a hyphen followed by an upper-case letter too. (The list is shared with later calls for the same text:
    do not change it.)"""
    return _memo(text)[0]


def _tokens(text: str) -> list[tuple[int, int]]:
    cuts = [m.start() for m in _POSSESSIVE.finditer(text)] if "s" in text else []
    if "-" in text or "‐" in text:
        for m in _CAPITAL_HYPHEN.finditer(text):
            if text[m.end()].isupper():
                cuts += (m.start(), m.end())
    return token_spans(text, cuts)


def edge_keys(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """The trie edge of each token: its text, prefixed with :data:`_GLUE` when no white space precedes it."""
    out: list[str] = []
    prev_end = -1
    for s, e in spans:
        word = text[s:e]
        out.append(_GLUE + word if s == prev_end else word)
        prev_end = e
    return out


def phrase_key(text: str) -> tuple[str, ...]:
    """The edges of a phrase (the first without glue: what precedes a match does not matter)."""
    return tuple(edge_keys(text, _tokens(text)))


@dataclass(frozen=True)
class Match(Generic[V]):
    first: int  # token index of the first token
    last: int  # token index after the last token
    values: tuple[V, ...]  # what was stored for the phrase(s) with these tokens


class TokenTrie(Generic[V]):
    """Phrases (token sequences) with values; all phrases of a paragraph found in one pass over its tokens."""

    def __init__(self) -> None:
        self.root: dict[str, Any] = {}
        self.size = 0  # values stored

    def add(self, phrase: str, value: V) -> bool:
        """Store ``value`` under ``phrase``; False (nothing stored) for a phrase without tokens."""
        key = phrase_key(phrase)
        if not key:
            return False
        node = self.root
        for edge in key:
            nxt = node.get(edge)
            if nxt is None:
                nxt = node[edge] = {}
            node = nxt
        node[_END] = (*node.get(_END, ()), value)
        self.size += 1
        return True

    def find(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Match[V]]:
        """Every stored phrase in ``text`` (tokens ``spans``), overlapping ones included, by first token."""
        if not spans or not self.root:
            return []
        memo = _token_memo.get(text)
        keys = memo[1] if memo is not None and memo[0] is spans else edge_keys(text, spans)
        n = len(keys)
        root = self.root
        out: list[Match[V]] = []
        for i in range(n):
            first = keys[i]
            node = root.get(first[1:] if first[0] == _GLUE else first)
            j = i + 1
            while node is not None:
                values = node.get(_END)
                if values is not None:
                    out.append(Match(i, j, values))
                if j == n:
                    break
                node = node.get(keys[j])
                j += 1
        return out


def sentence_initial(text: str, start: int) -> bool:
    """Whether ``text[start:]`` begins a sentence: nothing but white space and quote marks or brackets
    before it in the paragraph, or a sentence end (``. ! ? …``) before those."""
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in _BETWEEN):
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def entity_known(known: Iterable[KnownSpan], index: int) -> list[tuple[int, int]]:
    """Spans of paragraph ``index`` the annotator has on the entity layer already."""
    return [(k.start, k.end) for k in known if k.paragraph == index and k.label not in NON_ENTITY_LABELS]


def covered_tokens(spans: Sequence[tuple[int, int]], blocked: Iterable[tuple[int, int]]) -> bytearray:
    """One byte per token: 1 where the token overlaps a blocked span (an annotation the annotator has)."""
    occupied = bytearray(len(spans))
    if not spans:
        return occupied
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    for bs, be in blocked:
        if be <= bs:
            continue
        lo = bisect_right(ends, bs)  # first token ending after the span's start
        hi = bisect_left(starts, be)  # tokens from here on start at or after its end
        for k in range(lo, hi):
            occupied[k] = 1
    return occupied


@dataclass(frozen=True)
class Candidate:
    first: int  # token index
    last: int  # token index after the last
    start: int  # code point offsets in the paragraph
    end: int
    label: str
    score: float


def select(candidates: Iterable[Candidate], occupied: bytearray) -> list[Candidate]:
    """Longest first (in code points; then earlier, then higher score), none overlapping another or an
    occupied token. ``occupied`` is updated. The result is in text order."""
    chosen: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start, -c.score, c.label)):
        if any(occupied[c.first:c.last]):
            continue
        occupied[c.first:c.last] = b"\x01" * (c.last - c.first)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen
