"""The one tokenizer every export format and the agreement figures use.

Rules, tuned for Indonesian and English news:
- a word is letters/digits with inner hyphens or apostrophes: ``Rusia-China``,
  ``langkah-langkah``, ``don't`` stay one token;
- a number keeps inner ``.``, ``,`` and ``:``: ``75``, ``1,2``, ``02:26``, ``1.200.000``;
- every other non-space character is a token of its own (quote marks, ``…``,
  ``$``), except that combining marks, variation selectors, emoji modifiers,
  zero-width joiners and the second regional indicator of a flag stay with
  the character before them;
- ``boundaries`` split tokens further, so each span starts and ends on a
  token boundary.
Tokens never overlap, never include white space, and together cover every
non-white-space character of the text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain


def _mark_ranges(first: int, last: int) -> str:
    """A regex character class body of the combining marks from ``first`` to ``last``."""
    ranges: list[list[int]] = []
    for cp in range(first, last + 1):
        if unicodedata.category(chr(cp)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in ranges)


_BMP_MARKS = _mark_ranges(0x300, 0xFFFF)
_W = rf"[\w{_BMP_MARKS}]"
_TOKEN = re.compile(
    rf"{_W}+(?:[-'’‐]{_W}+|(?<=\d)[.,:]\d{_W}*)*"  # words, numbers like 1,2 / 02:26 / 3.5x
    r"|\S",  # anything else: one character
)
# Where a token may belong to the one before it (see _attaches), found in one scan: every combining mark,
# the zero-width joiner, variation selectors, emoji modifiers, regional indicators and tags. Of the
# supplementary planes, the emoji blocks (U+1F000-U+1FFFF: no combining marks there) give only their
# modifiers and regional indicators, so that a plain emoji is no candidate; the rest is taken whole, a few
# wide ranges (the regex engine checks ranges above U+FFFF one by one). The character after a zero-width
# joiner is added by _joined.
_ATTACH_CANDIDATE = re.compile(
    rf"[{_BMP_MARKS}\u200d\ufe00-\ufe0f\U00010000-\U0001efff\U0001f1e6-\U0001f1ff\U0001f3fb-\U0001f3ff"
    r"\U00020000-\U0010ffff]")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    ws: bool  # followed by white space


def _attaches(text: str, i: int) -> bool:
    """Whether ``text[i]`` belongs to the character before it."""
    ch = text[i]
    cp = ord(ch)
    if unicodedata.category(ch) in ("Mn", "Mc", "Me"):
        return True
    if cp == 0x200D or 0xFE00 <= cp <= 0xFE0F or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F:
        return True
    if i > 0 and text[i - 1] == "\u200d":  # the character after a zero-width joiner
        return not text[i].isspace()
    if 0x1F1E6 <= cp <= 0x1F1FF:  # second regional indicator of a pair
        run = 0
        j = i - 1
        while j >= 0 and 0x1F1E6 <= ord(text[j]) <= 0x1F1FF:
            run += 1
            j -= 1
        return run % 2 == 1
    return False


def _joined(text: str, spans: list[tuple[int, int]], start: int = 0,
            stop: int | None = None) -> list[tuple[int, int]]:
    """The regex's tokens with each token that attaches to the one before it (adjacent) joined to it;
    ``spans`` are those of ``text[start:stop]``."""
    if len(spans) < 2:
        return spans
    if stop is None:
        if text.isascii():  # nothing in ASCII attaches
            return spans
        stop = len(text)
    if _ATTACH_CANDIDATE.search(text, start, stop) is None:
        return spans
    candidates = [m.start() for m in _ATTACH_CANDIDATE.finditer(text, start, stop)]
    if text.find("\u200d", start, stop) >= 0:  # the character after a zero-width joiner attaches too
        candidates = sorted(set(candidates) | {c + 1 for c in candidates if text[c] == "\u200d"})
    starts = [s for s, _ in spans]
    joins: list[int] = []  # indexes of tokens joined to the token before them, ascending
    for c in candidates:
        k = bisect_left(starts, c)
        if 0 < k < len(starts) and starts[k] == c and spans[k - 1][1] == c and _attaches(text, c):
            joins.append(k)
    if not joins:
        return spans
    out: list[tuple[int, int]] = []
    i = 0
    for k in joins:
        out.extend(spans[i:k])
        out[-1] = (out[-1][0], spans[k][1])  # token k - 1 (joined already, maybe) takes token k
        i = k + 1
    out.extend(spans[i:])
    return out


def token_spans(text: str, boundaries: Iterable[int] = (), start: int = 0,
                stop: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` code-point offsets of the tokens of ``text``.

    Every token is split at each boundary strictly inside it. (The regex finds
    the tokens; Python code runs only where a token may attach to the one
    before it, or a boundary falls inside a token: this runs on every paragraph
    exported and every paragraph of an agreement.)

    With ``start`` / ``stop``: only the tokens of ``text[start:stop]`` (offsets in
    ``text``), which are those of the whole text there when the window begins at
    the text's start or after white space, and ends at its end or at white space
    (no token holds white space, and none joins a token across it): see
    :func:`token_windows`. Boundaries outside the window are ignored.
    """
    if stop is None and start == 0:
        spans = _joined(text, [m.span() for m in _TOKEN.finditer(text)])
    else:
        stop = len(text) if stop is None else stop
        spans = _joined(text, [m.span() for m in _TOKEN.finditer(text, start, stop)], start, stop)
    edges = set(chain.from_iterable(spans))
    cuts = sorted(c for c in set(boundaries) if c not in edges)  # a cut on a token's edge changes nothing
    if not cuts or not spans:
        return spans
    starts = [s for s, _ in spans]
    inside: dict[int, list[int]] = {}  # token index -> the cuts strictly inside it, ascending
    for c in cuts:
        k = bisect_right(starts, c) - 1
        if k >= 0 and c < spans[k][1] and c != spans[k][0]:
            inside.setdefault(k, []).append(c)
    if not inside:
        return spans
    out: list[tuple[int, int]] = []
    i = 0
    for k in sorted(inside):
        out.extend(spans[i:k])
        cur, end = spans[k]
        for c in inside[k]:
            out.append((cur, c))
            cur = c
        out.append((cur, end))
        i = k + 1
    out.extend(spans[i:])
    return out


_WHITE_RUN = re.compile(r"\s+")
WINDOW = 1 << 16  # code points a window of :func:`token_windows` takes, at least


def token_windows(text: str, boundaries: Iterable[int] = (),
                  size: int = WINDOW) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """The tokens of a long text, window by window: ``(window start, window stop, its tokens)``.

    Each window takes ``size`` code points or more and ends after a run of white space (or at the
    text's end), so no token straddles two windows and the windows' tokens, one after the other,
    are exactly :func:`token_spans` of the whole text. A text without white space after ``size``
    is one window. Memory then grows with the window, not the text (the export of a paragraph of
    millions of characters).
    """
    cuts = sorted(set(boundaries))
    n = len(text)
    lo = k = 0
    while True:
        m = _WHITE_RUN.search(text, lo + size) if lo + size < n else None
        hi = n if m is None else m.end()
        first = k
        while k < len(cuts) and cuts[k] < hi:
            k += 1
        yield lo, hi, token_spans(text, cuts[first:k], lo, hi)
        if hi >= n:
            return
        lo = hi


def tokenize(text: str, boundaries: Iterable[int] = ()) -> list[Token]:
    """Tokens of ``text``, split at every offset in ``boundaries``."""
    n = len(text)
    return [Token(s, e, text[s:e], e < n and text[e].isspace()) for s, e in token_spans(text, boundaries)]
