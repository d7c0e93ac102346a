"""Quote spans from paired quote marks, paragraph by paragraph, with quotes that run on into the next paragraph.

Pairs: curly “ ” (an English quote), ‘ ’ (a single quote: nested ones stay inside the outer quote; a top-level
one only when it opens at a word start, closes before a non-letter and holds two or more letters, so that an
apostrophe – Jum’at, don’t, rock ’n’ roll – is no quote), straight " (an opening one after white space or an
opening bracket and before a non-space, not after a digit, so 5" is an inch mark; straight ' is never a quote
mark), guillemets « » and low-high „ “ (or „ ”).

A quote opened and not closed in a paragraph runs to the paragraph's end; when the next paragraph opens with a
quote mark, that quote is its continuation (``continued``). When the next paragraph has no opening mark but a
closing mark of the open quote comes before any opening mark, the text up to it is the continuation too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opening mark -> the marks that close it
_CLOSERS: dict[str, str] = {"“": "”", "„": "“”", "«": "»", '"': '"', "‘": "’"}
_OPENING_CONTEXT = "([{—–-:/ \t\u00a0"
_MARK = re.compile("[“„«\"‘]")


@dataclass(frozen=True)
class MarkedQuote:
    """A quote of one paragraph: its marks (``open`` is -1 for a continuation without an opening mark, ``close``
    is None when it runs to the paragraph's end) and its content span (``start``, ``end``: trimmed)."""

    open: int
    close: int | None
    mark: str
    start: int
    end: int
    continued: bool = False  # the continuation of a quote left open in the paragraph before

    @property
    def unclosed(self) -> bool:
        return self.close is None


def _can_open_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPENING_CONTEXT or before.isspace()) and not after.isspace()


def _is_inch(text: str, i: int) -> bool:
    """A straight double quote right after a digit and before white space and a lower-case word: 5" screen."""
    if i == 0 or not text[i - 1].isdigit():
        return False
    rest = text[i + 1:i + 3]
    return len(rest) == 2 and rest[0] == " " and rest[1].islower()


def _single_opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in _OPENING_CONTEXT or before in "“«„\"") and after.isalnum()


def _single_closes(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isalnum()


def _find_single_close(text: str, i: int) -> int | None:
    for j in range(i + 1, len(text)):
        if text[j] == "’" and _single_closes(text, j):
            inner = text[i + 1:j]
            if sum(ch.isalpha() for ch in inner) >= 2 and not inner.isspace():
                return j
            return None
        if text[j] in "“”«»„\"":
            return None
    return None


def _find_close(text: str, i: int, closers: str) -> int | None:
    """The first of ``closers`` from ``i`` on (a straight quote that is an inch mark closes nothing)."""
    best: int | None = None
    for c in closers:
        j = text.find(c, i)
        while j >= 0 and c == '"' and _is_inch(text, j):
            j = text.find(c, j + 1)
        if j >= 0 and (best is None or j < best):
            best = j
    return best


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def find_quotes(text: str, carry: str | None = None) -> tuple[list[MarkedQuote], str | None]:
    """The quotes of one paragraph and the opening mark of a quote left open at its end (None if none).

    ``carry`` is the opening mark of a quote the paragraph before left open.
    """
    quotes: list[MarkedQuote] = []
    n = len(text)
    i = 0
    lead = len(text) - len(text.lstrip())
    if carry is not None and (lead >= n or text[lead] not in _CLOSERS or text[lead] == "‘"):
        # no opening mark first: the open quote goes on up to its closing mark, if one comes before any opener
        for j in range(n):
            ch = text[j]
            if ch in _CLOSERS[carry] and not (ch == '"' and _can_open_straight(text, j)):
                s, e = _trim(text, 0, j)
                if e > s:
                    quotes.append(MarkedQuote(-1, j, carry, s, e, True))
                i = j + 1
                break
            if ch in _CLOSERS and ch != "‘" and ch != '"':
                break
            if ch == '"' and _can_open_straight(text, j):
                break
        carry = None
    while True:
        m = _MARK.search(text, i)
        if m is None:
            break
        i = m.start()
        ch = text[i]
        if ch == "‘" and _single_opens(text, i):
            close = _find_single_close(text, i)
            if close is not None:
                s, e = _trim(text, i + 1, close)
                quotes.append(MarkedQuote(i, close, ch, s, e))
                i = close + 1
                continue
        opener = (ch == '"' and _can_open_straight(text, i) and not _is_inch(text, i)) or ch in "“„«"
        if not opener:
            i += 1
            continue
        continued = carry is not None and i == lead
        close_at = _find_close(text, i + 1, _CLOSERS[ch])
        end = n if close_at is None else close_at
        s, e = _trim(text, i + 1, end)
        if e > s:
            quotes.append(MarkedQuote(i, close_at, ch, s, e, continued))
        if close_at is None:
            return quotes, (ch if e > s else None)
        i = close_at + 1
    return quotes, None
