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
from collections.abc import Iterable
from dataclasses import dataclass

def _mark_class() -> str:
    """A regex character class of the combining marks of the Basic Multilingual Plane."""
    ranges: list[list[int]] = []
    for cp in range(0x300, 0x10000):
        if unicodedata.category(chr(cp)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


_W = rf"[\w{_mark_class()}]"
_TOKEN = re.compile(
    rf"{_W}+(?:[-'’‐]{_W}+|(?<=\d)[.,:]\d{_W}*)*"  # words, numbers like 1,2 / 02:26 / 3.5x
    r"|\S",  # anything else: one character
)


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


def token_spans(text: str, boundaries: Iterable[int] = ()) -> list[tuple[int, int]]:
    """``(start, end)`` code-point offsets of the tokens of ``text``."""
    spans: list[list[int]] = []
    for m in _TOKEN.finditer(text):
        s, e = m.start(), m.end()
        if spans and spans[-1][1] == s and _attaches(text, s):
            spans[-1][1] = e
        else:
            spans.append([s, e])
    cuts = sorted(set(boundaries))
    if not cuts:
        return [(s, e) for s, e in spans]
    out: list[tuple[int, int]] = []
    ci = 0
    for s, e in spans:
        while ci < len(cuts) and cuts[ci] <= s:
            ci += 1
        cur = s
        j = ci
        while j < len(cuts) and cuts[j] < e:
            out.append((cur, cuts[j]))
            cur = cuts[j]
            j += 1
        out.append((cur, e))
    return out


def tokenize(text: str, boundaries: Iterable[int] = ()) -> list[Token]:
    """Tokens of ``text``, split at every offset in ``boundaries``."""
    n = len(text)
    return [Token(s, e, text[s:e], e < n and text[e].isspace()) for s, e in token_spans(text, boundaries)]
