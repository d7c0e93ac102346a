"""Selection snapping: grow a selection to whole words and drop surrounding white space.

A hyphenated compound (``Rusia-China``, ``anak-anak``) is one word, but a selection inside one of its parts
snaps to that part (``China``): the compound is taken only when the selection crosses a hyphen.
"""

from __future__ import annotations

import unicodedata

_JOINERS = "-'’‐_.@"  # inside a word when letters stand on both sides: Rusia-China, don't, 3.5
_HYPHENS = "-‐"  # joiners that part a compound: a selection inside one part snaps to that part


def _wordish(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc", "Me", "Pc")


def is_word_char(text: str, i: int) -> bool:
    """Whether ``text[i]`` is part of a word (joiners count between word characters)."""
    ch = text[i]
    if _wordish(ch):
        return True
    if ch in _JOINERS and 0 < i < len(text) - 1:
        return _wordish(text[i - 1]) and _wordish(text[i + 1])
    return False


def snap(text: str, start: int, end: int, words: bool = True) -> tuple[int, int] | None:
    """The snapped ``(start, end)`` of a selection, or ``None`` when nothing but white space is left."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    if words:
        crosses = any(text[i] in _HYPHENS and is_word_char(text, i) for i in range(start, end))
        return _grow(text, start, end, parts=not crosses)
    return start, end


def _grow(text: str, start: int, end: int, parts: bool) -> tuple[int, int]:
    """``[start, end)`` grown to whole words; with ``parts``, not over a hyphen that joins a compound."""
    def inner(i: int) -> bool:
        return is_word_char(text, i) and not (parts and text[i] in _HYPHENS)

    while start > 0 and inner(start) and inner(start - 1):
        start -= 1
    while end < len(text) and inner(end - 1) and inner(end):
        end += 1
    return start, end


def word_at(text: str, i: int) -> tuple[int, int] | None:
    """The word around position ``i`` (for double-click), or ``None`` on white space."""
    if not 0 <= i < len(text) or not is_word_char(text, i):
        return None
    return _grow(text, i, i + 1, parts=False)


def has_content(text: str) -> bool:
    """Whether a span holds more than punctuation and white space (a lone "." or "—" cannot be labelled)."""
    return any(not ch.isspace() and not unicodedata.category(ch).startswith("P") for ch in text)
